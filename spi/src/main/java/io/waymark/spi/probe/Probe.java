package io.waymark.spi.probe;

import io.waymark.spi.DiscardCounter;
import io.waymark.spi.DiscardReason;
import io.waymark.spi.EventType;
import io.waymark.spi.abi.GeneratedCodeAbi;
import io.waymark.spi.wire.EventWriter;
import io.waymark.spi.wire.RecordSink;
import io.waymark.spi.wire.ThreadWriters;
import io.waymark.spi.wire.WireFormat;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.Map;
import java.util.Objects;

/**
 * One tracepoint's switch and dispatch target. Generated code holds the {@link #enabledHandle()} and
 * the {@link #beginHandle()} in {@code static final} fields, and invokes the second and calls
 * {@link #commit(EventWriter)} only when the first answers {@code true}. See the package
 * documentation for the memory ordering.
 */
public final class Probe {

    private static final MethodHandle OFF = MethodHandles.constant(boolean.class, false);
    private static final MethodHandle ON = MethodHandles.constant(boolean.class, true);
    /** {@code (RecordSink, DiscardCounter, EventType, int)EventWriter}: {@link ThreadWriters#begin(RecordSink, DiscardCounter, EventType, int)}. */
    private static final MethodHandle BEGIN;

    static {
        try {
            BEGIN = MethodHandles.publicLookup().findStatic(ThreadWriters.class, "begin", MethodType.methodType(EventWriter.class,
                    RecordSink.class, DiscardCounter.class, EventType.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final EventType type;
    private final int providerIndex;
    private final int identityWord;
    private final MutableCallSite enabledSite = new MutableCallSite(OFF);
    private final MethodHandle enabledHandle = enabledSite.dynamicInvoker();
    /**
     * How an event of this tracepoint starts, {@code ()EventWriter}: {@link ThreadWriters#begin(RecordSink,
     * DiscardCounter, EventType, int)} on the thread's writer, with the target's
     * {@link ProbeTarget#recordSink} and {@link ProbeTarget#discards} (asked once, when the target is set),
     * the event type and the identity word bound to it as constants. The JIT folds it like the switch:
     * compiled code holds all four, and what it trusts as final in them (a record's fields, the event
     * type's version), as constants (docs/performance.md).
     */
    private final MutableCallSite beginSite;
    private final MethodHandle beginHandle;
    /** The sink {@link #beginSite} commits to, for {@link #update} and for {@link #begin()} (tests and tools). */
    private volatile RecordSink installedSink;
    /** The counter {@link #beginSite} counts discards in. */
    private volatile DiscardCounter installedDiscards = DiscardCounter.NONE;
    private volatile ProbeTarget target = ProbeTarget.NONE;
    /** The tracepoint's parameters, {@code (P1, ..., Pn)void}, when its generated code asks for {@link #argumentsHandle()}; else {@code null}. */
    private final MethodType argumentsType;
    /** {@code (P1, ..., Pn)boolean}: the target's {@link ProbeTarget#argumentsHandle}, or a constant {@code true}; {@code null} without {@link #argumentsType}. */
    private final MutableCallSite argumentsSite;
    private final MethodHandle argumentsHandle;
    private final MethodHandle alwaysEncode;
    /** The handle {@link #argumentsSite} holds, for {@link #update} to tell whether it changed. */
    private MethodHandle installedArguments;

    Probe(EventType type, int providerIndex) {
        this(type, providerIndex, null, false);
    }

    /**
     * @param parameters the tracepoint's {@code (P1, ..., Pn)void}, or {@code null} when its generated code asks for no arguments handle
     * @param routable whether the parameters match the event's fields; when they do not (registered wrongly), the
     *     arguments handle is a constant {@code true} forever and the runtime routes the tracepoint's events encoded
     */
    Probe(EventType type, int providerIndex, MethodType parameters, boolean routable) {
        this.type = Objects.requireNonNull(type, "type");
        this.providerIndex = providerIndex;
        this.argumentsType = routable ? parameters : null;
        if (parameters != null) {
            MethodType argumentsType = parameters;
            alwaysEncode = MethodHandles.dropArguments(ON, 0, argumentsType.parameterList());
            installedArguments = alwaysEncode;
            argumentsSite = new MutableCallSite(alwaysEncode);
            argumentsHandle = argumentsSite.dynamicInvoker();
        } else {
            alwaysEncode = null;
            argumentsSite = null;
            argumentsHandle = null;
        }
        this.identityWord = WireFormat.identityWord(providerIndex, type.id());
        this.beginSite = new MutableCallSite(beginHandle(null, DiscardCounter.NONE));
        this.beginHandle = beginSite.dynamicInvoker();
    }

    /** The provider index written into this tracepoint's record headers (see {@link RegisteredProvider#index()}). */
    public int providerIndex() {
        return providerIndex;
    }

    /** The tracepoint's event type. */
    public EventType type() {
        return type;
    }

    /**
     * A {@code ()boolean} handle answering whether the tracepoint is on. Keep it in a
     * {@code static final} field and call it with {@code invokeExact} so that the JIT folds it.
     */
    @GeneratedCodeAbi
    public MethodHandle enabledHandle() {
        return enabledHandle;
    }

    /**
     * A {@code ()EventWriter} handle that starts an event: {@link #begin()} with this tracepoint's
     * type, identity and current sink bound as constants. Keep it in a {@code static final} field and
     * call it with {@code invokeExact}: the JIT folds the constants into the caller, and recompiles it
     * when the sink changes. Returns a writer with the record header written, or {@code null} when
     * the event must be discarded (counted); never throws. Only for events whose fields run no
     * application code (else {@link #beginBuffered()}): with a sink, the record goes to it at
     * {@link #commit}, and no {@link io.waymark.spi.Event} view is handed out.
     */
    @GeneratedCodeAbi
    public MethodHandle beginHandle() {
        return beginHandle;
    }

    /**
     * A {@code (P1, ..., Pn)boolean} handle that hands the tracepoint's arguments to whatever takes events
     * straight from them ({@link ProbeTarget#argumentsHandle}: a backend's argument consumer, a filter, an
     * aggregation) and answers whether the event must still be encoded ({@link #beginHandle()} ... {@link #commit}).
     * Generated code keeps it in a {@code static final} field and invokes it with {@code invokeExact} once the
     * switch is on: with no such consumer it is a constant {@code true}, which the JIT folds away.
     *
     * @throws IllegalStateException when the tracepoint was registered without its parameter types
     *     ({@link ProbeRegistry#register(io.waymark.spi.ProviderDescriptor, MethodType[])})
     */
    @GeneratedCodeAbi
    public MethodHandle argumentsHandle() {
        if (argumentsHandle == null) {
            throw new IllegalStateException(type.qualifiedName() + " was registered without its parameter types: it has no arguments handle");
        }
        return argumentsHandle;
    }

    /**
     * The tracepoint's parameter types as {@code (P1, ..., Pn)void}, or {@code null} when it has no {@link #argumentsHandle()}
     * or one that only ever answers {@code true} (parameters registered that do not match the event's fields).
     */
    public MethodType argumentsType() {
        return argumentsType;
    }

    /** Whether any session currently receives this tracepoint's events (slow; for tools and tests). */
    public boolean isEnabled() {
        return target != ProbeTarget.NONE;
    }

    /** The current dispatch target ({@link ProbeTarget#NONE} when off). */
    public ProbeTarget target() {
        return target;
    }

    /**
     * Starts an event on the calling thread: returns the thread's writer with the record header
     * written, or {@code null} when it must be discarded (nested too deeply, no pooled writer: counted
     * in the target's {@link ProbeTarget#discards()}). Never throws. What {@link #beginHandle()} does,
     * with volatile reads of the sink and the counter (for tests and tools): only for events whose
     * fields run no application code.
     */
    public EventWriter begin() {
        return ThreadWriters.begin(installedSink, installedDiscards, type, identityWord);
    }

    /**
     * {@link #begin()} for an event whose fields call application code (view accessors), which may
     * be slow or throw: the record is dispatched as an {@link io.waymark.spi.Event}, never handed to a
     * sink. Never throws.
     */
    @GeneratedCodeAbi
    public EventWriter beginBuffered() {
        return ThreadWriters.begin(null, installedDiscards, type, identityWord);
    }

    /**
     * Completes an event started with {@link #begin()}: hands the record to the sink bound at begin,
     * or dispatches it, and gives the writer back. Never throws: a failing sink or target discards the event,
     * counted ({@link DiscardReason#BACKEND_FAILED}, {@link DiscardReason#TRACER_ERROR}).
     */
    @GeneratedCodeAbi
    public void commit(EventWriter writer) {
        boolean dispatch;
        try {
            dispatch = ThreadWriters.finish(writer); // false: nothing to dispatch (committed to the sink, or discarded), writer given back
        } catch (Throwable t) {
            try {
                ThreadWriters.discarded(installedDiscards, DiscardReason.TRACER_ERROR); // finish never throws: a bug
            } finally {
                ThreadWriters.giveBack(writer);
            }
            return;
        }
        if (dispatch) {
            try {
                target.dispatch(writer);
            } catch (Throwable ignored) {
                // The runtime's fan-out already isolates backends; this only guards against a broken target.
                ThreadWriters.discarded(installedDiscards, DiscardReason.TRACER_ERROR);
            } finally {
                ThreadWriters.giveBack(writer);
            }
        }
    }

    /**
     * Abandons an event started with {@link #begin()} whose fields could not be written (a view
     * accessor threw) and gives the writer back. Never throws.
     */
    @GeneratedCodeAbi
    public void abort(EventWriter writer) {
        try {
            ThreadWriters.discarded(installedDiscards, DiscardReason.FIELD_ACCESSOR_FAILED); // never throws
        } finally {
            ThreadWriters.giveBack(writer);
        }
    }

    /**
     * Sets the dispatch targets of several probes at once: {@link ProbeTarget#NONE} (or {@code null})
     * turns a probe off, anything else turns it on. For the runtime's slow path only; callers
     * serialize updates.
     */
    public static void update(Map<Probe, ProbeTarget> targets) {
        MutableCallSite[] changed = new MutableCallSite[3 * targets.size()]; // a switch, a begin and an arguments site each
        int count = 0;
        for (Map.Entry<Probe, ProbeTarget> entry : targets.entrySet()) {
            Probe probe = entry.getKey();
            ProbeTarget next = entry.getValue() == null ? ProbeTarget.NONE : entry.getValue();
            boolean wasOn = probe.target != ProbeTarget.NONE;
            boolean on = next != ProbeTarget.NONE;
            if (on) {
                probe.target = next;
                if (probe.installSink(recordSinkOf(next, probe), discardsOf(next))) {
                    changed[count++] = probe.beginSite;
                }
                if (probe.installArguments(argumentsOf(next, probe))) {
                    changed[count++] = probe.argumentsSite;
                }
                if (!wasOn) {
                    probe.enabledSite.setTarget(ON);
                    changed[count++] = probe.enabledSite;
                }
            } else if (wasOn) {
                probe.enabledSite.setTarget(OFF);
                changed[count++] = probe.enabledSite;
                if (probe.installSink(null, DiscardCounter.NONE)) {
                    changed[count++] = probe.beginSite;
                }
                if (probe.installArguments(null)) {
                    changed[count++] = probe.argumentsSite;
                }
                probe.target = ProbeTarget.NONE;
            }
        }
        if (count > 0) {
            MutableCallSite.syncAll(count == changed.length ? changed : java.util.Arrays.copyOf(changed, count));
        }
    }

    private static RecordSink recordSinkOf(ProbeTarget target, Probe probe) {
        try {
            return target.recordSink(probe.type, probe.providerIndex);
        } catch (Throwable t) {
            return null; // a broken target: events take the buffered path
        }
    }

    private static DiscardCounter discardsOf(ProbeTarget target) {
        try {
            DiscardCounter counter = target.discards();
            return counter == null ? DiscardCounter.NONE : counter;
        } catch (Throwable t) {
            return DiscardCounter.NONE; // a broken target: its discards go uncounted, its events still flow
        }
    }

    /** The target's arguments handle for this probe, adapted to the probe's type; {@code null} for the encoded path alone. */
    private static MethodHandle argumentsOf(ProbeTarget target, Probe probe) {
        if (probe.argumentsType == null) {
            return null;
        }
        try {
            MethodHandle handle = target.argumentsHandle(probe.type, probe.providerIndex, probe.argumentsType);
            return handle == null ? null : handle.asType(probe.argumentsType.changeReturnType(boolean.class));
        } catch (Throwable t) {
            return null; // a broken target (or a handle of another type): events take the encoded path
        }
    }

    /** Points {@link #argumentsSite} at {@code next} (always encode when {@code null}); whether it changed (then it needs a sync). */
    private boolean installArguments(MethodHandle next) {
        if (argumentsSite == null || argumentsType == null) {
            return false;
        }
        MethodHandle target = next == null ? alwaysEncode : next;
        if (target == installedArguments) {
            return false;
        }
        installedArguments = target;
        argumentsSite.setTarget(target);
        return true;
    }

    /**
     * Points {@link #beginSite} at a begin bound to {@code next} (dispatch when {@code null}) and
     * {@code discards}; whether it changed (then it needs a sync).
     */
    private boolean installSink(RecordSink next, DiscardCounter discards) {
        if (next == installedSink && discards == installedDiscards) {
            return false;
        }
        installedSink = next;
        installedDiscards = discards;
        beginSite.setTarget(beginHandle(next, discards));
        return true;
    }

    private MethodHandle beginHandle(RecordSink sink, DiscardCounter discards) {
        return MethodHandles.insertArguments(BEGIN, 0, sink, discards, type, identityWord);
    }

    /** The sink finished records are handed to, or {@code null} (for tests and tools). */
    public RecordSink recordSink() {
        return installedSink;
    }

    @Override
    public String toString() {
        return "Probe[" + type + (isEnabled() ? ", on]" : ", off]");
    }
}
