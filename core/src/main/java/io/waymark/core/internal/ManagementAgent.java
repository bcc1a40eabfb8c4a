package io.waymark.core.internal;

import io.waymark.core.management.TracingMXBean;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the runtime to tools outside the application when it starts: sets the system property
 * {@value WaymarkVersion#PROPERTY} at once, and registers {@link TracingManagement} in the platform
 * MBean server on a daemon thread, so that the application thread that loads the first provider does
 * not pay for creating the platform MBean server. Registering opens no port.
 */
@Singleton
public final class ManagementAgent {

    private static final Logger LOG = LoggerFactory.getLogger("io.waymark");

    /** The daemon thread that registers the MXBean. */
    static final String THREAD_NAME = "waymark-management";

    private final TracingManagement management;
    private final Supplier<MBeanServer> server;
    private volatile Thread registration;

    @Inject
    ManagementAgent(TracingManagement management) {
        this(management, ManagementFactory::getPlatformMBeanServer);
    }

    ManagementAgent(TracingManagement management, Supplier<MBeanServer> server) {
        this.management = management;
        this.server = server;
    }

    /** Sets {@value WaymarkVersion#PROPERTY} and, unless {@code waymark.management=off}, starts registering. */
    public void start() {
        System.setProperty(WaymarkVersion.PROPERTY, WaymarkVersion.get());
        if (management.mode() == ManagementMode.OFF) {
            LOG.debug("Waymark: waymark.management=off, the MXBean {} is not registered", TracingMXBean.OBJECT_NAME);
            return;
        }
        Thread thread = new Thread(this::register, THREAD_NAME);
        thread.setDaemon(true);
        thread.setContextClassLoader(null); // do not pin the class loader of whichever application thread came first
        registration = thread;
        thread.start();
    }

    /** Waits until registration is over (tests); returns at once if it never started. */
    boolean awaitRegistration(long timeout, TimeUnit unit) throws InterruptedException {
        Thread thread = registration;
        if (thread == null) {
            return true;
        }
        thread.join(unit.toMillis(timeout));
        return !thread.isAlive();
    }

    private void register() {
        long begin = System.nanoTime();
        try {
            server.get().registerMBean(management, new ObjectName(TracingMXBean.OBJECT_NAME));
            if (LOG.isDebugEnabled()) { // the figure docs/management.md quotes: wall time, and this thread's CPU time
                LOG.debug("Waymark: registered {} in {} µs ({} µs of CPU time)", TracingMXBean.OBJECT_NAME,
                        TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - begin),
                        TimeUnit.NANOSECONDS.toMicros(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()));
            }
        } catch (InstanceAlreadyExistsException e) {
            // A second Waymark runtime in this JVM (another class loader): the first one answers.
            LOG.warn("Waymark: {} is already registered by another Waymark runtime in this JVM; the runtime loaded by {} "
                    + "is not reachable through JMX", TracingMXBean.OBJECT_NAME, TracingManagement.class.getClassLoader());
        } catch (JMException | RuntimeException e) {
            LOG.warn("Waymark: could not register {}; tracing works, but tools cannot reach it: {}",
                    TracingMXBean.OBJECT_NAME, e.toString());
        }
    }
}
