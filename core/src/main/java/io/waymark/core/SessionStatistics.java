package io.waymark.core;

import io.waymark.spi.DiscardReason;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counters of one session: what a user needs to judge a recording. Every event the session enabled and a
 * tracepoint emitted is either recorded or discarded for exactly one {@link DiscardReason}, counted once,
 * in this session: {@code recordedEvents + discardedEvents() == emittedEvents()}, exact once the emitting
 * threads are quiet and the backend flushed (after {@link Session#stop()}, say). An event a filter of the
 * session rejects was not wanted: it is neither. Events another thread was still delivering when the
 * session closed are not counted.
 *
 * @param backendFailures exceptions thrown by the session's backend and caught by the runtime
 * @param backendDetached whether the backend failed so often that the runtime detached it (the session
 *     enables nothing from then on, so later events are not counted at all)
 * @param recordedEvents events the backend kept, as it counts them ({@code Backend.recordedEvents()}), or
 *     {@code -1} when it cannot say (the JFR and SLF4J backends: their destinations decide)
 * @param discarded events discarded, by reason: what the runtime counted (before the backend saw the event, or
 *     because it threw) plus what the backend counted; only reasons with a count, in the enum's order
 */
public record SessionStatistics(long backendFailures, boolean backendDetached, long recordedEvents,
        Map<DiscardReason, Long> discarded) {

    /** Copies {@code discarded}, leaving out zero counts. */
    public SessionStatistics {
        Objects.requireNonNull(discarded, "discarded");
        Map<DiscardReason, Long> nonZero = new EnumMap<>(DiscardReason.class);
        discarded.forEach((reason, count) -> {
            if (count != null && count != 0) {
                nonZero.put(Objects.requireNonNull(reason, "reason"), count);
            }
        });
        discarded = Collections.unmodifiableMap(nonZero);
    }

    /**
     * The counters before reasons existed: every discarded event as {@link DiscardReason#BUFFER_FULL},
     * recorded events unknown.
     *
     * @deprecated give the recorded events and the discards by reason
     */
    @Deprecated
    public SessionStatistics(long backendFailures, boolean backendDetached, long discardedEvents) {
        this(backendFailures, backendDetached, -1, Map.of(DiscardReason.BUFFER_FULL, discardedEvents));
    }

    /** Events discarded for any reason: the sum of {@link #discarded()}. */
    public long discardedEvents() {
        long total = 0;
        for (long count : discarded.values()) {
            total += count;
        }
        return total;
    }

    /** Events discarded for {@code reason}; 0 when none were. */
    public long discarded(DiscardReason reason) {
        return discarded.getOrDefault(reason, 0L);
    }

    /**
     * Events the session received from its tracepoints: recorded plus discarded; {@code -1} when the backend
     * cannot say how many it recorded.
     */
    public long emittedEvents() {
        return recordedEvents < 0 ? -1 : recordedEvents + discardedEvents();
    }
}
