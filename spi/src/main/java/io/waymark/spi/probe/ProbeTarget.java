package io.waymark.spi.probe;

import io.waymark.spi.DiscardCounter;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.wire.RecordSink;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

/**
 * Where a probe's events go: the runtime's fan-out to the sessions that enabled the tracepoint.
 * Implementations must not throw and must not block.
 */
@FunctionalInterface
public interface ProbeTarget {

    /** The target of a probe that no session enabled: takes no event (it is dormant, not discarded). */
    ProbeTarget NONE = event -> {};

    /** Delivers one event, valid only during this call. */
    void dispatch(Event event);

    /**
     * The sink that the probe of {@code type}, registered at {@code providerIndex}, hands finished
     * records to instead of dispatching them ({@link RecordSink}), or {@code null}. Asked once per
     * probe when the target is set, never per event.
     */
    default RecordSink recordSink(EventType type, int providerIndex) {
        return null;
    }

    /**
     * The part of this target that takes events of {@code type} straight from the tracepoint's arguments,
     * before anything is encoded: a handle of type {@code arguments.changeReturnType(boolean.class)} that
     * consumes what it can (a backend's {@link io.waymark.spi.Backend#argumentConsumer}, an aggregation)
     * or tests what it must (a filter), and answers whether the event must still be encoded and
     * {@linkplain #dispatch dispatched} to this target. {@code null} (the default) means always: the
     * encoded path alone. {@code arguments} is {@code (P1, ..., Pn)void} as
     * {@link io.waymark.spi.Backend#argumentConsumer} describes it. Asked once per probe when the target
     * is set, never per event, and only by probes whose generated code asks for an arguments handle
     * ({@link Probe#argumentsHandle}). The handle must not throw.
     */
    default MethodHandle argumentsHandle(EventType type, int providerIndex, MethodType arguments) {
        return null;
    }

    /**
     * Where the probe counts an event it discarded before dispatching it (no writer to be had, a record
     * too large, a sink that threw): each session this target dispatches to counts it once, with its
     * reason. Asked once per probe when the target is set, never per event. The default counts nothing.
     */
    default DiscardCounter discards() {
        return DiscardCounter.NONE;
    }
}
