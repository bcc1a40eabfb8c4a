package io.waymark.backend.ctf.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Padding in front of a {@link Slot}'s fields: two slots' commit words never share a cache line. */
abstract class SlotLeftPad {
    int p0;
    long p00, p01, p02, p03, p04, p05, p06, p07;
}

/** The fields of a {@link Slot} (see {@link Stream} for who writes and reads each, and how). */
abstract class SlotFields extends SlotLeftPad {
    /**
     * Σ (length + {@link Slot#RECORD_UNIT}) over every record committed here, plus every padding
     * byte, over all the slot's generations; only ever grows (so a late add is never lost). The low
     * 32 bits count bytes, the rest records.
     */
    volatile long commit;
    /** Discard mode: the sequence number of the sub-buffer this slot is released for (claimable iff equal). */
    volatile long seq;
    /** The memory of the sub-buffer: {@code size} bytes from {@link #at}; a heap buffer today, a mapped window later. */
    ByteBuffer window;
    /** {@link #window}'s array when it has one (heap memory), else {@code null}: the copy then skips the buffer's checks. */
    byte[] array;
    /** Where the sub-buffer starts in {@link #array}: {@link #at} plus the buffer's array offset. */
    int arrayAt;
    /** Where the sub-buffer starts in {@link #window}. */
    int at;
    /** Content end (offset where the padding starts), written by the switcher before its padding commit. */
    int end;
    /** The switch's timestamp: the packet's timestamp_end, written with {@link #end}. */
    long endTs;
    /** The stream's discard count when the sub-buffer was switched, written with {@link #end}. */
    long discardsAtSwitch;
}

/**
 * One sub-buffer's place in a {@link Stream}'s ring: its memory, its commit word, and what the
 * switch that closed it recorded. A slot serves sequence numbers {@code i, i + N, i + 2N, ...} (its
 * <em>generations</em>). Only its own stream's writers, background thread and snapshots touch it.
 */
public final class Slot extends SlotFields {

    long p10, p11, p12, p13, p14, p15, p16, p17;

    /** What one committed record adds to {@link #commit} beyond its length: the record count lives above bit 32. */
    public static final long RECORD_UNIT = 1L << 32;

    static final VarHandle COMMIT;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        try {
            COMMIT = MethodHandles.lookup().findVarHandle(SlotFields.class, "commit", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    Slot(ByteBuffer window, int at, long seq) {
        this.at = at;
        window(window);
        this.seq = seq;
    }

    /** Sets the sub-buffer's memory (plain stores: published by the release of {@link #seq} that follows). */
    void window(ByteBuffer memory) {
        this.window = memory;
        boolean heap = memory.hasArray();
        this.array = heap ? memory.array() : null;
        this.arrayAt = heap ? memory.arrayOffset() + at : 0;
    }

    /**
     * Copies one claimed record to {@code off} in the sub-buffer, stamps it with {@code ts}, and commits
     * it. The timestamp goes into the sub-buffer after the copy, not into the record before it: a store
     * the copy's wider loads would read back stalls them (no store-to-load forwarding), and in the
     * sub-buffer a record is whole once its timestamp is there.
     */
    void put(int off, byte[] record, int from, int len, long ts) {
        try {
            byte[] a = array;
            if (a != null) {
                int to = arrayAt + off;
                System.arraycopy(record, from, a, to, len); // the buffer's put would check bounds and scope first
                VarHandle.storeStoreFence();
                LONG.set(a, to + CtfLayout.EVENT_TIMESTAMP_OFFSET, ts);
            } else {
                ByteBuffer w = window;
                w.put(at + off, record, from, len);
                VarHandle.storeStoreFence();
                w.putLong(at + off + CtfLayout.EVENT_TIMESTAMP_OFFSET, ts);
            }
        } finally {
            add(len + RECORD_UNIT); // always: an uncommitted claim would hold its sub-buffer back forever
        }
    }

    /**
     * Overwrite mode: stores {@code seq} as the packet's {@code packet_seq_num} in the sub-buffer's memory (the
     * switch into it, before anyone claims in it). One plain 8-byte store: what a crash leaves for recovery to order
     * the ring by; snapshots write their own header.
     */
    void packetSeq(long seq) {
        ByteBuffer w = window;
        if (w.capacity() - at >= CtfLayout.PACKET_HEADER_SIZE) {
            w.putLong(at + CtfLayout.SEQ_NUM_OFFSET, seq);
        }
    }

    /** The commit word (acquire). */
    public long commitWord() {
        return commit;
    }

    /** Discard mode: the sequence number this slot is released for (claimable by a switch to exactly that one). */
    public long releasedFor() {
        return seq;
    }

    /** The sub-buffer's memory. */
    public ByteBuffer window() {
        return window;
    }

    /** Where the sub-buffer starts in {@link #window()}. */
    public int at() {
        return at;
    }

    /** Content end of the last switched generation (read after its commit word was found complete). */
    public int end() {
        return end;
    }

    /** timestamp_end of the last switched generation (read after its commit word was found complete). */
    public long endTs() {
        return endTs;
    }

    /** The stream's discard count at the switch that closed the last switched generation. */
    public long discardsAtSwitch() {
        return discardsAtSwitch;
    }

    /** Adds {@code amount} to the commit word: the commit (a full fence, a release for what came before). */
    void add(long amount) {
        COMMIT.getAndAdd(this, amount);
    }
}
