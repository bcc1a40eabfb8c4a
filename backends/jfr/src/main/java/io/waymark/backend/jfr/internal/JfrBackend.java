package io.waymark.backend.jfr.internal;

import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.wire.EncodedEvent;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.invoke.SwitchPoint;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * One session's JFR backend. Each event is committed on the emitting thread by its type's generated event class:
 * straight from the tracepoint's arguments through the handle {@link #argumentConsumer} gives the runtime, or from
 * the event view in {@link #onEvent} (tracepoints with view fields, or compiled by an older processor), the class
 * found through an array indexed by provider index and event id (filled when the runtime first asks whether the
 * backend wants the type, before the tracepoint can be enabled), so no hash lookup happens per event. The backend wants an event type exactly while a recording enables its JFR event
 * type; a recording that starts or stops tells it at once ({@link FlightRecorderListener}), a settings change
 * inside a running recording is found by a re-check every {@code recheckMillis}.
 */
public final class JfrBackend implements Backend {

    private static final Emitter[][] NO_PROVIDERS = new Emitter[0][];

    private final BackendContext context;
    private final String prefix;
    private final boolean stackTrace;
    private final FlightRecorderListener listener;
    private final ScheduledExecutorService recheck;
    /** Emitters by provider index, then event id; replaced as a whole (copy on write) when a provider registers. */
    private volatile Emitter[][] emitters = NO_PROVIDERS;
    /** The event classes of the types this backend was told about, for events not read from a canonical record. */
    private final Map<EventType, JfrEventClasses.Generated> types = new ConcurrentHashMap<>();
    /** The last answer {@link #wants} gave per type, which the re-check compares with JFR's current state. */
    private final Map<EventType, Boolean> answers = new ConcurrentHashMap<>();
    /** The provider index of each announced event type (by identity: two registrations hold two equal types). */
    private final Map<EventType, Integer> providerIndexes = new IdentityHashMap<>();
    private volatile boolean closed;
    /** Valid until {@link #close}: the argument consumers' guard (free while valid, unlike a volatile read). */
    private final SwitchPoint open = new SwitchPoint();
    /** The event types whose arguments handle was refused with a warning, warned once each. */
    private final Set<EventType> warned = ConcurrentHashMap.newKeySet();
    /** The handle given per (event type, parameters): the same one each time asked, so that a re-target keeps the tracepoint's compiled code. */
    private final Map<List<Object>, MethodHandle> consumers = new ConcurrentHashMap<>();

    private JfrBackend(BackendContext context, String prefix, boolean stackTrace, long recheckMillis) {
        this.context = context;
        this.prefix = prefix;
        this.stackTrace = stackTrace;
        this.listener = new FlightRecorderListener() {
            @Override
            public void recordingStateChanged(Recording recording) {
                RecordingState state = recording.getState();
                if (state == RecordingState.RUNNING || state == RecordingState.STOPPED || state == RecordingState.CLOSED) {
                    context.interestChanged();
                }
            }
        };
        FlightRecorder.addListener(listener); // does not start JFR
        if (recheckMillis > 0) {
            recheck = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "waymark-jfr-recheck-" + context.sessionName());
                thread.setDaemon(true);
                thread.setContextClassLoader(null); // never pins the application's class loader
                return thread;
            });
            recheck.scheduleWithFixedDelay(this::recheck, recheckMillis, recheckMillis, TimeUnit.MILLISECONDS);
        } else {
            recheck = null;
        }
    }

    /** Creates the backend; the factory calls it once it knows that the {@code jdk.jfr} module is there. */
    public static Backend create(BackendContext context, String prefix, boolean stackTrace, long recheckMillis) {
        if (!FlightRecorder.isAvailable()) {
            throw new IllegalArgumentException(prefix + "JDK Flight Recorder is not available in this JVM (started with "
                    + "-XX:-FlightRecorder, or not supported on this platform); remove that option or choose another backend");
        }
        return new JfrBackend(context, prefix, stackTrace, recheckMillis);
    }

    @Override
    public void onEvent(Event event) {
        if (closed) {
            return; // a late event of a closed session (see Backend#close)
        }
        Emitter emitter = null;
        if (event instanceof EncodedEvent encoded) {
            Emitter[][] byProvider = emitters;
            int provider = encoded.providerIndex();
            if (provider < byProvider.length) {
                Emitter[] byId = byProvider[provider];
                int id = encoded.eventId();
                if (byId != null && id < byId.length) {
                    emitter = byId[id];
                }
            }
        }
        if (emitter == null) {
            JfrEventClasses.Generated generated = types.get(event.type());
            if (generated == null) {
                return; // a provider this backend was not told about (cannot happen through the runtime)
            }
            emitter = generated.emitter();
        }
        emitter.emit(event);
    }

    /**
     * Remembers the provider's index; its event classes are made when the runtime first asks whether this backend
     * wants one of its events, which it asks only for the events the session's rules enable.
     */
    @Override
    public synchronized void onProviderRegistered(ProviderDescriptor provider, int providerIndex) {
        for (EventType type : provider.events()) {
            providerIndexes.put(type, providerIndex);
        }
    }

    /** While a recording runs that enables the type's JFR event type. */
    @Override
    public boolean wants(EventType type) {
        if (closed) {
            return false;
        }
        JfrEventClasses.Generated generated = generated(type);
        publish(type, generated.emitter());
        boolean enabled = generated.jfrType().isEnabled();
        answers.put(type, enabled);
        return enabled;
    }

    /**
     * The arguments path: a handle that commits the JFR event straight from the tracepoint's arguments (the
     * generated class's static {@code record}: {@code new}, set the fields, {@code commit()}, as a hand-written
     * event), with the same value mappings as {@link #onEvent}, no canonical record and no Waymark clock. After
     * {@link #close} it does nothing, as {@link #onEvent} ignores late events. {@code null} (the encoded path) for
     * arguments that do not match the event type's fields, with a warning.
     */
    @Override
    public MethodHandle argumentConsumer(EventType type, MethodType arguments) {
        if (closed) {
            return null;
        }
        JfrEventClasses.Generated generated = generated(type);
        String mismatch = JfrArguments.mismatch(generated, arguments);
        if (mismatch != null) {
            warnOnce(type, "event " + type.qualifiedName() + " is committed through the event view, not straight from "
                    + "the tracepoint's arguments " + arguments + ": " + mismatch);
            return null;
        }
        return consumers.computeIfAbsent(List.of(type, arguments), key -> JfrArguments.consumer(generated, arguments, open));
    }

    private void warnOnce(EventType type, String line) {
        if (warned.add(type)) {
            context.reporter().warn(prefix + line, null);
        }
    }

    /** Puts the emitter into the table that {@link #onEvent} reads, before the tracepoint can be enabled. */
    private synchronized void publish(EventType type, Emitter emitter) {
        Integer providerIndex = providerIndexes.get(type);
        if (providerIndex == null) {
            return; // not announced (a backend used without a runtime): onEvent finds it through 'types'
        }
        Emitter[][] current = emitters;
        Emitter[] byId = providerIndex < current.length ? current[providerIndex] : null;
        if (byId != null && type.id() < byId.length && byId[type.id()] == emitter) {
            return;
        }
        Emitter[][] next = Arrays.copyOf(current, Math.max(current.length, providerIndex + 1));
        byId = byId == null ? new Emitter[type.id() + 1] : Arrays.copyOf(byId, Math.max(byId.length, type.id() + 1));
        byId[type.id()] = emitter;
        next[providerIndex] = byId;
        emitters = next;
    }

    private JfrEventClasses.Generated generated(EventType type) {
        return types.computeIfAbsent(type, t -> {
            JfrEventClasses.Generated generated = JfrEventClasses.of(t, stackTrace,
                    line -> context.reporter().warn(prefix + line, null));
            if (generated.stackTrace() != stackTrace) {
                context.reporter().warn(prefix + "JFR event " + generated.jfrName() + " records stack traces by default: "
                        + generated.stackTrace() + ", as the session that first recorded it set; setting "
                        + "stackTrace=" + stackTrace + " does not change it (a recording's settings can: "
                        + generated.jfrName() + "#stackTrace=" + stackTrace + ")", null);
            }
            return generated;
        });
    }

    /** Asks the runtime to re-target when a running recording's settings changed what this backend wants. */
    private void recheck() {
        boolean changed = false;
        for (Map.Entry<EventType, Boolean> answer : answers.entrySet()) {
            JfrEventClasses.Generated generated = types.get(answer.getKey());
            boolean now = generated != null && generated.jfrType().isEnabled();
            if (generated != null && now != answer.getValue()) {
                // remembered before asking: a session that stopped is never asked again, and must not be asked every tick
                answer.setValue(now);
                changed = true;
            }
        }
        if (changed) {
            context.interestChanged();
        }
    }

    @Override
    public Optional<String> destination() {
        return Optional.of("JDK Flight Recorder (the running recordings; none records until one starts)");
    }

    @Override
    public void close() {
        closed = true;
        SwitchPoint.invalidateAll(new SwitchPoint[] {open});
        FlightRecorder.removeListener(listener);
        if (recheck != null) {
            recheck.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "JfrBackend[session=" + context.sessionName() + ", types=" + types.size() + (closed ? ", closed]" : "]");
    }
}
