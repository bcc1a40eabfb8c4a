package io.waymark.backend.otel.internal;

import io.opentelemetry.api.trace.SpanContext;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.wire.WireFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The bounded buffer between emitting threads and the export thread: a preallocated ring of slots,
 * many producers, one consumer (Vyukov's bounded queue: one CAS on the tail per event, a sequence
 * number per slot that says whose turn it is). A slot holds the event's canonical record in an array
 * of its own, its type, its thread's name and the span context that was current on the emitting
 * thread: references and a copy, so an offer allocates nothing (a record larger than its slot's array
 * grows that array once, and the slot keeps it).
 *
 * <p>A full ring drops the event and counts it; an offer never waits.
 */
public final class EventRing {

    /** The size of a slot whose copy threw: released, but holding no event. */
    private static final int UNUSABLE = -1;

    private final int mask;
    private final AtomicLongArray sequences;
    private final byte[][] records;
    private final int[] sizes;
    private final EventType[] types;
    private final String[] threadNames;
    private final SpanContext[] spans;
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Slots whose copy failed, skipped by the consumer; written by the consumer only. */
    private volatile long failed;
    /** The consumer's position; written by the consumer only, read by others for statistics. */
    private volatile long head;

    /**
     * @param capacity slots, a power of two
     * @param slotBytes the initial size of each slot's record array
     */
    public EventRing(int capacity, int slotBytes) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity " + capacity + " is not a power of two");
        }
        this.mask = capacity - 1;
        this.sequences = new AtomicLongArray(capacity);
        this.records = new byte[capacity][];
        this.sizes = new int[capacity];
        this.types = new EventType[capacity];
        this.threadNames = new String[capacity];
        this.spans = new SpanContext[capacity];
        for (int i = 0; i < capacity; i++) {
            sequences.set(i, i);
            records[i] = new byte[slotBytes];
        }
    }

    /**
     * Copies {@code event} and {@code span} (or {@code null}: no valid span) into a free slot;
     * {@code false} when the ring is full, which it counts. Never blocks; allocates only to grow a
     * slot for a record larger than any it held before.
     */
    public boolean offer(Event event, SpanContext span) {
        long position = tail.get();
        int index;
        for (;;) {
            index = (int) position & mask;
            long sequence = sequences.getAcquire(index);
            long difference = sequence - position;
            if (difference == 0) {
                if (tail.weakCompareAndSetVolatile(position, position + 1)) {
                    break;
                }
                position = tail.get();
            } else if (difference < 0) {
                dropped.incrementAndGet(); // the consumer has not freed this slot yet: full
                return false;
            } else {
                position = tail.get(); // another producer took it
            }
        }
        // The slot is ours now: release it whatever happens, or the consumer would wait for it forever.
        // A copy that throws (an event view that fails, no memory to grow the slot) leaves it marked
        // unusable; poll skips it and counts the event as failed.
        boolean copied = false;
        try {
            int size = event.encodedSize();
            byte[] record = records[index];
            if (record.length < size) {
                record = new byte[Math.min(Math.max(size, record.length * 2), WireFormat.MAX_RECORD_SIZE)];
                records[index] = record;
            }
            event.copyEncodedTo(record, 0);
            sizes[index] = size;
            types[index] = event.type();
            threadNames[index] = event.threadName();
            spans[index] = span;
            copied = true;
        } finally {
            if (!copied) {
                sizes[index] = UNUSABLE;
                types[index] = null;
                threadNames[index] = null;
                spans[index] = null;
            }
            sequences.setRelease(index, position + 1);
        }
        return true;
    }

    /** What {@link #poll} hands the consumer: one slot's contents, valid until the visitor returns. */
    @FunctionalInterface
    public interface Visitor {
        void visit(EventType type, byte[] record, int size, String threadName, SpanContext span);
    }

    /**
     * Hands the oldest event to {@code visitor} and frees its slot; {@code false} when there is none.
     * A slot whose copy failed is freed without a visit and counted in {@link #failed()}.
     * Consumer thread only.
     */
    public boolean poll(Visitor visitor) {
        long position = head;
        int index = (int) position & mask;
        if (sequences.getAcquire(index) != position + 1) {
            return false;
        }
        try {
            if (sizes[index] == UNUSABLE) {
                failed++; // single consumer: no lost update
                return true;
            }
            visitor.visit(types[index], records[index], sizes[index], threadNames[index], spans[index]);
        } finally {
            types[index] = null; // no stale references keep application objects alive
            threadNames[index] = null;
            spans[index] = null;
            head = position + 1;
            sequences.setRelease(index, position + mask + 1);
        }
        return true;
    }

    /** Events offered and not yet polled (approximate while producers run). */
    public long size() {
        return Math.max(0, tail.get() - head);
    }

    /** Events dropped because the ring was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Events whose copy into the ring threw (on the emitting thread), skipped by {@link #poll}. */
    public long failed() {
        return failed;
    }

    /** The number of slots. */
    public int capacity() {
        return mask + 1;
    }
}
