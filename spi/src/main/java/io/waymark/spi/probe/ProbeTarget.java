package io.waymark.spi.probe;

import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.wire.RecordSink;

/**
 * Where a probe's events go: the runtime's fan-out to the sessions that enabled the tracepoint.
 * Implementations must not throw and must not block.
 */
@FunctionalInterface
public interface ProbeTarget {

    /** The target of a probe that no session enabled: drops every event. */
    ProbeTarget NONE = event -> {};

    /** Delivers one event, valid only during this call. */
    void dispatch(Event event);

    /**
     * The sink that the probe of {@code type}, registered at {@code providerIndex}, may write records
     * into in place instead of dispatching them ({@link RecordSink}), or {@code null}. Asked once per
     * probe when the target is set, never per event.
     */
    default RecordSink recordSink(EventType type, int providerIndex) {
        return null;
    }
}
