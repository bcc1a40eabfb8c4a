package io.waymark.backend.otel.internal;

import io.opentelemetry.api.trace.SpanContext;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.wire.WireFormat;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The bounded buffer between emitting threads and the export thread: a preallocated ring of
 * {@link Slot}s, many producers, one consumer, written in place. A producer claims a slot with one
 * compare-and-set on the tail, fills it (an event's canonical record, or the arguments of a tracepoint,
 * see {@link ArgumentWriters}) and publishes it with a release store of the slot's sequence; the
 * consumer reads the slot and moves the head. A full ring drops the event and counts it; a producer
 * never waits.
 *
 * <p>Built for the full ring (an exporter slower than the application): the producers compare the tail
 * with a limit they cache ({@code head + capacity}) and read the consumer's head only when they reach
 * it, and the consumer publishes its head every 64 events and when it runs dry rather
 * than after each one, so a producer dropping events reads a cache line that rarely changes instead of
 * one the consumer writes at every event. The producers' words (tail, cached limit, drop count) and the
 * consumer's (head) sit on cache lines of their own.
 *
 * <p>Why not a JCTools queue: its queues pass references, so keeping the allocation-free hand-off would
 * take a pool of slot objects and two queues (take a free slot, offer it filled), two atomic operations
 * per event instead of one; see {@code docs/otel-backend.md} for the measurement.
 */
public final class EventRing extends EventRingPad3 {

    /** What a slot holds. */
    public static final int ENCODED = 0;
    public static final int ARGUMENTS = 1;
    /** A slot whose filling threw: released, but holding no event. */
    public static final int UNUSABLE = -1;

    /**
     * One event's place in the ring, reused. Fields are written by the producer that claimed the slot
     * before it publishes {@code sequence}, and read by the consumer after it sees it.
     */
    public static final class Slot {
        /** {@code position + 1} once the producer that claimed {@code position} published the slot. */
        volatile long sequence;
        long position;
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

        Slot() {}

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

    private static final VarHandle TAIL;
    private static final VarHandle LIMIT;
    private static final VarHandle DROPPED;
    private static final VarHandle HEAD;
    private static final VarHandle SEQUENCE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(EventRingProducerFields.class, "tail", long.class);
            LIMIT = lookup.findVarHandle(EventRingProducerFields.class, "limit", long.class);
            DROPPED = lookup.findVarHandle(EventRingProducerFields.class, "dropped", long.class);
            HEAD = lookup.findVarHandle(EventRingHeadFields.class, "head", long.class);
            SEQUENCE = lookup.findVarHandle(Slot.class, "sequence", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Slot[] slots;
    private final int mask;
    private final int capacity;
    /** The head is published when the position passes a multiple of {@code releaseMask + 1}. */
    private final int releaseMask;

    /**
     * @param capacity slots, a power of two
     * @param slotBytes the initial size of each slot's byte array
     */
    public EventRing(int capacity, int slotBytes) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity " + capacity + " is not a power of two");
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.releaseMask = Math.max(1, Math.min(64, capacity / 8)) - 1; // capacity is a power of two: so is this
        this.slots = new Slot[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new Slot();
        }
        for (Slot slot : slots) { // after the slots: the slot objects lie together in memory, not between byte arrays
            slot.bytes = new byte[slotBytes];
        }
        LIMIT.setRelease(this, (long) capacity);
    }

    /**
     * A free slot, claimed for the caller, which must {@link #publish} it whatever happens; {@code null}
     * (and the event counted as dropped) when the ring is full, or when it is closed (not counted: a late
     * event of a closed session).
     */
    public Slot claim() {
        if (closed) {
            return null;
        }
        long position = (long) TAIL.getVolatile(this);
        for (;;) {
            if (position >= (long) LIMIT.getAcquire(this)) {
                long limit = (long) HEAD.getAcquire(this) + capacity;
                if (position >= limit) {
                    DROPPED.getAndAdd(this, 1L); // the consumer has not freed the slot yet: full
                    return null;
                }
                LIMIT.setRelease(this, limit); // a lower bound of the true limit, whoever writes last
            }
            if (TAIL.weakCompareAndSet(this, position, position + 1)) {
                Slot slot = slots[(int) position & mask];
                slot.position = position;
                return slot;
            }
            position = (long) TAIL.getVolatile(this); // another producer took it
        }
    }

    /** Hands a claimed slot to the consumer; {@code failed}: its filling threw, the consumer skips and counts it. */
    public static void publish(Slot slot, boolean failed) {
        if (failed) {
            slot.kind = UNUSABLE;
            slot.clear();
        }
        SEQUENCE.setRelease(slot, slot.position + 1);
    }

    /**
     * Copies {@code event} and {@code span} (or {@code null}: no valid span) into a free slot;
     * {@code false} when the ring is full, which it counts. Never blocks; allocates only to grow a
     * slot for a record larger than any it held before.
     */
    public boolean offer(Event event, SpanContext span) {
        Slot slot = claim();
        if (slot == null) {
            return false;
        }
        // The slot is ours now: publish it whatever happens, or the consumer would wait for it forever.
        // A copy that throws (an event view that fails, no memory to grow the slot) leaves it marked
        // unusable; poll skips it and counts the event as failed.
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
            slot.layout = null; // the next arguments event sets its layout and type again
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
     * Hands the oldest event to {@code visitor} and frees its slot; {@code false} when there is none.
     * A slot whose filling failed is freed without a visit and counted in {@link #failed()}.
     * Consumer thread only.
     */
    public boolean poll(Visitor visitor) {
        long position = consumed;
        Slot slot = slots[(int) position & mask];
        if ((long) SEQUENCE.getAcquire(slot) != position + 1) {
            release(); // run dry: let the producers have every slot
            return false;
        }
        try {
            if (slot.kind == UNUSABLE) {
                failed++; // single consumer: no lost update
            } else {
                visitor.visit(slot);
            }
        } finally {
            slot.clear();
            consumed = position + 1;
            if (((position + 1) & releaseMask) == 0) {
                HEAD.setRelease(this, position + 1);
            }
        }
        return true;
    }

    /** Frees every slot polled so far for the producers. Consumer thread only. */
    public void release() {
        if (head != consumed) {
            HEAD.setRelease(this, consumed);
        }
    }

    /** Refuses further events (not counted: late events of a closed session). */
    public void close() {
        closed = true;
    }

    /** Events claimed and not yet polled (approximate while producers run). Consumer thread only. */
    public long size() {
        return Math.max(0, (long) TAIL.getVolatile(this) - consumed);
    }

    /** Events dropped because the ring was full. */
    public long dropped() {
        return (long) DROPPED.getVolatile(this);
    }

    /** Events whose copy into the ring threw (on the emitting thread), skipped by {@link #poll}. */
    public long failed() {
        return failed;
    }

    /** The number of slots. */
    public int capacity() {
        return capacity;
    }
}

/** Keeps the producers' line away from the object header and whatever precedes the ring in memory. */
abstract class EventRingPad0 {
    long p00, p01, p02, p03, p04, p05, p06, p07;
}

/** Written by the producers only (the consumer reads them for statistics). */
abstract class EventRingProducerFields extends EventRingPad0 {
    volatile long tail;
    /** A cached {@code head + capacity}: below it a slot is free without reading the head. */
    volatile long limit;
    volatile long dropped;
    /** Read by every producer, written once. */
    volatile boolean closed;
}

abstract class EventRingPad1 extends EventRingProducerFields {
    long p10, p11, p12, p13, p14, p15, p16, p17;
}

/** Written by the consumer, rarely: read by a producer that reaches its cached limit (a full ring: every drop). */
abstract class EventRingHeadFields extends EventRingPad1 {
    /** The position before which every slot is free, as the producers see it (published lazily). */
    volatile long head;
}

abstract class EventRingPad2 extends EventRingHeadFields {
    long p20, p21, p22, p23, p24, p25, p26, p27;
}

/** The consumer's own, written at every event: off the head's line, which the producers read. */
abstract class EventRingConsumerFields extends EventRingPad2 {
    /** The consumer's own position: slots before it are polled. */
    long consumed;
    /** Slots whose filling failed, skipped by the consumer. */
    volatile long failed;
}

/** Keeps the read-only fields every producer reads (slots, mask) off the consumer's line. */
abstract class EventRingPad3 extends EventRingConsumerFields {
    long p30, p31, p32, p33, p34, p35, p36, p37;
}
