package io.waymark.backend.otel.internal;

import io.opentelemetry.api.trace.SpanContext;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.wire.WireFormat;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jctools.queues.MpscArrayQueue;
import org.jctools.queues.SpmcArrayQueue;

/**
 * The bounded buffer between emitting threads and the export thread: a fixed set of preallocated
 * {@link Slot}s, written in place, handed over through two JCTools queues. A producer takes a free slot
 * from the pool (an {@code SpmcArrayQueue}: the export thread returns slots, the emitting threads take
 * them), fills it (an event's canonical record, or a tracepoint's arguments, see {@link ArgumentWriters})
 * and offers it to the queue of filled slots (an {@code MpscArrayQueue}, which has room for every slot, so
 * the offer cannot fail); the export thread polls it, reads it and returns it to the pool. An empty pool
 * (every slot filled and not yet exported) drops the event and counts it; a producer never waits.
 *
 * <p>JCTools' queues pass references, so this takes two queue operations per event; a hand-written ring of
 * in-place slots (one compare-and-set) measured no faster, on the kept path or on the drop path of a full
 * buffer (see {@code docs/otel-backend.md}), so the project's queues are used.
 */
public final class EventRing extends EventRingCounters {

    /** What a slot holds. */
    public static final int ENCODED = 0;
    public static final int ARGUMENTS = 1;
    /** A slot whose filling threw: released, but holding no event. */
    public static final int UNUSABLE = -1;
    /** A slot whose event's byte arrays were larger together than an event may hold: released, holding no event. */
    public static final int TOO_LARGE = -2;

    /**
     * One event's place in the buffer, reused. Written by the producer that took it from the pool before it
     * offers it to the queue, read by the consumer after it polled it (the queues order the two).
     */
    public static final class Slot {
        public int kind;
        public EventType type;
        /** The arguments' layout ({@link #ARGUMENTS}), else {@code null}. */
        public ArgumentWriters.Layout layout;
        public long timestamp;
        public long threadId;
        public String threadName;
        public SpanContext span;
        /**
         * Primitive arguments as raw bits and String arguments ({@link #ARGUMENTS}): the first
         * {@value #INLINE_WORDS} and {@value #INLINE_STRINGS} in fields of the slot itself, so that a kept
         * event fills (and hands the export thread) the slot object's few cache lines and no array; more
         * in arrays the slot grows once for the widest event.
         */
        long w0, w1, w2, w3, w4, w5, w6, w7;
        String s0, s1, s2, s3;
        long[] moreWords;
        String[] moreStrings;
        /** The canonical record ({@link #ENCODED}), or the copied {@code byte[]} arguments. */
        public byte[] bytes;
        /** Bytes of {@link #bytes} in use. */
        public int size;

        static final int INLINE_WORDS = 8;
        static final int INLINE_STRINGS = 4;

        final EventRing owner;

        Slot(EventRing owner) {
            this.owner = owner;
        }

        /** Primitive argument {@code i} (a {@link ArgumentWriters.Layout} index). */
        public long word(int i) {
            return switch (i) {
                case 0 -> w0;
                case 1 -> w1;
                case 2 -> w2;
                case 3 -> w3;
                case 4 -> w4;
                case 5 -> w5;
                case 6 -> w6;
                case 7 -> w7;
                default -> moreWords[i - INLINE_WORDS];
            };
        }

        /** Sets primitive argument {@code i}; the writers of {@link ArgumentWriters} set the inline ones directly. */
        public void setWord(int i, long value) {
            switch (i) {
                case 0 -> w0 = value;
                case 1 -> w1 = value;
                case 2 -> w2 = value;
                case 3 -> w3 = value;
                case 4 -> w4 = value;
                case 5 -> w5 = value;
                case 6 -> w6 = value;
                case 7 -> w7 = value;
                default -> moreWords[i - INLINE_WORDS] = value;
            }
        }

        /** String argument {@code i} (a {@link ArgumentWriters.Layout} index). */
        public String string(int i) {
            return switch (i) {
                case 0 -> s0;
                case 1 -> s1;
                case 2 -> s2;
                case 3 -> s3;
                default -> moreStrings[i - INLINE_STRINGS];
            };
        }

        /** Sets String argument {@code i}. */
        public void setString(int i, String value) {
            switch (i) {
                case 0 -> s0 = value;
                case 1 -> s1 = value;
                case 2 -> s2 = value;
                case 3 -> s3 = value;
                default -> moreStrings[i - INLINE_STRINGS] = value;
            }
        }

        /** Makes room for an event of {@code words} primitive and {@code strings} String arguments (once per slot and width). */
        void ensure(int words, int strings) {
            if (words > INLINE_WORDS && (moreWords == null || moreWords.length < words - INLINE_WORDS)) {
                moreWords = new long[words - INLINE_WORDS];
            }
            if (strings > INLINE_STRINGS && (moreStrings == null || moreStrings.length < strings - INLINE_STRINGS)) {
                moreStrings = new String[strings - INLINE_STRINGS];
            }
        }

        /**
         * Drops the application's strings (no stale references keep its objects alive); the type, layout,
         * thread name and span context stay, so that the next event of the same kind need not store them
         * (see {@link ArgumentWriters}).
         */
        void clear() {
            s0 = s1 = s2 = s3 = null;
            if (moreStrings != null) {
                java.util.Arrays.fill(moreStrings, null);
            }
        }
    }

    private final SpmcArrayQueue<Slot> free;
    private final MpscArrayQueue<Slot> filled;
    private final int capacity;
    private static final VarHandle DROPPED;

    static {
        try {
            DROPPED = MethodHandles.lookup().findVarHandle(EventRingCounters0.class, "dropped", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * @param capacity slots, a power of two
     * @param slotBytes the initial size of each slot's byte array
     */
    public EventRing(int capacity, int slotBytes) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity " + capacity + " is not a power of two");
        }
        this.capacity = capacity;
        this.free = new SpmcArrayQueue<>(capacity);
        this.filled = new MpscArrayQueue<>(capacity);
        Slot[] slots = new Slot[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new Slot(this);
        }
        for (Slot slot : slots) { // after the slots: the slot objects lie together in memory, not between byte arrays
            slot.bytes = new byte[slotBytes];
            if (!free.offer(slot)) {
                throw new AssertionError("the pool holds " + capacity + " slots");
            }
        }
    }

    /**
     * A free slot, taken for the caller, which must {@link #publish} it whatever happens; {@code null} (and
     * the event counted as dropped) when none is free, or when the buffer is closed (not counted: a late
     * event of a closed session).
     */
    public Slot claim() {
        if (closed) {
            return null;
        }
        Slot slot = free.poll();
        if (slot == null) {
            DROPPED.getAndAdd(this, 1L);
        }
        return slot;
    }

    /**
     * Hands a taken slot to the consumer; {@code failed}: its filling threw, the consumer skips and counts it (as
     * it does a slot marked {@link #TOO_LARGE}).
     */
    public static void publish(Slot slot, boolean failed) {
        if (failed) {
            slot.kind = UNUSABLE;
            slot.clear();
        } else if (slot.kind == TOO_LARGE) {
            slot.clear();
        }
        slot.owner.filled.offer(slot); // cannot fail: it has room for every slot
    }

    /**
     * Copies {@code event} and {@code span} (or {@code null}: no valid span) into a free slot;
     * {@code false} when none is free, which it counts. Never blocks; allocates only to grow a
     * slot for a record larger than any it held before.
     */
    public boolean offer(Event event, SpanContext span) {
        Slot slot = claim();
        if (slot == null) {
            return false;
        }
        // The slot is ours now: publish it whatever happens. A copy that throws (an event view that fails,
        // no memory to grow the slot) leaves it marked unusable; poll skips it and counts the event as failed.
        boolean copied = false;
        try {
            int size = event.encodedSize();
            byte[] record = slot.bytes;
            if (record.length < size) {
                record = new byte[Math.min(Math.max(size, record.length * 2), WireFormat.MAX_RECORD_SIZE)];
                slot.bytes = record;
            }
            event.copyEncodedTo(record, 0);
            slot.kind = ENCODED;
            slot.size = size;
            slot.layout = null;
            slot.type = event.type();
            slot.threadName = event.threadName();
            slot.span = span;
            copied = true;
        } finally {
            publish(slot, !copied);
        }
        return true;
    }

    /** What {@link #poll} hands the consumer: one slot, valid until the visitor returns. */
    @FunctionalInterface
    public interface Visitor {
        void visit(Slot slot);
    }

    /**
     * Hands the oldest event to {@code visitor} and returns its slot to the pool; {@code false} when there is
     * none. A slot whose filling failed is returned without a visit and counted in {@link #failed()}.
     * Consumer thread only.
     */
    public boolean poll(Visitor visitor) {
        Slot slot = filled.poll();
        if (slot == null) {
            return false;
        }
        try {
            if (slot.kind == UNUSABLE) {
                failed++; // single consumer: no lost update
            } else if (slot.kind == TOO_LARGE) {
                tooLarge++;
            } else {
                visitor.visit(slot);
            }
        } finally {
            slot.clear();
            free.offer(slot);
        }
        return true;
    }

    /** Refuses further events (not counted: late events of a closed session). */
    public void close() {
        closed = true;
    }

    /** Events offered and not yet polled (approximate while producers run). */
    public long size() {
        return filled.size();
    }

    /** Events dropped because no slot was free. */
    public long dropped() {
        return (long) DROPPED.getVolatile(this);
    }

    /** Events whose copy into the buffer threw (on the emitting thread), skipped by {@link #poll}. */
    public long failed() {
        return failed;
    }

    /** Events whose byte arrays were larger together than an event may hold, skipped by {@link #poll}. */
    public long tooLarge() {
        return tooLarge;
    }

    /** The number of slots. */
    public int capacity() {
        return capacity;
    }
}

/** Keeps the counters off the object header and whatever precedes the buffer in memory. */
abstract class EventRingPad0 {
    long p00, p01, p02, p03, p04, p05, p06, p07;
}

/** Written by the producers (drops) and once (closed), read by every producer: a line of their own. */
abstract class EventRingCounters0 extends EventRingPad0 {
    volatile long dropped;
    volatile boolean closed;
}

abstract class EventRingCounters extends EventRingCounters0 {
    long p10, p11, p12, p13, p14, p15, p16, p17;
    /** Slots whose filling failed, skipped by the consumer; written by the consumer only. */
    volatile long failed;
    /** Slots whose event was too large, skipped by the consumer; written by the consumer only. */
    volatile long tooLarge;
}
