package io.waymark.spi.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The writers virtual threads borrow, one event at a time: a pool of {@link EventWriter}s, each lent
 * with one compare-and-set and given back by {@link ThreadWriters#giveBack} ({@link #giveBack}). A thread starts at the
 * writer its id hashes to and moves on when that one is lent, so concurrent virtual threads (at most
 * one per carrier thread is running, unless some block inside an event's view accessors) rarely
 * collide. When every writer is lent the pool grows (doubling, under a lock: rare), up to
 * {@link #MAX} writers; only beyond that is an event discarded
 * ({@link io.waymark.spi.DiscardReason#WRITER_POOL_EXHAUSTED}): that many virtual threads encoding at
 * once. Tracing never waits.
 *
 * <p>Created on first use, so Java 17 (no virtual threads) and applications without them pay nothing.
 */
final class VirtualThreadWriters {

    /** Initial pool size: four per processor, a power of two between 8 and 256. */
    static final int SIZE = Integer.highestOneBit(Math.min(256, Math.max(8, 4 * Runtime.getRuntime().availableProcessors()) * 2 - 1));

    /** The system property that bounds the pool. */
    static final String MAX_PROPERTY = "waymark.virtualWriters.max";
    /** The most writers the pool grows to: {@value #MAX_PROPERTY}, default 4,096, at least {@link #SIZE}. */
    static final int MAX = max();

    /** {@code EventWriterFields.lent}: 0 free, 1 lent. */
    private static final VarHandle LENT;

    static {
        try {
            LENT = MethodHandles.lookup().findVarHandle(EventWriterFields.class, "lent", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static volatile EventWriter[] writers = create(new EventWriter[0], SIZE);

    private VirtualThreadWriters() {}

    private static int max() {
        try {
            return Math.max(SIZE, Integer.getInteger(MAX_PROPERTY, 4096));
        } catch (RuntimeException e) {
            return 4096; // a security manager refusing the property: the default
        }
    }

    private static EventWriter[] create(EventWriter[] old, int length) {
        EventWriter[] grown = java.util.Arrays.copyOf(old, length);
        for (int i = old.length; i < length; i++) {
            grown[i] = new EventWriter();
        }
        return grown;
    }

    /** The writers in the pool now (for tests). */
    static int size() {
        return writers.length;
    }

    /** A writer lent to {@code thread} for one event, or {@code null} when {@link #MAX} are lent. */
    static EventWriter lend(Thread thread) {
        EventWriter[] pool = writers;
        EventWriter writer = tryLend(pool, thread);
        return writer != null ? writer : grow(pool, thread);
    }

    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    private static EventWriter tryLend(EventWriter[] pool, Thread thread) {
        int length = pool.length;
        int first = (int) ((thread.getId() * 0x9E3779B97F4A7C15L) >>> 40) % length;
        for (int i = 0; i < length; i++) {
            int at = first + i;
            EventWriter writer = pool[at < length ? at : at - length];
            if (writer.lent == 0 && LENT.compareAndSet(writer, 0, 1)) {
                writer.lentTo(thread);
                return writer;
            }
        }
        return null;
    }

    /**
     * Every writer of {@code seen} was lent: lends from the pool as it is now, growing it until a writer
     * is free or the pool holds {@link #MAX}. Another thread may have grown the pool since {@code seen}
     * and its new writers may all be lent already: then it grows again rather than discarding (the
     * invariant is that an event is discarded only when {@link #MAX} writers are lent).
     */
    static synchronized EventWriter grow(EventWriter[] seen, Thread thread) {
        EventWriter[] pool = writers;
        if (pool != seen) {
            EventWriter writer = tryLend(pool, thread);
            if (writer != null) {
                return writer;
            }
        }
        while (pool.length < MAX) {
            pool = create(pool, Math.min(MAX, pool.length * 2));
            writers = pool;
            EventWriter writer = tryLend(pool, thread); // fast-path lenders may take the new writers first
            if (writer != null) {
                return writer;
            }
        }
        return tryLend(pool, thread); // one may have come back meanwhile
    }

    /** The pool as it is now (for tests). */
    static EventWriter[] pool() {
        return writers;
    }

    /** Gives {@code writer} back to the pool once its event ended ({@link ThreadWriters#giveBack}). */
    static void giveBack(EventWriter writer) {
        writer.thread = null; // keep no finished virtual thread reachable
        LENT.setRelease(writer, 0);
    }
}
