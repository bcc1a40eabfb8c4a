package io.waymark.backend.ctf.internal;

import io.waymark.spi.DiscardReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.IntFunction;

/** Padding in front of {@link Stream#head}: nothing else shares its cache line. */
abstract class StreamLeftPad {
    int p0;
    long p00, p01, p02, p03, p04, p05, p06, p07;
}

/** {@link Stream}'s contended word, between padding. */
abstract class StreamHead extends StreamLeftPad {
    /**
     * Bytes claimed in the stream: the current sub-buffer's sequence number in the high 32 bits, the
     * offset of the next free byte in it in the low 32 (starting at {@link CtfLayout#PACKET_HEADER_SIZE}).
     * Only grows: no ABA.
     */
    volatile long head;
}

/** Padding behind {@link StreamHead#head}. */
abstract class StreamRightPad extends StreamHead {
    long p10, p11, p12, p13, p14, p15, p16, p17;
}

/**
 * One stream of the trace: a ring of {@code N} sub-buffers ({@link Slot}s) that any number of threads
 * fill at once, none of them ever waiting for another. The protocol, once:
 *
 * <pre>{@code
 * // writer side (StreamSink.commit): never blocks, never throws; the record is already encoded
 * long at = stream.claim(record, from, len);    // one CAS on head; the clock is read inside the loop
 * if (at < 0) return;                           // discarded and counted (or late: the stream closed)
 * stream.commit(at, record, from, len);         // copy into the sub-buffer, then one getAndAdd
 * }</pre>
 *
 * The same claim serves events written in place from a tracepoint's arguments ({@link InPlaceRecorder}): the size is
 * computed first, the record written into the claimed bytes (its timestamp field stamped {@code IN_PROGRESS | len}
 * until the last store), then the same getAndAdd.
 *
 * <p><b>Words.</b> <em>Claim</em>: take bytes of the stream for one record, one successful CAS on
 * {@code head}. <em>Commit</em>: publish claimed bytes, adding their length (and one record) to the
 * sub-buffer's commit word. <em>Room</em>: bytes left in the current sub-buffer. <em>Switch</em>: the
 * claim that closes sub-buffer {@code s} (its tail becomes padding, committed at once) and opens
 * {@code s + 1}. <em>Release</em>: the background thread ({@link StreamKeeper}) makes a slot claimable
 * for a new sequence number once it took the sub-buffer it held. <em>Sink</em>: {@link StreamSink},
 * through which records reach the streams.
 *
 * <p><b>Claim.</b> Read {@code head}, then the clock (so timestamps never go back along a stream:
 * a record's clock read precedes its CAS, which precedes the next claimer's read of {@code head}); if
 * the record fits in the room, CAS {@code head} forward by its length. Otherwise switch: the slot of
 * {@code s + 1} must be claimable (discard mode: released for {@code s + 1}; overwrite mode: its
 * previous generation complete), else the event is discarded ({@link DiscardReason#BUFFER_FULL}: every
 * sub-buffer is full or waiting to be written; {@link DiscardReason#WRITE_FAILED} while the keeper cannot
 * allocate the next sub-buffer's disk blocks; {@link DiscardReason#SIZE_LIMIT} when {@code s + 1} lies beyond
 * the stream file's share of {@code max-size}). One CAS then claims the old tail as padding and the
 * record at the start of {@code s + 1}. A record larger than a sub-buffer's payload is discarded
 * before claiming ({@link DiscardReason#EVENT_TOO_LARGE}).
 *
 * <p><b>Complete.</b> Sub-buffer {@code s}, its slot's generation {@code g = s / N + 1}, is complete
 * when the low 32 bits of the commit word equal those of {@code g × payload}: records and padding
 * fill the payload exactly, so every claimed byte was written. A writer descheduled between its claim
 * and its commit keeps only its own sub-buffer incomplete: every other thread keeps claiming (in this
 * sub-buffer and the next ones) and the background thread keeps taking every other complete one.
 *
 * <p><b>Memory ordering</b> (the one table):
 * <table>
 * <caption>who writes and reads what, and what it guarantees</caption>
 * <tr><th>location</th><th>written by, how</th><th>read by, how</th><th>guarantees</th></tr>
 * <tr><td>{@code head}</td><td>claimers, switchers, the keeper's forced switch, close: CAS</td>
 *     <td>claimers, keeper, snapshots: volatile read</td>
 *     <td>one owner per byte range; the clock read between the read and the CAS makes time monotonic per stream</td></tr>
 * <tr><td>{@code Slot.seq} (discard)</td><td>keeper: plain writes of {@code window}, then volatile write of {@code seq}</td>
 *     <td>switcher: volatile read before its CAS</td>
 *     <td>a released slot's memory is visible to whoever claims in it (through the switcher's CAS and the
 *     next claimer's read of {@code head})</td></tr>
 * <tr><td>record bytes</td><td>claimer: bulk put (or the fields written in place), before its commit</td>
 *     <td>keeper, snapshot: after a volatile read of {@code commit} that finds the sub-buffer complete</td>
 *     <td>complete ⇒ every claimed byte written</td></tr>
 * <tr><td>{@code Slot.end}, {@code endTs}, {@code discardsAtSwitch}</td><td>switcher: plain, before its padding commit</td>
 *     <td>keeper, snapshot: after finding the slot complete</td><td>published by the padding commit (a release)</td></tr>
 * <tr><td>{@code Slot.commit}</td><td>committers: {@code getAndAdd}</td><td>keeper, snapshot: volatile read</td>
 *     <td>never reset, so no commit is ever lost</td></tr>
 * <tr><td>{@code discards[reason]}</td><td>any thread: {@code getAndAdd}</td><td>keeper, statistics: volatile read</td>
 *     <td>exact once the writers are quiet</td></tr>
 * <tr><td>{@code StreamKeeper.sleeping}</td><td>keeper: volatile</td><td>switcher: volatile read, then {@code unpark}</td>
 *     <td>no lost wake-up</td></tr>
 * </table>
 *
 * <p>Sub-buffer memory is a {@link ByteBuffer} per slot ({@link Slot#window()}, {@link Slot#at()}): in
 * discard mode the sub-buffer's packet in the memory-mapped stream file ({@link MappedWindows}), given by the
 * keeper when it releases the slot; in overwrite mode slot {@code i} is the packet at offset {@code i × S} of the
 * memory-mapped ring file, mapped once at creation, whose {@code packet_seq_num} each switch sets (so that a crash
 * leaves a ring that recovery can order); in unit tests, heap ({@link #heap}).
 */
public final class Stream extends StreamRightPad {

    /** {@link #claim} result: the event was discarded (counted). */
    public static final long DISCARDED = -1;
    /** {@link #claim} result: the stream is closed; a late event, not counted. */
    public static final long LATE = -2;
    static final long RETRY = -3;
    /**
     * Internal results of an {@link #offer}'s switch: the next sub-buffer is not claimable, nothing counted; the reason
     * is {@code REFUSED_BASE - result} (a {@link DiscardReason} ordinal).
     */
    private static final long REFUSED_BASE = -4;

    /** {@link #offer} result: the record was kept, or discarded and counted (too large), or is late (closed): done. */
    public static final int TAKEN = -1;
    // any other offer result is the ordinal of the DiscardReason for which this stream refused the record

    /** The refusal {@link #offer} reports for {@code reason}: its ordinal. */
    private static long refused(DiscardReason reason) {
        return REFUSED_BASE - reason.ordinal();
    }

    /** {@link #switchFrom} for a forced switch (no record): nothing counted, nobody woken. */
    private static final int FORCED = 0;
    /** {@link #switchFrom} for a record's switch: a refusal is counted here and wakes the keeper. */
    private static final int RECORD = 1;
    /** {@link #switchFrom} for an offered record's switch: a refusal wakes the keeper, counts nothing. */
    private static final int OFFER = 2;

    private static final int H = CtfLayout.PACKET_HEADER_SIZE;
    private static final VarHandle HEAD;
    private static final VarHandle DISCARDS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final DiscardReason[] REASONS = DiscardReason.values();

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(StreamHead.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int index;
    /** Bytes per sub-buffer. */
    private final int size;
    /** Bytes of records and padding per sub-buffer: {@code size - H}. */
    private final long payload;
    /** The longest record written in place ({@link InPlaceRecorder}): the payload, or the format's limit (its size word not stored). */
    private final int maxInPlace;
    private final Slot[] slots;
    private final int slotMask;
    private final int slotShift;
    private final boolean overwrite;
    /** By reason ordinal, 8 longs apart (no false sharing between reasons counted at once). */
    private final long[] discards = new long[REASONS.length * 8];
    /**
     * Events of this stream's session that the runtime discarded before they reached the backend
     * ({@link io.waymark.spi.Backend#onDiscarded}): in the packets' {@code events_discarded}, so that the
     * trace's count equals the session's, but not in {@link #discardedEvents()} (the session counts them).
     * Padded on both sides by the {@link #discards} array's layout being before it and the fields after.
     */
    private final long[] reported = new long[16];
    /** {@link System#nanoTime()} when the stream opened: timestamp_begin of its first packet. */
    private final long openedAt;
    private volatile boolean closed;
    /**
     * Why a switch into a slot not released for it discards: {@link DiscardReason#BUFFER_FULL} unless the keeper
     * failed to allocate the next sub-buffer's disk blocks ({@link DiscardReason#WRITE_FAILED}). Set by the keeper.
     */
    private volatile DiscardReason notReadyReason = DiscardReason.BUFFER_FULL;
    /** Woken when a switch makes a sub-buffer deliverable; {@code null} in overwrite mode. */
    private volatile StreamKeeper keeper;
    /**
     * Discard mode with {@code max-size}: the first sequence number the stream file has no room for; a switch into it
     * discards ({@link DiscardReason#SIZE_LIMIT}). {@link Long#MAX_VALUE}: no bound. Set before the stream is used.
     */
    private long limitSeq = Long.MAX_VALUE;

    /**
     * @param index the stream instance id
     * @param count sub-buffers in the ring: a power of two, at least 2
     * @param size bytes per sub-buffer, more than a packet header
     * @param overwrite whether a full ring reuses its oldest complete sub-buffer (else new events are discarded)
     * @param memory the memory of slot {@code i}: at least {@code size} bytes, little-endian; {@code null} (discard
     *     mode): the slot is not released yet, its keeper prepares and releases it
     */
    public Stream(int index, int count, int size, boolean overwrite, IntFunction<ByteBuffer> memory) {
        if (count < 2 || Integer.bitCount(count) != 1 || size <= H) {
            throw new IllegalArgumentException("a stream needs a power of two of sub-buffers (not " + count
                    + ") of more than " + H + " bytes (not " + size + ")");
        }
        this.index = index;
        this.size = size;
        this.payload = size - H;
        this.maxInPlace = (int) Math.min(payload, io.waymark.spi.wire.WireFormat.MAX_RECORD_SIZE - CtfLayout.RECORD_OFFSET);
        this.overwrite = overwrite;
        this.slots = new Slot[count];
        for (int i = 0; i < count; i++) {
            ByteBuffer m = memory.apply(i);
            // discard mode: slot i is released for sequence i; without memory yet, for none (the keeper prepares it)
            slots[i] = m != null ? new Slot(m, 0, i) : new Slot(ByteBuffer.allocate(0), 0, i - count);
        }
        this.slotMask = count - 1;
        this.slotShift = Integer.numberOfTrailingZeros(count);
        this.openedAt = System.nanoTime();
        this.head = H;
    }

    /** A closed stream that takes no event (a detached sink's stand-in): every claim is late. */
    public static Stream closedStub() {
        Stream stub = new Stream(-1, 2, H + 8, true, i -> ByteBuffer.allocate(H + 8));
        stub.close();
        return stub;
    }

    /** Heap memory for a stream's slots: {@code size} bytes each, little-endian. */
    public static IntFunction<ByteBuffer> heap(int size) {
        return i -> ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Sets why a switch into a slot that is not released discards (the keeper's view of the next sub-buffer). */
    void notReadyReason(DiscardReason reason) {
        this.notReadyReason = reason;
    }

    void keeper(StreamKeeper streamKeeper) {
        this.keeper = streamKeeper;
    }

    /** Sets the first sequence number the stream file has no room for ({@code max-size}); before the stream is used. */
    void limit(long seq) {
        this.limitSeq = seq;
    }

    /** Whether sub-buffer {@code seq} is the stream file's last one for records, or beyond it ({@code max-size}). */
    boolean lastOfShare(long seq) {
        return seq + 1 >= limitSeq;
    }

    /** The stream instance id. */
    public int index() {
        return index;
    }

    /** Bytes per sub-buffer. */
    public int subBufferSize() {
        return size;
    }

    /** Sub-buffers in the ring. */
    public int subBufferCount() {
        return slots.length;
    }

    /** The slot of sequence number {@code seq}. */
    public Slot slot(long seq) {
        return slots[(int) seq & slotMask];
    }

    /** The current value of {@code head} (sequence number above bit 32, offset below). */
    public long head() {
        return head;
    }

    long openedAt() {
        return openedAt;
    }

    /**
     * Claims {@code len} bytes for one record whose CTF event starts at {@code record[from]} and
     * stamps it: writes the claim's clock reading into the record's timestamp field. Returns the
     * claimed position (sequence number above bit 32, offset below) for {@link #commit}, or
     * {@link #DISCARDED} (counted) or {@link #LATE} (the stream closed). Never blocks.
     *
     * <p>The sink's path is {@link #append}, which runs the same loop but keeps the timestamp in a register
     * (stamping the record before the copy stalled the copy's loads); this split form is for tests and tools
     * that need a writer paused between claim and commit. Keep the two loops in step.
     */
    public long claim(byte[] record, int from, int len) {
        if (len > payload) {
            if (closed) {
                return LATE;
            }
            count(DiscardReason.EVENT_TOO_LARGE);
            return DISCARDED;
        }
        while (true) {
            long h = head;
            long ts = System.nanoTime(); // after head: see the class comment
            int off = (int) h;
            long at;
            if (off + len <= size) {
                if (!HEAD.compareAndSet(this, h, h + len)) {
                    continue; // another writer moved head: read it (and the clock) again
                }
                at = h;
            } else {
                at = switchFrom(h, off, len, ts, RECORD);
                if (at == RETRY) {
                    continue;
                }
                if (at < 0) {
                    return at;
                }
            }
            LONG.set(record, from + CtfLayout.EVENT_TIMESTAMP_OFFSET, ts);
            return at;
        }
    }

    /**
     * Copies the record claimed at {@code at} into its sub-buffer and commits it. Exactly one commit
     * follows every successful {@link #claim}, on the claiming thread. Puts 0 back into the record's
     * timestamp field (which {@link #claim} stamped) before the copy, as a writer with a sink bound keeps it.
     */
    public void commit(long at, byte[] record, int from, int len) {
        int tsAt = from + CtfLayout.EVENT_TIMESTAMP_OFFSET;
        long ts = (long) LONG.get(record, tsAt);
        LONG.set(record, tsAt, 0L); // the copy carries 0 there: torn by a crash, it must not look whole (Slot#put)
        slots[(int) (at >>> 32) & slotMask].put((int) at, record, from, len, ts);
    }

    /**
     * {@link #claim} and {@link #commit} in one (the sink's path): whether the record was kept. The
     * claim's timestamp goes into the sub-buffer after the copy ({@link Slot#put}), not into the record.
     */
    public boolean append(byte[] record, int from, int len) {
        if (len > payload) {
            return claim(record, from, len) >= 0; // discarded (counted) or late
        }
        // the loop of append(record, from, len, mode) for a RECORD, kept apart: the overwrite-mode path stays as small as
        // it was before offers existed (with the loop shared, the one-thread overwrite-mode benchmark measured 48.2 and 52.6 ns against 44.8 and 45.4)
        while (true) {
            long h = head;
            long ts = System.nanoTime(); // after head: see the class comment
            int off = (int) h;
            long at;
            if (off + len <= size) {
                if (!HEAD.compareAndSet(this, h, h + len)) {
                    continue; // another writer moved head: read it (and the clock) again
                }
                at = h;
            } else {
                at = switchFrom(h, off, len, ts, RECORD);
                if (at == RETRY) {
                    continue;
                }
                if (at < 0) {
                    return false;
                }
            }
            slots[(int) (at >>> 32) & slotMask].put((int) at, record, from, len, ts);
            return true;
        }
    }

    // ---- for InPlaceRecorder, whose copies (one per event type) run append's loop and write the record in place ----

    int maxInPlace() {
        return maxInPlace;
    }

    boolean casHead(long expected, long next) {
        return HEAD.compareAndSet(this, expected, next);
    }

    /** {@link #switchFrom} for a record written in place: the claimed position, {@link #RETRY}, or a negative result. */
    long switchInPlace(long h, int off, int len, long ts, boolean offer) {
        return switchFrom(h, off, len, ts, offer ? OFFER : RECORD);
    }

    /** The slot of a claimed position. */
    Slot slotAt(long at) {
        return slots[(int) (at >>> 32) & slotMask];
    }

    /** {@link #TAKEN} for a negative claim result that is not a refusal (discarded and counted, or late), else the reason's ordinal. */
    static int refusalOf(long at) {
        return at <= REFUSED_BASE ? (int) (REFUSED_BASE - at) : TAKEN;
    }

    /** Counts an event larger than a sub-buffer's payload or than the format allows (not once closed); {@link #TAKEN}. */
    int tooLarge() {
        if (!closed) {
            count(DiscardReason.EVENT_TOO_LARGE);
        }
        return TAKEN;
    }

    /**
     * {@link #append} that leaves a refusal to the caller (the sink's path, discard mode): {@link #TAKEN}, or, when the
     * next sub-buffer is not claimable, the ordinal of the reason ({@link DiscardReason#BUFFER_FULL},
     * {@link DiscardReason#WRITE_FAILED}, {@link DiscardReason#SIZE_LIMIT}) with nothing counted, so that the sink can
     * offer the record to another stream before counting it as discarded ({@link #countRefused(int)}).
     */
    public int offer(byte[] record, int from, int len) {
        long at = append(record, from, len, OFFER);
        return at <= REFUSED_BASE ? (int) (REFUSED_BASE - at) : TAKEN;
    }

    /**
     * Counts one event discarded because every stream refused it ({@link #offer}), for {@code refusal}, the reason this
     * stream gave; nothing once the stream is closed (a late event, as for a claim).
     */
    public void countRefused(int refusal) {
        if (!closed) {
            count(REASONS[refusal]);
        }
    }

    /** The claim, copy and commit of {@link #append} and {@link #offer}: the claimed position or a negative result. */
    private long append(byte[] record, int from, int len, int mode) {
        if (len > payload) {
            return claim(record, from, len); // discarded (counted: too large for any stream) or late
        }
        while (true) {
            long h = head;
            long ts = System.nanoTime(); // after head: see the class comment
            int off = (int) h;
            long at;
            if (off + len <= size) {
                if (!HEAD.compareAndSet(this, h, h + len)) {
                    continue; // another writer moved head: read it (and the clock) again
                }
                at = h;
            } else {
                at = switchFrom(h, off, len, ts, mode);
                if (at == RETRY) {
                    continue;
                }
                if (at < 0) {
                    return at;
                }
            }
            slots[(int) (at >>> 32) & slotMask].put((int) at, record, from, len, ts);
            return at;
        }
    }

    /**
     * The switch from sub-buffer {@code s} (of {@code h}) to {@code s + 1}, claiming {@code len}
     * bytes at its start ({@code mode}: {@link #FORCED}, {@link #RECORD} or {@link #OFFER}, which says what a refusal
     * counts and wakes): the claimed position, {@link #RETRY} when {@code head} moved meanwhile, {@link #REFUSED_BASE}
     * minus the reason's ordinal (an offer's refusal),
     * {@link #DISCARDED} (counted for a {@link #RECORD}) when the next slot is not claimable, or
     * {@link #LATE}.
     */
    private long switchFrom(long h, int off, int len, long ts, int mode) {
        if (closed) {
            return LATE;
        }
        long s = h >>> 32;
        long n = s + 1;
        Slot next = slots[(int) n & slotMask];
        if (n >= limitSeq || !claimable(next, n)) {
            if (head != h) {
                return RETRY; // another thread switched meanwhile: the slot's state was of another time
            }
            if (mode == FORCED) {
                return DISCARDED;
            }
            if (n >= limitSeq) { // for good: the keeper never releases it, so there is nothing to wake
                if (mode == OFFER) {
                    return refused(DiscardReason.SIZE_LIMIT);
                }
                count(DiscardReason.SIZE_LIMIT);
                return DISCARDED;
            }
            StreamKeeper k = keeper;
            if (k != null) {
                k.switched(); // a sleeping keeper may have missed the commit that completed a sub-buffer: the ring is full, so look now
            }
            DiscardReason reason = notReadyReason;
            if (mode == OFFER) {
                return refused(reason);
            }
            count(reason);
            return DISCARDED;
        }
        if (overwrite) {
            // the packet's sequence number before the CAS: a process killed right after it leaves a ring that recovery
            // orders correctly (every contender for this switch stores the same n)
            next.packetSeq(n);
        }
        long opened = n << 32 | H;
        if (!HEAD.compareAndSet(this, h, opened + len)) {
            return RETRY;
        }
        if (overwrite) {
            next.packetSeq(n); // again by the winner: a contender that lost after a long pause may have stored an older n
        }
        if (off <= size) { // else sealed (seal()): its tail was committed as padding then
            Slot current = slots[(int) s & slotMask];
            current.end = off;
            current.endTs = ts;
            current.discardsAtSwitch = traceDiscards();
            current.add(size - off); // the tail is padding: no record
        }
        StreamKeeper k = keeper;
        if (k != null) {
            k.switched();
        }
        return opened;
    }

    /** Whether sequence {@code n} may be claimed in {@code slot}. */
    private boolean claimable(Slot slot, long n) {
        if (!overwrite) {
            return slot.seq == n;
        }
        return isComplete(slot.commit, n - slots.length); // its previous generation: all written (none for n < N)
    }

    /**
     * Whether {@code commit}, a commit word of the slot of sequence {@code s}, says that sub-buffer
     * {@code s} is complete (every byte of its payload committed, padding included); {@code true} for
     * a negative {@code s} (no generation yet).
     */
    public boolean isComplete(long commit, long s) {
        if (s < 0) {
            return true;
        }
        long generations = (s >>> slotShift) + 1;
        return (int) commit == (int) (generations * payload);
    }

    /**
     * Spins until sub-buffer {@code s} is {@linkplain #isComplete complete} (its writers committed) and
     * returns {@code true}; returns {@code false} at {@code deadlineNanos} ({@link System#nanoTime()}) or
     * at once when the ring went round, {@code s}'s slot opened for a later sub-buffer: waiting for it
     * would be futile. For snapshots.
     */
    public boolean awaitComplete(long s, long deadlineNanos) {
        Slot slot = slot(s);
        while (!isComplete(slot.commit, s)) {
            if ((head >>> 32) >= s + slots.length || System.nanoTime() - deadlineNanos >= 0) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    /**
     * Records committed in the slot of sequence {@code s} over its generations up to {@code s}, when
     * {@link #isComplete}, modulo 2^32: the difference of two readings, masked to 32 bits, is a packet's count.
     */
    public long recordsUpTo(long commit, long s) {
        long generations = (s >>> slotShift) + 1;
        return (commit - generations * payload) >>> 32;
    }

    /**
     * Records committed so far in the slot of sequence {@code s}, complete or not, over its generations up
     * to {@code s}, modulo 2^32: what {@link #recordsUpTo} says once the slot is complete.
     */
    public long committedRecords(long commit, long s) {
        long earlier = s >>> slotShift; // whole generations before s's: their bytes, carries included, are known
        return (commit - earlier * payload) >>> 32; // s's own bytes so far stay below 2^32: no carry into the count
    }

    /**
     * A switch with no record (the keeper's, a flush's, a snapshot's): closes the current sub-buffer if
     * it holds any claimed bytes, so that it can be taken. Returns the sequence number below which
     * everything claimed so far lies in switched sub-buffers, or -1 when the next slot is not
     * claimable yet (try again later).
     */
    public long forceSwitch() {
        while (true) {
            long h = head;
            long ts = System.nanoTime();
            int off = (int) h;
            if (off == H) {
                return h >>> 32; // empty: nothing to switch
            }
            if (off > size) {
                return (h >>> 32) + 1; // sealed or closed: switched already
            }
            long at = switchFrom(h, off, 0, ts, FORCED);
            if (at == RETRY) {
                continue;
            }
            return at < 0 ? -1 : at >>> 32;
        }
    }

    /**
     * Closes the current sub-buffer without opening the next (a flush's switch when the next slot cannot be
     * released: its disk blocks could not be allocated, or it lies beyond the stream file's share of {@code max-size}):
     * moves {@code head} one past its end, committing its tail as padding, so that it can be delivered; every claim
     * then takes the switch path and discards until the next slot is released (never, beyond the share). Returns the
     * sequence number below which everything claimed lies in switched sub-buffers.
     */
    public long seal() {
        return seal(-1);
    }

    /**
     * {@link #seal()} if the current sub-buffer is still {@code expected} (any when negative), else -1: a caller that
     * decided to seal from an earlier reading of {@code head} must not seal the sub-buffer a writer opened since.
     */
    public long seal(long expected) {
        while (true) {
            long h = head;
            int off = (int) h;
            long s = h >>> 32;
            if (expected >= 0 && s != expected) {
                return -1;
            }
            if (off == H) {
                return s;
            }
            if (off > size) {
                return s + 1; // sealed or closed before
            }
            long ts = System.nanoTime();
            if (HEAD.compareAndSet(this, h, s << 32 | (size + 1))) {
                Slot current = slots[(int) s & slotMask];
                current.end = off;
                current.endTs = ts;
                current.discardsAtSwitch = traceDiscards();
                current.add(size - off);
                return s + 1;
            }
        }
    }

    /** Why a switch into a slot that is not released discards now. */
    DiscardReason notReadyReason() {
        return notReadyReason;
    }

    /**
     * Refuses further claims: moves {@code head} one past the end of the current sub-buffer, committing
     * its tail as padding. Returns the last sequence number that may hold records (its content ends
     * at {@link Slot#end()} once complete). Idempotent.
     */
    public long close() {
        closed = true;
        while (true) {
            long h = head;
            int off = (int) h;
            long s = h >>> 32;
            if (off > size) {
                return s; // closed before
            }
            long ts = System.nanoTime();
            if (HEAD.compareAndSet(this, h, s << 32 | (size + 1))) { // past the end: every claim takes the switch path, sees closed
                Slot current = slots[(int) s & slotMask];
                current.end = off;
                current.endTs = ts;
                current.discardsAtSwitch = traceDiscards();
                current.add(size - off);
                return s;
            }
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Counts one discarded event of this stream. */
    public void count(DiscardReason reason) {
        count(reason, 1);
    }

    /** Counts {@code events} discarded events of this stream. */
    public void count(DiscardReason reason, long events) {
        DISCARDS.getAndAdd(discards, reason.ordinal() * 8, events);
    }

    /** Events of this stream discarded for {@code reason} so far (exact once the writers are quiet). */
    public long discardedEvents(DiscardReason reason) {
        return (long) DISCARDS.getVolatile(discards, reason.ordinal() * 8);
    }

    /** Counts one event the runtime discarded for this stream's session: for the trace's count only (see {@link #reported}). */
    public void countReported() {
        DISCARDS.getAndAdd(reported, 8, 1L);
    }

    /**
     * What the trace's {@code events_discarded} says of this stream: its own discards, over every reason,
     * and those the runtime reported ({@link #countReported()}).
     */
    public long traceDiscards() {
        return discardedEvents() + (long) DISCARDS.getVolatile(reported, 8);
    }

    /** Events of this stream discarded so far, over every reason. */
    public long discardedEvents() {
        long total = 0;
        for (DiscardReason reason : REASONS) {
            total += discardedEvents(reason);
        }
        return total;
    }

    @Override
    public String toString() {
        long h = head;
        return "Stream[" + index + ", sub-buffer " + (h >>> 32) + " at " + (int) h + "]";
    }
}
