package io.waymark.spi.probe;

/**
 * Where a probe's events go: the runtime's fan-out to the sessions that enabled the tracepoint.
 * Implementations must not throw and must not block.
 */
@FunctionalInterface
public interface ProbeTarget {

    /** The target of a probe that no session enabled: drops every event. */
    ProbeTarget NONE = record -> {};

    /** Delivers one event, valid only during this call. */
    void dispatch(EventRecord record);
}
