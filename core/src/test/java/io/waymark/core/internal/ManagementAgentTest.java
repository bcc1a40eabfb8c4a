package io.waymark.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.core.management.TracingMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class ManagementAgentTest {

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final AtomicReference<Thread> registeringThread = new AtomicReference<>();

    private ManagementAgent agent(String management) {
        StartupConfiguration startup = StartupConfiguration.read(Map.of("waymark.management", management), Map.of());
        BackendCatalog catalog = new BackendCatalog(List.of());
        TracingManagement bean = new TracingManagement(new TracingRuntime(catalog, startup, Runnable::run), catalog, startup);
        return new ManagementAgent(bean, () -> {
            registeringThread.set(Thread.currentThread());
            return server;
        });
    }

    @Test
    void registersOnADaemonThreadNotTheOneThatStartsTheRuntime() throws Exception {
        ManagementAgent agent = agent("on");
        agent.start();
        assertTrue(agent.awaitRegistration(10, TimeUnit.SECONDS));
        assertTrue(server.isRegistered(new ObjectName(TracingMXBean.OBJECT_NAME)));
        assertEquals("waymark-management", registeringThread.get().getName());
        assertTrue(registeringThread.get().isDaemon(), "never keeps the JVM alive");
    }

    @Test
    void offRegistersNothingButStillPublishesTheVersion() throws Exception {
        System.clearProperty(WaymarkVersion.PROPERTY);
        ManagementAgent agent = agent("off");
        agent.start();
        assertTrue(agent.awaitRegistration(10, TimeUnit.SECONDS));
        assertFalse(server.isRegistered(new ObjectName(TracingMXBean.OBJECT_NAME)));
        assertEquals(null, registeringThread.get(), "the MBean server is not even asked for");
        assertEquals(WaymarkVersion.get(), System.getProperty(WaymarkVersion.PROPERTY));
    }

    @Test
    void theVersionIsTheProjectVersion() throws Exception {
        // the parent's version in core/pom.xml (Surefire runs in the module's directory)
        Matcher parent = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(parent.find());
        assertEquals(parent.group(1), WaymarkVersion.get());
    }

    @Test
    void aSecondRuntimeInTheSameJvmLeavesTheFirstRegistered() throws Exception {
        ManagementAgent first = agent("on");
        first.start();
        assertTrue(first.awaitRegistration(10, TimeUnit.SECONDS));
        ManagementAgent second = agent("on");
        second.start(); // logs a warning, throws nothing
        assertTrue(second.awaitRegistration(10, TimeUnit.SECONDS));
        assertTrue(server.isRegistered(new ObjectName(TracingMXBean.OBJECT_NAME)));
    }
}
