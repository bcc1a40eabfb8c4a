package io.waymark.spi.wire;

/**
 * The writers virtual threads borrow, one event at a time: a fixed pool of {@link EventWriter}s, each
 * lent with one compare-and-set and given back by {@link EventWriter#release()}. A thread starts at
 * the writer its id hashes to and moves on when that one is lent, so concurrent virtual threads
 * (at most one per carrier thread is running, unless some block inside an event) rarely collide.
 * When every writer is lent, the event is dropped and counted: tracing never waits.
 *
 * <p>Created on first use, so Java 17 (no virtual threads) and applications without them pay nothing.
 */
final class VirtualThreadWriters {

    /** Pool size: four per processor, a power of two between 8 and 256. */
    static final int SIZE = Integer.highestOneBit(Math.min(256, Math.max(8, 4 * Runtime.getRuntime().availableProcessors()) * 2 - 1));

    private static final EventWriter[] WRITERS = new EventWriter[SIZE];

    static {
        for (int i = 0; i < SIZE; i++) {
            WRITERS[i] = new EventWriter();
        }
    }

    private VirtualThreadWriters() {}

    /** A writer lent to {@code thread} for one event, or {@code null} when all are lent. */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    static EventWriter lend(Thread thread) {
        EventWriter[] writers = WRITERS;
        int mask = writers.length - 1;
        int first = (int) (thread.getId() * 0x9E3779B97F4A7C15L >>> 40);
        for (int i = 0; i <= mask; i++) {
            EventWriter writer = writers[(first + i) & mask];
            if (writer.tryLend(thread)) {
                return writer;
            }
        }
        return null;
    }
}
