package io.waymark.backend.ctf.internal;

import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.wire.EventWriter;
import io.waymark.spi.wire.RecordBuffer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Padding so two stripes' hot fields never share a cache line. */
abstract class StripeLeftPad {
    /** Fills the gap after the object header, where the JVM would otherwise put a field of the stripe's (its position, say). */
    int p0;
    long p00, p01, p02, p03, p04, p05, p06, p07;
}

/** The fields of a {@link Stripe}. */
abstract class StripeFields extends StripeLeftPad {
    /**
     * 0 free, else the id of the thread holding the stripe: a try-lock claimed with one CAS. The
     * owner's id makes giving a claim back after a failure ({@link Stripe#releaseIfHeldBy}) harmless
     * when the claim was given back already, even if another thread holds the stripe by then.
     */
    volatile long lock;
    /** Sub-buffers taken from the ring so far (under the lock). */
    long opened;
    /** Sub-buffers given back so far: by the flusher in discard mode, by the producer in overwrite mode. */
    volatile long released;
    /** The packet being filled, or {@code null}. */
    SubBuffer current;
    /**
     * The bytes, write position and event count of {@link #current} ({@code null}, 0, 0 without one):
     * kept here, in the padded stripe, rather than in the sub-buffer, so that two threads filling two
     * stripes never write to one cache line; copied into the sub-buffer when it is sealed.
     */
    byte[] bytes;
    int position;
    int events;
    /** {@code bytes.length}, 0 without a packet or once closed: the room check reads one field, not the array's header. */
    int end;
    /** The last timestamp written: events in a stream never go back in time. */
    long lastTimestamp;
    /** The next packet_seq_num. */
    long nextSeq;
    /** Events this stream discarded, cumulative; written under the lock. */
    long discarded;
    /** Events dropped without the lock (all stripes busy, oversized events); folded into {@link #discarded}. */
    volatile long unlockedDrops;
    /** The events_discarded value of the last sealed packet. */
    long sealedDiscarded;
    /** No more events: the backend closed. */
    boolean closed;
}

/**
 * One stream of the trace and its ring of sub-buffers (packets). Any thread may write to any stripe
 * after claiming it with {@link #tryLock()}: a single CAS, with no waiting; a thread that finds it
 * taken tries another stripe. Holding the stripe makes its owner the single producer of its ring.
 *
 * <p>Discard mode: a sealed packet goes to the {@link PacketSink} and comes back with
 * {@link #release()} once written; when every sub-buffer is in flight, new events are dropped and
 * counted. Overwrite mode: sealed packets stay in the ring and the oldest is reused.
 *
 * <p>In place: the stripe owns one {@linkplain EventWriter#inPlace in-place writer}, which the thread
 * holding the stripe uses for its event ({@link #claim}) and which hands the record back here
 * ({@link #commit}, {@link #abort}), releasing the stripe.
 */
public final class Stripe extends StripeFields implements RecordBuffer {

    long p10, p11, p12, p13, p14, p15, p16, p17;

    private static final VarHandle LOCK;
    private static final VarHandle RELEASED;
    private static final VarHandle UNLOCKED_DROPS;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            LOCK = lookup.findVarHandle(StripeFields.class, "lock", long.class);
            RELEASED = lookup.findVarHandle(StripeFields.class, "released", long.class);
            UNLOCKED_DROPS = lookup.findVarHandle(StripeFields.class, "unlockedDrops", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What a claim needs in the packet: a record header and the bytes its whole-word writes reach past it. */
    private static final int CLAIM_ROOM = CtfLayout.EVENT_HEADER_SIZE + EventWriter.OPEN_SLACK;

    private final int index;
    private final SubBuffer[] ring;
    private final boolean overwrite;
    private final PacketSink sink;
    private final byte[] uuid;
    private final EventClasses classes;
    /** The writer a thread holding this stripe writes its event with, in place. */
    private final EventWriter writer = EventWriter.inPlace(this);

    /**
     * @param index the stream instance id
     * @param count sub-buffers in the ring
     * @param size bytes per sub-buffer
     * @param overwrite whether a full ring overwrites its oldest packet (else new events are dropped)
     * @param sink where sealed packets go in discard mode; unused in overwrite mode
     * @param uuid the trace uuid, 16 bytes, for packet headers
     * @param classes the event classes the trace declares: a record of another class is not kept
     */
    public Stripe(int index, int count, int size, boolean overwrite, PacketSink sink, byte[] uuid, EventClasses classes) {
        this.index = index;
        this.classes = classes;
        this.overwrite = overwrite;
        this.sink = sink;
        this.uuid = uuid.clone();
        this.ring = new SubBuffer[count];
        for (int i = 0; i < count; i++) {
            ring[i] = new SubBuffer(this, size);
        }
    }

    /**
     * A stripe that takes no event: closed, with no ring and no packet memory. A detached sink holds
     * it in place of its stripes, so that a late claim needs no null check.
     */
    public static Stripe closedStub() {
        Stripe stub = new Stripe(-1, 0, 0, false, null, new byte[16], null);
        stub.close();
        stub.writer.bindRoom(new byte[0], 0); // a live stripe paired with this writer mid-detach fails to open a record, and frees itself
        return stub;
    }

    /** The stream instance id. */
    public int index() {
        return index;
    }

    /** Claims the stripe for the calling thread if it is free; never waits. */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    public boolean tryLock() {
        return tryLock(Thread.currentThread().getId());
    }

    /** Claims the stripe for the thread whose id is {@code owner} (the calling thread's) if it is free; never waits. */
    public boolean tryLock(long owner) {
        return lock == 0 && LOCK.compareAndSet(this, 0L, owner);
    }

    /**
     * {@link #tryLock(long)} for the event path: the CAS alone, without reading the lock first. A
     * stripe is mostly free when its home thread comes, and reading first would put one more load
     * in front of the CAS; a thread that meets a held stripe moves on rather than spinning on it.
     */
    public boolean tryClaim(long owner) {
        // the witness, not the CAS's boolean: compiled, the claim branches on cmpxchg's flags directly
        return (long) LOCK.compareAndExchange(this, 0L, owner) == 0L;
    }

    /** The writer a thread holding this stripe writes its event with ({@link #claim}). */
    public EventWriter writer() {
        return writer;
    }

    /** Claims the stripe, spinning; for the flusher and snapshots, never for application threads. */
    public void lock() {
        while (!tryLock()) {
            Thread.onSpinWait();
        }
    }

    /** Frees the stripe; the caller holds it. */
    public void unlock() {
        LOCK.setRelease(this, 0L);
    }

    /**
     * Frees the stripe if the thread whose id is {@code owner} still holds it: for giving a claim back
     * after a failure (a {@code StackOverflowError} mid-claim, say), when it is not known whether the
     * failing code freed it already. Costs a CAS; the event path frees with {@link #unlock()}.
     */
    public void releaseIfHeldBy(long owner) {
        if (lock == owner) {
            LOCK.compareAndSet(this, owner, 0L);
        }
    }

    /** Counts an event dropped without holding the stripe. Lock-free. */
    public void countUnlockedDrop() {
        UNLOCKED_DROPS.getAndAdd(this, 1L);
    }

    /** Events discarded by this stream so far (racy read; exact once the stripe is quiet). */
    public long discardedEvents() {
        return (long) DISCARDED.getOpaque(this) + unlockedDrops;
    }

    private static final VarHandle DISCARDED;

    static {
        try {
            DISCARDED = MethodHandles.lookup().findVarHandle(StripeFields.class, "discarded", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Appends one event's canonical record (but for its size word, {@link CtfLayout#RECORD_OFFSET});
     * the caller holds the stripe. The record's timestamp is raised to the stream's last one when it
     * is lower (another thread's later event won the stripe first). Returns {@code false} when the
     * event was discarded (counted: no free sub-buffer, or a record whose class the trace does not
     * declare) or the stripe is closed (not counted: a late event).
     *
     * @param size the event's size in the packet: {@link Event#encodedSize()} minus
     *     {@link CtfLayout#RECORD_OFFSET}, at most a sub-buffer's capacity minus
     *     {@link CtfLayout#PACKET_HEADER_SIZE}
     */
    public boolean append(Event event, int size) {
        if (closed) {
            return false;
        }
        long timestamp = Math.max(event.timestampNanos(), lastTimestamp);
        if (!room(size, timestamp)) {
            return false;
        }
        byte[] a = bytes;
        int at = position;
        int recordAt = at - CtfLayout.RECORD_OFFSET; // over the last bytes before the event: kept
        int before = (int) INT.get(a, recordAt);
        event.copyEncodedTo(a, recordAt);
        INT.set(a, recordAt, before);
        if (!keep(at, size, event.type())) {
            return false;
        }
        if ((long) LONG.get(a, at + CtfLayout.EVENT_TIMESTAMP_OFFSET) < timestamp) {
            LONG.set(a, at + CtfLayout.EVENT_TIMESTAMP_OFFSET, timestamp);
        }
        lastTimestamp = timestamp;
        return true;
    }

    /**
     * Claims room for one record at the current packet's position (opening a packet when fewer than a
     * record header's bytes, and the few {@link EventWriter#openRecord} writes past it, are left) and returns the stripe's writer with the record's header
     * written, its timestamp raised to keep the stream monotonic; the caller holds the stripe, which
     * the writer releases at {@link #commit} or {@link #abort}. Returns {@code null}, having released
     * the stripe, when the stripe is closed or (counted) no sub-buffer is free.
     *
     * @param w this stripe's {@link #writer()}, which the caller has at hand
     * @param threadId the id of the calling thread, which holds the stripe ({@link #tryClaim(long)})
     */
    public EventWriter claim(EventWriter w, EventType type, int identityWord, long timestamp, long threadId) {
        try {
            long raised = Math.max(timestamp, lastTimestamp);
            // closed only on the slow path: a closed stripe has no room (end is 0), so every claim takes it
            if (position + CLAIM_ROOM > end && (closed || !room(CLAIM_ROOM, raised))) {
                unlock();
                return null;
            }
            lastTimestamp = raised;
            w.openRecord(position - CtfLayout.RECORD_OFFSET, type, identityWord, raised, threadId); // bound at open()
            return w;
        } catch (Throwable t) {
            releaseIfHeldBy(threadId); // a StackOverflowError, say: never keep the stripe
            throw t;
        }
    }

    /**
     * Keeps the record the stripe's writer completed after {@link #claim} and releases the stripe: in
     * place when it is there (its class was checked when the sink was handed out, its timestamp raised
     * at the claim), else (it outgrew the packet) copied into the next packet.
     */
    @Override
    public void commit(EventWriter completed) {
        try {
            if (completed.isInClaimedRoom()) {
                position = completed.recordStart() + completed.encodedSize();
                events++;
                return;
            }
            int size = completed.encodedSize() - CtfLayout.RECORD_OFFSET;
            if (size > maxEventSize()) {
                DISCARDED.setOpaque(this, discarded + 1); // larger than a packet: no packet can hold it
                return;
            }
            append(completed, size);
        } finally {
            unlock();
        }
    }

    /**
     * Releases the stripe without keeping the record (the writer counts it as dropped). Also what the
     * writer calls when {@link #commit} failed before it could release the stripe: harmless when it did.
     */
    @Override
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    public void abort(EventWriter abandoned) {
        releaseIfHeldBy(Thread.currentThread().getId());
    }

    private int maxEventSize() {
        return ring[0].bytes.length - CtfLayout.PACKET_HEADER_SIZE;
    }

    /**
     * Makes the current packet one with room for {@code size} more bytes at {@link #position}: seals
     * the current packet when it is too full and opens the next one, which begins at
     * {@code timestamp}. Returns {@code false}, having counted the event as discarded, when the ring
     * has no free sub-buffer (discard mode).
     */
    private boolean room(int size, long timestamp) {
        if (position + size <= end) {
            return true;
        }
        if (bytes != null) {
            seal(current);
        }
        if (open(timestamp) == null) {
            DISCARDED.setOpaque(this, discarded + 1);
            return false;
        }
        return true;
    }

    /**
     * Keeps the event of {@code size} bytes just written at {@code at}, the current packet's position,
     * if its identity word names a class the trace declares for {@code type}: moves the position past
     * it (its timestamp is the caller's: raised at the claim, or by append). Otherwise counts the event as
     * discarded and leaves no trace of it: the position stays (the next event overwrites it), and a
     * packet opened for it alone goes back to the ring.
     */
    private boolean keep(int at, int size, EventType type) {
        byte[] a = bytes;
        if (!classes.accepts((int) INT.get(a, at + CtfLayout.EVENT_ID_OFFSET), type)) {
            if (events == 0) {
                opened--;
                current = null;
                bytes = null;
                end = 0;
            }
            DISCARDED.setOpaque(this, discarded + 1);
            return false;
        }
        position = at + size;
        events++;
        return true;
    }

    /** Takes the next sub-buffer and writes its header, or {@code null} when the ring is full (discard mode). */
    private SubBuffer open(long timestamp) {
        int count = ring.length;
        if (opened - released >= count) {
            if (!overwrite) {
                return null;
            }
            RELEASED.setRelease(this, released + 1); // the oldest sealed packet is overwritten
        }
        SubBuffer b = ring[(int) (opened % count)];
        opened++;
        byte[] a = b.bytes;
        INT.set(a, CtfLayout.MAGIC_OFFSET, CtfLayout.MAGIC);
        System.arraycopy(uuid, 0, a, CtfLayout.UUID_OFFSET, 16);
        INT.set(a, CtfLayout.STREAM_ID_OFFSET, CtfLayout.STREAM_CLASS_ID);
        LONG.set(a, CtfLayout.STREAM_INSTANCE_OFFSET, (long) index);
        LONG.set(a, CtfLayout.TIMESTAMP_BEGIN_OFFSET, timestamp);
        b.openedAt = timestamp;
        current = b;
        bytes = a;
        end = closed ? 0 : a.length; // a packet opened after close (for a last discarded count) takes no claim
        writer.bindRoom(a, a.length); // the writer's records open in this packet until the next
        position = CtfLayout.PACKET_HEADER_SIZE;
        events = 0;
        return b;
    }

    /** Completes the packet context of the current packet and hands it on; the caller holds the stripe. */
    private void seal(SubBuffer b) {
        long drops = (long) UNLOCKED_DROPS.getAndSet(this, 0L);
        if (drops != 0) {
            DISCARDED.setOpaque(this, discarded + drops);
        }
        byte[] a = b.bytes;
        b.position = position;
        b.events = events;
        long bits = (long) b.position * 8;
        LONG.set(a, CtfLayout.TIMESTAMP_END_OFFSET, lastTimestamp);
        LONG.set(a, CtfLayout.CONTENT_SIZE_OFFSET, bits);
        LONG.set(a, CtfLayout.PACKET_SIZE_OFFSET, bits);
        LONG.set(a, CtfLayout.SEQ_NUM_OFFSET, nextSeq++);
        LONG.set(a, CtfLayout.DISCARDED_OFFSET, discarded);
        sealedDiscarded = discarded;
        current = null;
        bytes = null;
        end = 0;
        position = 0;
        events = 0;
        if (!overwrite) {
            sink.sealed(b);
        }
    }

    /**
     * Seals the current packet if it holds events older than {@code minAgeNanos} (any, when it is
     * not positive), or if discarded
     * events are not yet reported in a packet (then an empty packet carries the count, when a
     * sub-buffer is free). The caller holds the stripe. Returns whether a packet was sealed.
     */
    public boolean sealIfDue(long now, long minAgeNanos) {
        SubBuffer b = current;
        if (b != null) {
            if (events > 0 && (minAgeNanos <= 0 || now - b.openedAt >= minAgeNanos)) {
                seal(b);
                return true;
            }
            return false;
        }
        if (discarded + unlockedDrops != sealedDiscarded) {
            long timestamp = Math.max(lastTimestamp, now);
            b = open(timestamp);
            if (b != null) {
                lastTimestamp = timestamp;
                seal(b);
                return true;
            }
        }
        return false;
    }

    /** Refuses further events; the caller holds the stripe. */
    public void close() {
        closed = true;
        end = 0; // no room: every claim takes the slow path, which sees closed
    }

    /** Gives the oldest packet in flight back to the ring once the flusher wrote it (discard mode). */
    public void release() {
        RELEASED.setRelease(this, released + 1);
    }

    /**
     * Seals the current packet (unless empty) and copies every sealed packet still in the ring,
     * oldest first, into one array: a stream file. The caller holds the stripe; overwrite mode.
     */
    public byte[] snapshot() {
        SubBuffer b = current;
        if (b != null) {
            if (events > 0) {
                seal(b);
            } else {
                opened--; // give the empty packet back; it is reopened by the next event
                current = null;
                bytes = null;
                end = 0;
            }
        }
        int total = 0;
        for (long i = released; i < opened; i++) {
            total += ring[(int) (i % ring.length)].position;
        }
        byte[] out = new byte[total];
        int at = 0;
        for (long i = released; i < opened; i++) {
            SubBuffer packet = ring[(int) (i % ring.length)];
            System.arraycopy(packet.bytes, 0, out, at, packet.position);
            at += packet.position;
        }
        return out;
    }
}
