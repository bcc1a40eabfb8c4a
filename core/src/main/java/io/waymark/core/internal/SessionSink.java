package io.waymark.core.internal;

import io.waymark.spi.Backend;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.probe.ProbeTarget;
import io.waymark.spi.wire.RecordSink;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One session's connection to its backend, and the isolation between them: every call into the
 * backend is guarded, the first failure is reported ({@link Diagnostics}), every failure is counted, and a
 * backend that keeps failing is detached (it receives nothing more) after {@code maxFailures}.
 */
final class SessionSink implements ProbeTarget {

    private static final MethodHandle CONSUMER_FAILED;

    static {
        try {
            CONSUMER_FAILED = MethodHandles.lookup().findVirtual(SessionSink.class, "consumerFailed",
                    MethodType.methodType(boolean.class, Throwable.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String sessionName;
    private final Backend backend;
    private final int maxFailures;
    private final Runnable onDetach;
    private final AtomicLong failures = new AtomicLong();
    /** Providers this backend was told about, by identity (two class loaders may register the same name); guarded by the runtime lock. */
    private final java.util.Set<ProviderDescriptor> announced =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private volatile boolean detached;
    SessionSink(String sessionName, Backend backend, int maxFailures, Runnable onDetach) {
        this.sessionName = sessionName;
        this.backend = backend;
        this.maxFailures = maxFailures;
        this.onDetach = onDetach;
    }

    /** The backend's in-place sink for one tracepoint, or {@code null}: asked when the tracepoint is re-targeted, guarded. */
    @Override
    public RecordSink recordSink(EventType type, int providerIndex) {
        if (detached) {
            return null;
        }
        try {
            return backend.recordSink(type, providerIndex);
        } catch (Throwable t) {
            failed("recordSink(" + type.qualifiedName() + ")", t);
            return null;
        }
    }

    /**
     * The backend's {@link Backend#argumentConsumer} for a tracepoint, as a {@code (P1, ..., Pn)boolean} that
     * consumes the arguments and answers {@code false} (nothing left to encode for this session); a throw counts
     * as a failure. {@code null} when the backend offers none, or fails to (counted).
     */
    MethodHandle argumentConsumer(EventType type, MethodType parameters) {
        if (detached) {
            return null;
        }
        MethodHandle consumer;
        try {
            consumer = backend.argumentConsumer(type, parameters);
            if (consumer == null) {
                return null;
            }
            consumer = consumer.asType(parameters);
        } catch (Throwable t) {
            failed("argumentConsumer(" + type.qualifiedName() + ")", t);
            return null;
        }
        MethodHandle consumed = MethodHandles.filterReturnValue(consumer, MethodHandles.constant(boolean.class, false));
        MethodHandle failed = MethodHandles.dropArguments(MethodHandles.insertArguments(CONSUMER_FAILED, 0, this), 1,
                parameters.parameterList()); // (Throwable, P...)boolean
        return MethodHandles.catchException(consumed, Throwable.class, failed);
    }

    /** An argument consumer threw on an application thread: counted like any backend failure; the event is lost. */
    private boolean consumerFailed(Throwable t) {
        failed("its argument consumer", t); // a constant: nothing is built on the application thread
        return false;
    }

    /** The backend's {@link Backend#wants}: asked when the tracepoint is re-targeted, guarded (a failure counts and answers no). */
    boolean wants(EventType type) {
        if (detached) {
            return false;
        }
        try {
            return backend.wants(type);
        } catch (Throwable t) {
            failed("wants(" + type.qualifiedName() + ")", t);
            return false;
        }
    }

    Backend backend() {
        return backend;
    }

    @Override
    public void dispatch(Event event) {
        if (detached) {
            return;
        }
        try {
            backend.onEvent(event);
        } catch (Throwable t) {
            failed("onEvent", t); // a constant: nothing is built on the application thread
        }
    }

    /** Tells the backend about a provider once, however often the session restarts. Holds the runtime lock. */
    void providerRegistered(ProviderDescriptor provider, int providerIndex) {
        if (detached || !announced.add(provider)) {
            return;
        }
        try {
            backend.onProviderRegistered(provider, providerIndex);
        } catch (Throwable t) {
            failed("onProviderRegistered", t);
        }
    }

    void flush() {
        try {
            backend.flush();
        } catch (Throwable t) {
            failed("flush()", t);
        }
    }

    void close() {
        detached = true;
        try {
            backend.close();
        } catch (Throwable t) {
            failed("close()", t);
        }
    }

    /** Where the backend keeps its records ({@link Backend#destination()}); empty when it cannot say (or fails to). */
    Optional<String> destination() {
        try {
            Optional<String> destination = backend.destination();
            return destination == null ? Optional.empty() : destination;
        } catch (Throwable t) {
            failed("destination()", t);
            return Optional.empty();
        }
    }

    /** What the backend reports having discarded; 0 when it cannot say (or fails to). */
    long discardedEvents() {
        try {
            return backend.discardedEvents();
        } catch (Throwable t) {
            failed("discardedEvents()", t);
            return 0;
        }
    }

    long failures() {
        return failures.get();
    }

    boolean detached() {
        return detached;
    }

    private void failed(String call, Throwable t) {
        long count = failures.incrementAndGet();
        if (count == 1) {
            Diagnostics.warn("session '" + sessionName + "': backend " + backend.getClass().getName() + " threw from " + call
                    + "; the application is unaffected, further failures are counted silently and the backend is detached after "
                    + maxFailures + " of them", t);
        }
        if (count == maxFailures) { // exactly one thread sees this count, so it detaches once
            detached = true;
            Diagnostics.error("session '" + sessionName + "': backend " + backend.getClass().getName() + " failed " + count
                    + " times and is detached; the session receives no more events");
            onDetach.run();
        }
    }
}
