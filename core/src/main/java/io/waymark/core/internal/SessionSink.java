package io.waymark.core.internal;

import io.waymark.spi.Backend;
import io.waymark.spi.DiscardCounter;
import io.waymark.spi.DiscardReason;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.probe.ProbeTarget;
import io.waymark.spi.wire.RecordSink;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SwitchPoint;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One session's connection to its backend, and the isolation between them: every call into the
 * backend is guarded, the first failure is reported ({@link Diagnostics}), every failure is counted, and a
 * backend that keeps failing is detached (it receives nothing more) after {@code maxFailures}.
 *
 * <p>It also counts the session's events that the runtime gives up ({@link DiscardCounts}): those the backend
 * threw on or could not take because it was detached ({@link DiscardReason#BACKEND_FAILED}), and, through
 * {@link #discards()}, those the probe discarded before dispatching them. Nothing is counted once the
 * session closed: an event still being delivered then is late, neither emitted for the session nor lost.
 */
final class SessionSink implements ProbeTarget {

    private static final MethodHandle CONSUMER_FAILED;
    /** {@code ()boolean}: {@link #consumerOff()}. */
    private static final MethodHandle CONSUMER_OFF;

    static {
        try {
            CONSUMER_FAILED = MethodHandles.lookup().findVirtual(SessionSink.class, "consumerFailed",
                    MethodType.methodType(boolean.class, Throwable.class));
            CONSUMER_OFF = MethodHandles.lookup().findVirtual(SessionSink.class, "consumerOff", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Valid while the backend may receive events; invalidated when it is detached or closed. */
    private final SwitchPoint live = new SwitchPoint();
    /** The last argument consumer per (event type, parameters): {raw handle, the handle routes call}; guarded by the runtime lock. */
    private final Map<List<Object>, MethodHandle[]> consumers = new HashMap<>();
    /** (event type, parameters) whose offered consumer had a shape the tracepoint cannot call, reported once; guarded by the runtime lock. */
    private final Set<List<Object>> misshapen = new HashSet<>();
    private final String sessionName;
    private final Backend backend;
    private final int maxFailures;
    private final Runnable onDetach;
    private final AtomicLong failures = new AtomicLong();
    private final DiscardCounts discards = new DiscardCounts();
    /** {@link #discards()}: made once, so that asking for it allocates nothing. */
    private final DiscardCounter counter = this::discarded;
    /** Providers this backend was told about, by identity (two class loaders may register the same name); guarded by the runtime lock. */
    private final java.util.Set<ProviderDescriptor> announced =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private volatile boolean detached;
    /** Set by {@link #close()}, before {@link #detached}: from then on nothing is counted as discarded. */
    private volatile boolean closed;

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
    MethodHandle argumentConsumer(EventType type, int providerIndex, MethodType parameters) {
        if (detached) {
            return null;
        }
        MethodHandle raw;
        try {
            raw = backend.argumentConsumer(type, providerIndex, parameters);
        } catch (Throwable t) {
            failed("argumentConsumer(" + type.qualifiedName() + ")", t);
            return null;
        }
        if (raw == null) {
            return null;
        }
        List<Object> key = List.of(type, providerIndex, parameters);
        MethodHandle[] known = consumers.get(key);
        if (known != null && known[0] == raw) {
            return known[1]; // the same handle as last time: the tracepoint's route need not change (no deoptimization)
        }
        MethodHandle typed;
        try {
            typed = raw.asType(parameters);
        } catch (RuntimeException e) { // WrongMethodTypeException: a shape the tracepoint cannot call
            if (misshapen.add(key)) {
                Diagnostics.warn("session '" + sessionName + "': backend " + backend.getClass().getName() + " offered an argument "
                        + "consumer of type " + raw.type() + " for " + type.qualifiedName() + ", whose tracepoint passes " + parameters
                        + "; its events take the encoded path (onEvent) instead");
            }
            return null;
        }
        MethodHandle consumed = MethodHandles.filterReturnValue(typed, MethodHandles.constant(boolean.class, false));
        MethodHandle failed = MethodHandles.dropArguments(MethodHandles.insertArguments(CONSUMER_FAILED, 0, this), 1,
                parameters.parameterList()); // (Throwable, P...)boolean
        MethodHandle guarded = MethodHandles.catchException(consumed, Throwable.class, failed);
        // Off the moment the backend is detached or closed, before the rebuild that takes it out of the route
        // runs: a switch point folds like the probe's switch while it is valid.
        MethodHandle off = MethodHandles.dropArguments(MethodHandles.insertArguments(CONSUMER_OFF, 0, this), 0,
                parameters.parameterList());
        MethodHandle consumer = live.guardWithTest(guarded, off);
        consumers.put(key, new MethodHandle[] {raw, consumer});
        return consumer;
    }

    /** An argument consumer threw on an application thread: counted like any backend failure; the event is discarded. */
    private boolean consumerFailed(Throwable t) {
        failed("its argument consumer", t); // a constant: nothing is built on the application thread
        discarded(DiscardReason.BACKEND_FAILED);
        return false;
    }

    /** An event reached the consumer of a backend detached (or closed) since the route was built: discarded if detached. */
    private boolean consumerOff() {
        discarded(DiscardReason.BACKEND_FAILED); // not counted once closed: a late event
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
            discarded(DiscardReason.BACKEND_FAILED); // detached since the route was built (not counted once closed)
            return;
        }
        try {
            backend.onEvent(event);
        } catch (Throwable t) {
            failed("onEvent", t); // a constant: nothing is built on the application thread
            discarded(DiscardReason.BACKEND_FAILED);
        }
    }

    /**
     * Counts the session's events the probe discards before dispatching them (no writer, a record too large):
     * the same counter for every probe, asked when a tracepoint is re-targeted.
     */
    @Override
    public DiscardCounter discards() {
        return counter;
    }

    /** Counts one of this session's events as discarded for {@code reason}, unless the session closed. Never throws. */
    void discarded(DiscardReason reason) {
        if (!closed) {
            discards.discarded(reason);
            try {
                backend.onDiscarded(reason); // its output's discarded count (CTF's events_discarded) agrees with ours
            } catch (Throwable t) {
                // counted already; a backend that cannot count it is not worth failing the event's thread for
            }
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
        closed = true; // first: a late event that sees detached must not count as discarded
        detached = true;
        SwitchPoint.invalidateAll(new SwitchPoint[] {live});
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

    /**
     * The session's discards by reason (zeros included): the runtime's counts plus the backend's
     * {@link Backend#discardedEvents(DiscardReason)} (0 for a reason it fails to answer, counted as a failure).
     */
    java.util.Map<DiscardReason, Long> discarded() {
        java.util.Map<DiscardReason, Long> counts = discards.counts();
        for (DiscardReason reason : DiscardReason.values()) {
            long backendCount;
            try {
                backendCount = Math.max(0, backend.discardedEvents(reason));
            } catch (Throwable t) {
                failed("discardedEvents(" + reason + ")", t);
                backendCount = 0;
            }
            counts.merge(reason, backendCount, Long::sum);
        }
        return counts;
    }

    /** What the backend reports having recorded ({@link Backend#recordedEvents()}); -1 when it cannot say (or fails to). */
    long recordedEvents() {
        try {
            return Math.max(-1, backend.recordedEvents());
        } catch (Throwable t) {
            failed("recordedEvents()", t);
            return -1;
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
            SwitchPoint.invalidateAll(new SwitchPoint[] {live}); // argument consumers stop now, not at the rebuild
            Diagnostics.error("session '" + sessionName + "': backend " + backend.getClass().getName() + " failed " + count
                    + " times and is detached; the session receives no more events");
            onDetach.run();
        }
    }
}
