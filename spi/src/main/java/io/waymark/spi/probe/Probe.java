package io.waymark.spi.probe;

import io.waymark.spi.EventType;
import io.waymark.spi.wire.EventWriter;
import io.waymark.spi.wire.RecordSink;
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
    /** {@code (boolean, boolean)boolean}: the or of two arguments handles' answers. */
    private static final MethodHandle OR;
    /** {@code (RecordSink, EventType, int)EventWriter}: {@link EventWriter#claim}. */
    private static final MethodHandle CLAIM;
    /** {@code (EventType, int)EventWriter}: {@link EventWriter#begin(EventType, int)}. */
    private static final MethodHandle BEGIN_ON_OWN_WRITER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            CLAIM = lookup.findStatic(EventWriter.class, "claim",
                    MethodType.methodType(EventWriter.class, RecordSink.class, EventType.class, int.class));
            BEGIN_ON_OWN_WRITER = lookup.findStatic(EventWriter.class, "begin",
                    MethodType.methodType(EventWriter.class, EventType.class, int.class));
            OR = MethodHandles.lookup().findStatic(Probe.class, "or",
                    MethodType.methodType(boolean.class, boolean.class, boolean.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final EventType type;
    private final int providerIndex;
    private final int identityWord;
    private final MutableCallSite enabledSite = new MutableCallSite(OFF);
    private final MethodHandle enabledHandle = enabledSite.dynamicInvoker();
    /** The thread-writer begin with this probe's type and identity bound: the begin site's target without a sink. */
    private final MethodHandle beginOnOwnWriter;
    /**
     * How an event of this tracepoint starts, {@code ()EventWriter}: a claim in the target's
     * {@link ProbeTarget#recordSink} (asked once, when the target is set) or the thread's own writer,
     * with the sink, the event type and the identity word bound to it as constants. The JIT folds it
     * like the switch: compiled code holds all three, and what it trusts as final in them (a
     * record's fields, the event type's version), as constants (docs/performance.md).
     */
    private final MutableCallSite beginSite;
    private final MethodHandle beginHandle;
    /** The sink {@link #beginSite} claims in, for {@link #update} and for {@link #begin()} (tests and tools). */
    private volatile RecordSink installedSink;
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
        this(type, providerIndex, null);
    }

    Probe(EventType type, int providerIndex, MethodType argumentsType) {
        this.type = Objects.requireNonNull(type, "type");
        this.providerIndex = providerIndex;
        this.argumentsType = argumentsType;
        if (argumentsType != null) {
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
        this.beginOnOwnWriter = MethodHandles.insertArguments(BEGIN_ON_OWN_WRITER, 0, type, identityWord);
        this.beginSite = new MutableCallSite(beginOnOwnWriter);
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
    public MethodHandle enabledHandle() {
        return enabledHandle;
    }

    /**
     * A {@code ()EventWriter} handle that starts an event: {@link #begin()} with this tracepoint's
     * type, identity and current sink bound as constants. Keep it in a {@code static final} field and
     * call it with {@code invokeExact}: the JIT folds the constants into the caller, and recompiles it
     * when the sink changes. Returns a writer with the record header written, or {@code null} when
     * the event must be dropped; never throws. Only for events whose fields run no application code
     * (else {@link #beginBuffered()}): with a sink, the record is written in place in the backend's
     * memory, which the sink may keep locked until {@link #commit}.
     */
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
    public MethodHandle argumentsHandle() {
        if (argumentsHandle == null) {
            throw new IllegalStateException(type.qualifiedName() + " was registered without its parameter types: it has no arguments handle");
        }
        return argumentsHandle;
    }

    /** The tracepoint's parameter types as {@code (P1, ..., Pn)void}, or {@code null} when it has no {@link #argumentsHandle()}. */
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
     * Starts an event on the calling thread: returns a writer (the thread's, or an in-place sink's)
     * with the record header written, or {@code null} when it must be dropped (nested too deeply, no
     * room). Never throws. What {@link #beginHandle()} does, with a volatile read of the sink (for
     * tests and tools): only for events whose fields run no application code.
     */
    public EventWriter begin() {
        return EventWriter.begin(type, identityWord, installedSink);
    }

    /**
     * {@link #begin()} for an event whose fields call application code (view accessors), which may
     * be slow or throw: the record is always encoded in the writer's own buffer. Never throws.
     */
    public EventWriter beginBuffered() {
        return EventWriter.begin(type, identityWord, null);
    }

    /** Dispatches an event started with {@link #begin()} and releases its writer. Never throws. */
    public void commit(EventWriter writer) {
        boolean dispatch;
        try {
            dispatch = writer.finish(); // false: nothing to dispatch, and the writer is released already
        } catch (Throwable t) {
            try {
                EventWriter.countDropped(); // a broken in-place buffer (the writer gave its room back first)
            } finally {
                writer.release();
            }
            return;
        }
        if (dispatch) {
            try {
                target.dispatch(writer);
            } catch (Throwable ignored) {
                // The runtime's fan-out already isolates backends; this only guards against a broken target.
                EventWriter.countDropped();
            } finally {
                writer.release();
            }
        }
    }

    /**
     * Abandons an event started with {@link #begin()} whose fields could not be written (a view
     * accessor threw): counts it as dropped and releases the writer. Never throws.
     */
    public void abort(EventWriter writer) {
        try {
            writer.abandon();
        } catch (Throwable ignored) {
            // a broken sink: the event is lost either way
        } finally {
            writer.release();
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
                if (probe.installSink(recordSinkOf(next, probe))) {
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
                if (probe.installSink(null)) {
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
        if (argumentsSite == null) {
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
     * {@code (P1, ..., Pn)boolean} that runs {@code first}, then {@code second}, and answers whether either
     * answered {@code true}: how the runtime combines the arguments handles of several targets (both run:
     * a consumer's handle has effects). For the runtime's slow path.
     */
    public static MethodHandle either(MethodHandle first, MethodHandle second) {
        MethodHandle secondAfter = MethodHandles.collectArguments(OR, 1, second); // (boolean, P...)boolean
        return MethodHandles.foldArguments(secondAfter, first);
    }

    private static boolean or(boolean a, boolean b) {
        return a | b;
    }

    /** Points {@link #beginSite} at a claim in {@code next} (the own writer when {@code null}); whether it changed (then it needs a sync). */
    private boolean installSink(RecordSink next) {
        if (next == installedSink) {
            return false;
        }
        installedSink = next;
        beginSite.setTarget(next == null ? beginOnOwnWriter
                : MethodHandles.insertArguments(CLAIM, 0, next, type, identityWord));
        return true;
    }

    /** The sink events are written into in place, or {@code null} (for tests and tools). */
    public RecordSink recordSink() {
        return installedSink;
    }

    @Override
    public String toString() {
        return "Probe[" + type + (isEnabled() ? ", on]" : ", off]");
    }
}
