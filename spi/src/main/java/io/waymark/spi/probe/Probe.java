package io.waymark.spi.probe;

import io.waymark.spi.EventType;
import io.waymark.spi.wire.EventWriter;
import io.waymark.spi.wire.RecordSink;
import io.waymark.spi.wire.WireFormat;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MutableCallSite;
import java.util.Map;
import java.util.Objects;

/**
 * One tracepoint's switch and dispatch target. Generated code holds the {@link #enabledHandle()} and
 * the {@link #recordSinkHandle()} in {@code static final} fields and calls
 * {@link #begin(RecordSink)} / {@link #commit(EventWriter)} only when the first answers {@code true}.
 * See the package documentation for the memory ordering.
 */
public final class Probe {

    private static final MethodHandle OFF = MethodHandles.constant(boolean.class, false);
    private static final MethodHandle ON = MethodHandles.constant(boolean.class, true);
    private static final MethodHandle NO_SINK = MethodHandles.constant(RecordSink.class, null);

    private final EventType type;
    private final int providerIndex;
    private final int identityWord;
    private final MutableCallSite enabledSite = new MutableCallSite(OFF);
    private final MethodHandle enabledHandle = enabledSite.dynamicInvoker();
    /**
     * The target's {@link ProbeTarget#recordSink} for this tracepoint, asked once when the target is
     * set, as a constant the JIT folds like the switch: compiled code then holds the sink, and what
     * it trusts as final in it, as constants (docs/performance.md).
     */
    private final MutableCallSite sinkSite = new MutableCallSite(NO_SINK);
    private final MethodHandle sinkHandle = sinkSite.dynamicInvoker();
    /**
     * The sink {@link #sinkSite} returns, for {@link #update} and for {@link #begin()}, which providers
     * compiled by an earlier processor call (a volatile read there, as before the call site).
     */
    private volatile RecordSink installedSink;
    private volatile ProbeTarget target = ProbeTarget.NONE;

    Probe(EventType type, int providerIndex) {
        this.type = Objects.requireNonNull(type, "type");
        this.providerIndex = providerIndex;
        this.identityWord = WireFormat.identityWord(providerIndex, type.id());
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
     * A {@code ()RecordSink} handle answering the sink this tracepoint's events are written into in
     * place, or {@code null}. Keep it in a {@code static final} field, call it with
     * {@code invokeExact} and pass the result to {@link #begin(RecordSink)}: the JIT folds it to a
     * constant, and recompiles the caller when it changes.
     */
    public MethodHandle recordSinkHandle() {
        return sinkHandle;
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
     * with the record header written, or {@code null} when the event must be dropped (nested too
     * deeply, no room). Never throws. When {@code sink} (what {@link #recordSinkHandle()} answered) is
     * not {@code null}, the writer is the sink's and the record is written in place in the backend's
     * memory, which the sink may keep locked until {@link #commit}: call this only for events whose
     * fields run no application code (else {@link #beginBuffered()}).
     */
    public EventWriter begin(RecordSink sink) {
        // the in-place path does not go through the thread-writer code: each compiles on its own small
        return sink != null ? EventWriter.claim(sink, type, identityWord) : EventWriter.begin(type, identityWord);
    }

    /**
     * {@link #begin(RecordSink)} with the current {@link #recordSink()}: what providers compiled by an
     * earlier processor call (and tests and tools).
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
        try {
            if (writer.finish()) {
                target.dispatch(writer);
            }
        } catch (Throwable ignored) {
            // The runtime's fan-out already isolates backends; this only guards against a broken target.
            EventWriter.countDropped();
        } finally {
            writer.release();
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
        MutableCallSite[] changed = new MutableCallSite[2 * targets.size()]; // a switch and a sink each
        int count = 0;
        for (Map.Entry<Probe, ProbeTarget> entry : targets.entrySet()) {
            Probe probe = entry.getKey();
            ProbeTarget next = entry.getValue() == null ? ProbeTarget.NONE : entry.getValue();
            boolean wasOn = probe.target != ProbeTarget.NONE;
            boolean on = next != ProbeTarget.NONE;
            if (on) {
                probe.target = next;
                if (probe.installSink(recordSinkOf(next, probe))) {
                    changed[count++] = probe.sinkSite;
                }
                if (!wasOn) {
                    probe.enabledSite.setTarget(ON);
                    changed[count++] = probe.enabledSite;
                }
            } else if (wasOn) {
                probe.enabledSite.setTarget(OFF);
                changed[count++] = probe.enabledSite;
                if (probe.installSink(null)) {
                    changed[count++] = probe.sinkSite;
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

    /** Points {@link #sinkSite} at {@code next}; whether it changed (then it needs a sync). */
    private boolean installSink(RecordSink next) {
        if (next == installedSink) {
            return false;
        }
        installedSink = next;
        sinkSite.setTarget(next == null ? NO_SINK : MethodHandles.constant(RecordSink.class, next));
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
