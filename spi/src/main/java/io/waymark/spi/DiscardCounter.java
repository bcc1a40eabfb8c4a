package io.waymark.spi;

/**
 * Counts events discarded on an application thread before a backend saw them (a writer that could not be
 * had, a record too large), for the sessions that would have received them. The runtime gives each probe
 * one, through {@link io.waymark.spi.probe.ProbeTarget#discards()}, bound to the sessions that enabled the
 * tracepoint at that moment.
 *
 * <p>Called on application threads: must not block, allocate or throw.
 */
@FunctionalInterface
public interface DiscardCounter {

    /** Counts nothing: for probes no session enabled. */
    DiscardCounter NONE = reason -> {};

    /** Counts one discarded event, for {@code reason}. */
    void discarded(DiscardReason reason);
}
