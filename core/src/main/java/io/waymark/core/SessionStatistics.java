package io.waymark.core;

/**
 * Counters of one session.
 *
 * @param backendFailures exceptions thrown by the session's backend and caught by the runtime
 * @param backendDetached whether the backend failed so often that the runtime detached it
 * @param discardedEvents events the backend received but could not keep (a full buffer in discard
 *     mode, for example), as the backend counts them
 */
public record SessionStatistics(long backendFailures, boolean backendDetached, long discardedEvents) {}
