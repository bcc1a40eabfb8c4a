package io.waymark.spi;

import java.time.Instant;

/**
 * Ties the monotonic event clock ({@link System#nanoTime()}) to wall-clock time: both were read at
 * the same moment when the session was created.
 *
 * @param epochNanos wall-clock time at the anchor, in nanoseconds since the Unix epoch
 * @param monotonicNanos {@link System#nanoTime()} at the anchor
 */
public record ClockAnchor(long epochNanos, long monotonicNanos) {

    /** Reads both clocks now. */
    public static ClockAnchor now() {
        Instant wall = Instant.now();
        long monotonic = System.nanoTime();
        return new ClockAnchor(wall.getEpochSecond() * 1_000_000_000L + wall.getNano(), monotonic);
    }

    /** The wall-clock time of an event timestamp, in nanoseconds since the Unix epoch. */
    public long toEpochNanos(long timestampNanos) {
        return epochNanos + (timestampNanos - monotonicNanos);
    }

    /** The wall-clock time of an event timestamp. */
    public Instant toInstant(long timestampNanos) {
        long epoch = toEpochNanos(timestampNanos);
        return Instant.ofEpochSecond(Math.floorDiv(epoch, 1_000_000_000L), Math.floorMod(epoch, 1_000_000_000L));
    }
}
