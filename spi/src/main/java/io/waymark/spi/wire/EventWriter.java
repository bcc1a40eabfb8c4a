package io.waymark.spi.wire;

import static io.waymark.spi.wire.WireFormat.HEADER_SIZE;
import static io.waymark.spi.wire.WireFormat.MAX_RECORD_SIZE;

import io.waymark.spi.EventType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An event encoder, the calling thread's own or (in place) one a backend lends: generated code
 * writes one event's fields into it, in the canonical encoding ({@link WireFormat}), and the probe
 * hands it to backends as the {@link io.waymark.spi.Event} view of those bytes. Writing stores
 * primitives into a byte array the writer owns: no lock, no allocation once the array has grown to
 * the largest event, and no reference store (so no garbage-collector write barrier) per field.
 *
 * <p>A platform thread owns one writer per nesting depth, up to {@link #MAX_DEPTH}; an event that
 * would need a deeper one (a backend recursing into tracepoints) is dropped and counted, as is an
 * event larger than {@link WireFormat#MAX_RECORD_SIZE}. A virtual thread (Java 21 and later) owns
 * none: it borrows one of a small pool for the duration of one event ({@link VirtualThreadWriters}),
 * so that millions of virtual threads neither allocate a writer each nor contend.
 *
 * <p>In place: a backend's {@link RecordSink} owns writers of its own ({@link #inPlace}), one per
 * stream it can lock, and lends one for each event it claims room for; such a writer writes the
 * record straight into the backend's memory, no {@link io.waymark.spi.Event} view is handed out, and
 * the emitting thread looks up no writer of its own. A record that outgrows the claimed room moves to
 * the in-place writer's own array and is finished there.
 *
 * <p>Generated code only: {@code Probe.beginHandle()}, the {@code put} calls in field order, {@code Probe.commit}.
 */
public final class EventWriter extends EventWriterFields {

    /** How many events one thread may have in flight at once (nested from backends). */
    public static final int MAX_DEPTH = 4;

    /**
     * Bytes past the header that {@link #openRecord} overwrites when the room holds them: the header
     * is then written as whole words. Sinks claim this much more than a header for the faster writes.
     */
    public static final int OPEN_SLACK = 4;

    /** Bytes past a reserved run of fields that its last whole-word store may overwrite (see {@link #reserve}). */
    static final int RESERVED_SLACK = 7;

    private static final int INITIAL_CAPACITY = 256;
    /** The most an own array grows to: the largest record, and the slack of a reserved run at its end. */
    private static final int OWN_CAPACITY = MAX_RECORD_SIZE + RESERVED_SLACK;
    private static final ThreadLocal<EventWriter> CURRENT = ThreadLocal.withInitial(() -> new EventWriter(0));
    private static final AtomicLong DROPPED = new AtomicLong();
    private static final VarHandle LENT;

    static {
        try {
            LENT = MethodHandles.lookup().findVarHandle(EventWriterFields.class, "lent", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Writers created since the JVM started: one per platform thread and nesting depth, plus the virtual-thread pool. */
    private static final AtomicLong CREATED = new AtomicLong();
    /** {@code Thread.isVirtual()} on Java 21 and later, {@code null} before: a constant, so the JIT folds the test. */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    // Padding: the fields are EventWriterFields' (in front of the pad, after EncodedEvent's). A writer
    // is written at every event by one thread; these 64 bytes keep the next object in memory (another
    // thread's writer or stripe, after a collection moved them side by side) off its cache lines.
    long q00, q01, q02, q03, q04, q05, q06, q07;


    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    private EventWriter(int depth) {
        this.depth = depth;
        this.pooled = false;
        this.home = null;
        this.thread = Thread.currentThread();
        this.buffer = this.own = new byte[INITIAL_CAPACITY];
        this.limit = INITIAL_CAPACITY;
        this.threadId = thread.getId();
        LONG.set(buffer, WireFormat.THREAD_OFFSET, threadId); // stays in the header: see start()
        CREATED.incrementAndGet();
    }

    /** A writer of the virtual-thread pool ({@link VirtualThreadWriters}). */
    EventWriter() {
        this.depth = 0;
        this.pooled = true;
        this.home = null;
        this.buffer = this.own = new byte[INITIAL_CAPACITY];
        this.limit = INITIAL_CAPACITY;
        CREATED.incrementAndGet();
    }

    private EventWriter(RecordBuffer home) {
        this.depth = 0;
        this.pooled = false;
        this.home = home;
        this.buffer = this.own = new byte[INITIAL_CAPACITY];
        this.limit = INITIAL_CAPACITY;
    }

    /**
     * A writer that writes records in place into {@code home}'s memory, for a {@link RecordSink} to
     * lend for one event at a time ({@link RecordSink#claim}): the sink must guarantee that one thread
     * at most uses it at once (a stream lock, say). Setup-time: the sink makes one per stream.
     */
    public static EventWriter inPlace(RecordBuffer home) {
        if (home == null) {
            throw new NullPointerException("home: the RecordBuffer an in-place writer hands its records to");
        }
        return new EventWriter(home);
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null; // Java 17 to 20: every thread is a platform thread
        }
    }

    /** Writers created since the JVM started (for tests: virtual threads must not create one each). */
    static long writersCreated() {
        return CREATED.get();
    }

    /** Lends this pooled writer to {@code borrower} if it is free; never waits. */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    boolean tryLend(Thread borrower) {
        if (lent != 0 || !LENT.compareAndSet(this, 0, 1)) {
            return false;
        }
        thread = borrower;
        threadId = borrower.getId();
        LONG.set(own, WireFormat.THREAD_OFFSET, threadId);
        return true;
    }

    /** Events dropped on the emitting side since the JVM started (nested too deeply, too large, internal faults). */
    public static long droppedEvents() {
        return DROPPED.get();
    }

    /** Counts one dropped event. */
    public static void countDropped() {
        DROPPED.incrementAndGet();
    }

    /**
     * Starts an event on the calling thread and writes its header; {@code null} when it must be
     * dropped. Never throws. For {@code Probe}.
     *
     * @param eventType the writer's schema of the event
     * @param identityWord {@link WireFormat#identityWord(int, int)} of the event
     */
    public static EventWriter begin(EventType eventType, int identityWord) {
        try {
            // The clock first: fewer live values across its call, and the event's time is its start.
            long timestamp = System.nanoTime();
            EventWriter writer;
            if (IS_VIRTUAL != null && (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread())) {
                // a virtual thread borrows a writer: millions of them must not each keep one
                writer = VirtualThreadWriters.lend(Thread.currentThread());
                if (writer == null) {
                    countDropped();
                    return null;
                }
            } else {
                writer = CURRENT.get();
                while (writer.inUse) {
                    writer = writer.nested();
                    if (writer == null) {
                        countDropped();
                        return null;
                    }
                }
            }
            writer.start(eventType, identityWord, timestamp);
            return writer;
        } catch (Throwable t) {
            // Out of memory for a first writer, say: the application must never see it.
            countDropped();
            return null;
        }
    }

    /**
     * Starts an event in place in room claimed from {@code sink}: the sink's writer with the record
     * header written, or {@code null} when the event must be dropped (the sink had no room, and
     * counted it). Never throws. For {@code Probe}.
     */
    public static EventWriter claim(RecordSink sink, EventType eventType, int identityWord) {
        try {
            return sink.claim(eventType, identityWord, System.nanoTime());
        } catch (Throwable t) {
            countDropped();
            return null;
        }
    }

    /**
     * {@link #claim} when {@code sink} is not {@code null}, else {@link #begin(EventType, int)}.
     */
    public static EventWriter begin(EventType eventType, int identityWord, RecordSink sink) {
        return sink != null ? claim(sink, eventType, identityWord) : begin(eventType, identityWord);
    }

    private EventWriter nested() {
        if (nested == null) {
            if (depth + 1 >= MAX_DEPTH) {
                return null;
            }
            nested = new EventWriter(depth + 1);
        }
        return nested;
    }

    private void start(EventType eventType, int identityWord, long timestamp) {
        inUse = true;
        overflow = false;
        byte[] b = own; // a thread's writer always writes to its own array ({@link #buffer} is it)
        // The header's event identity, version and thread stay in the buffer from one event to the
        // next (growing copies them), so only the timestamp is written for every event; the rest
        // when the event type changes (and the thread id when the writer is made or lent). The type
        // reference is stored only then too: the writer is old, so that store pays the garbage
        // collector's write barrier.
        if (type != eventType || headerIdentity != identityWord) {
            type = eventType;
            headerIdentity = identityWord;
            INT.set(b, WireFormat.PROVIDER_OFFSET, identityWord);
            INT.set(b, WireFormat.VERSION_OFFSET, eventType.version());
        }
        LONG.set(b, WireFormat.TIMESTAMP_OFFSET, timestamp);
        position = HEADER_SIZE;
    }

    /**
     * Binds the memory this in-place writer opens its records in: {@code bytes}, whose room for
     * records ends at {@code limit} (exclusive), until the next call. A sink calls it when its memory
     * changes (a new packet), not for every record: {@link #openRecord(int, EventType, int, long, long)}
     * then opens records there. A record that outgrew its room and is still being handed back keeps
     * its own array; the writer comes back to the bound memory at its next record.
     */
    public void bindRoom(byte[] bytes, int limit) {
        if (room != bytes) {
            room = bytes; // a new packet: a reference store (and its barrier) per packet, not per record
        }
        roomLimit = limit;
        if (!spilled) {
            if (buffer != bytes) {
                buffer = bytes;
            }
            this.limit = limit;
        }
    }

    /**
     * Opens a record in {@code bytes} at {@code at}, whose fields may fill it up to {@code limit}
     * (exclusive), for a sink whose memory may change from one record to the next: binds the memory
     * ({@link #bindRoom}) and opens the record as {@link #openRecord(int, EventType, int, long, long)}
     * does. The room must hold at least {@link WireFormat#HEADER_SIZE} bytes; with {@link #OPEN_SLACK}
     * bytes more the header is written as whole words, else exactly (not a byte past it).
     */
    public void openRecord(byte[] bytes, int at, int limit, EventType eventType, int identityWord, long timestamp,
            long threadId) {
        bindRoom(bytes, limit);
        if (limit - at >= HEADER_SIZE + OPEN_SLACK) {
            openRecord(at, eventType, identityWord, timestamp, threadId);
            return;
        }
        openRecordExactly(at, eventType, identityWord, timestamp, threadId); // a room that holds the header and no more
    }

    /**
     * Opens a record in room a {@link RecordSink} claimed for this in-place writer in its
     * {@linkplain #bindRoom bound memory} and writes its whole header (the room holds another event's
     * bytes, or none): the record starts at {@code at}, and its fields may fill the room up to the
     * bound limit; a record that needs more moves to the writer's own array. For
     * {@link RecordSink#claim}, on a writer from {@link #inPlace}, while the sink holds the room for
     * the calling thread. The room must hold at least {@link WireFormat#HEADER_SIZE} +
     * {@link #OPEN_SLACK} bytes from {@code at}: the header is written as whole words (fewer stores to
     * check), the last of which ends {@code OPEN_SLACK} bytes past it. A sink that cannot promise as
     * much calls {@link #openRecord(byte[], int, int, EventType, int, long, long)}.
     *
     * <p>The writer never writes the record's size word (its first four bytes) in claimed room:
     * {@link #encodedSize()} tells the buffer the size at commit. A buffer that does not store the size
     * may thus let those four bytes overlap the end of the record before.
     *
     * @param timestamp the timestamp to record
     * @param threadId the emitting thread's id
     */
    public void openRecord(int at, EventType eventType, int identityWord, long timestamp, long threadId) {
        byte[] bytes = startRecord(at, eventType);
        assert limit - at >= HEADER_SIZE + OPEN_SLACK : "room for the header and its slack";
        // Whole words, in ascending order: the JIT checks the array bounds of the four stores once, and
        // each word overwrites what the one before wrote past its field. The last one writes
        // OPEN_SLACK bytes past the header, inside the room.
        LONG.set(bytes, at + WireFormat.PROVIDER_OFFSET, (long) identityWord);
        LONG.set(bytes, at + WireFormat.TIMESTAMP_OFFSET, timestamp);
        LONG.set(bytes, at + WireFormat.THREAD_OFFSET, threadId);
        LONG.set(bytes, at + WireFormat.VERSION_OFFSET, (long) (eventType.version() & 0xFFFF)); // flags: zero
        position = at + HEADER_SIZE;
    }

    /** {@link #openRecord(int, EventType, int, long, long)} in a room that holds the header and not a byte more. */
    private void openRecordExactly(int at, EventType eventType, int identityWord, long timestamp, long threadId) {
        byte[] bytes = startRecord(at, eventType);
        INT.set(bytes, at + WireFormat.PROVIDER_OFFSET, identityWord);
        LONG.set(bytes, at + WireFormat.TIMESTAMP_OFFSET, timestamp);
        LONG.set(bytes, at + WireFormat.THREAD_OFFSET, threadId);
        INT.set(bytes, at + WireFormat.VERSION_OFFSET, eventType.version() & 0xFFFF); // flags: zero
        position = at + HEADER_SIZE;
    }

    /** Starts a record at {@code at} in the bound memory; returns the array to write its header into. */
    private byte[] startRecord(int at, EventType eventType) {
        if (spilled) { // the record before outgrew its room: back to the bound memory (rare)
            spilled = false;
            buffer = room;
            limit = roomLimit;
        }
        if (type != eventType) {
            type = eventType; // mostly the same type as the last event's: no reference store (and barrier) then
        }
        start = at;
        overflow = false; // a record larger than the format allows is dropped at commit
        return buffer;
    }

    /** Where the record starts in the claimed array; for {@link RecordBuffer#commit}. */
    public int recordStart() {
        return start;
    }

    /** Whether the record is in the room the sink claimed (else it outgrew it and is in the writer's own array). */
    public boolean isInClaimedRoom() {
        return !spilled;
    }

    /**
     * Completes the record: {@code true} when it may be dispatched (then {@link #release()} follows),
     * {@code false} when there is nothing to dispatch: the record overflowed (counted as dropped) or
     * went to an in-place writer's buffer, and the writer is released already. For {@code Probe}.
     */
    public boolean finish() {
        if (home != null) {
            finishInPlace();
            return false; // the buffer has it, and the writer went back to it: nothing to dispatch, nothing to release
        }
        if (overflow) {
            countDropped();
            release();
            return false;
        }
        INT.set(buffer, WireFormat.SIZE_OFFSET, position);
        size = position;
        newRecord();
        return true;
    }

    /** Hands the in-place record to its buffer: the writer's last act for this event (see {@link RecordBuffer}). */
    private void finishInPlace() {
        if (overflow || position - start > MAX_RECORD_SIZE) { // larger than the format allows, in any room
            home.abort(this); // first: whatever fails after it, the buffer has its room back
            countDropped();
            return;
        }
        int recordSize = position - start;
        size = recordSize;
        if (spilled) {
            INT.set(buffer, start + WireFormat.SIZE_OFFSET, recordSize);
            newRecord(); // the buffer reads it as an Event
        } // else the size word is the buffer's (see openRecord): encodedSize() tells it
        try {
            home.commit(this);
        } catch (Throwable t) {
            home.abort(this); // commit failed, perhaps before it gave the room back (see RecordBuffer#abort)
            throw t;
        }
    }

    /**
     * Abandons the event (a field could not be written): gives back any room claimed from a sink and
     * counts the event as dropped. For {@code Probe}.
     */
    public void abandon() {
        if (home != null) {
            home.abort(this); // first, and the last touch of this writer: the buffer may lend it again at once
        }
        countDropped();
    }

    /**
     * Makes the writer available to the thread's next event. For {@code Probe}. An in-place writer
     * went back to its buffer at {@link #finish()} or {@link #abandon()}: nothing to do.
     */
    public void release() {
        if (home != null) {
            return;
        }
        inUse = false;
        if (pooled) {
            thread = null; // keep no finished virtual thread reachable
            LENT.setRelease(this, 0);
        }
    }

    @Override
    public String threadName() {
        Thread t = thread;
        return t == null ? "" : t.getName(); // in-place writers know the thread's id only
    }

    /** The instance the string cache remembers for the field, when it has one: no decoding, no allocation. */
    @Override
    String rememberedString(int at, int length) {
        String[] remembered = rememberedStrings;
        return remembered == null ? null : StringEncodingCache.find(remembered, rememberedWords, buffer, at, length);
    }

    // ---- writing: generated code only, in field order ----

    /**
     * Ensures {@code extra} more bytes fit: grows the own array up to the record limit, and moves a
     * record that outgrew a sink's room to the own array.
     */
    private boolean room(int extra) {
        return room(extra, 0);
    }

    /**
     * {@link #room(int)}, with {@code slack} more bytes after them that whole-word stores may write
     * over (never part of the record: they do not count against {@link WireFormat#MAX_RECORD_SIZE}).
     */
    private boolean room(int extra, int slack) {
        int needed = position + extra;
        if (needed + slack <= limit) {
            return true;
        }
        if (overflow || needed - start > MAX_RECORD_SIZE || needed < 0) {
            overflow = true; // larger than the format allows, in any room
            return false;
        }
        if (home != null && !spilled) {
            spill();
            needed = position + extra;
            if (needed + slack <= limit) {
                return true;
            }
        }
        buffer = own = Arrays.copyOf(own, Math.min(OWN_CAPACITY, Math.max(needed + slack, own.length * 2)));
        limit = own.length;
        return true;
    }

    /** Moves the record written so far from the sink's room to the own array (rare: the record outgrew the room). */
    private void spill() {
        int length = position - start;
        if (own.length < length) {
            own = Arrays.copyOf(own, Math.min(OWN_CAPACITY, Math.max(length, own.length * 2)));
        }
        System.arraycopy(buffer, start, own, 0, length);
        buffer = own;
        start = 0;
        limit = own.length;
        position = length;
        spilled = true;
    }

    public void putBoolean(boolean value) {
        putByte(value ? (byte) 1 : (byte) 0);
    }

    public void putByte(byte value) {
        int p = position;
        if (p + 1 > limit) {
            if (!room(1)) {
                return;
            }
            p = position; // the record may have moved (spill)
        }
        buffer[p] = value;
        position = p + 1;
    }

    public void putShort(short value) {
        int p = position;
        if (p + 2 > limit) {
            if (!room(2)) {
                return;
            }
            p = position; // the record may have moved (spill)
        }
        SHORT.set(buffer, p, value);
        position = p + 2;
    }

    public void putChar(char value) {
        putShort((short) value);
    }

    public void putInt(int value) {
        int p = position;
        if (p + 4 > limit) {
            if (!room(4)) {
                return;
            }
            p = position; // the record may have moved (spill)
        }
        INT.set(buffer, p, value);
        position = p + 4;
    }

    public void putLong(long value) {
        int p = position;
        if (p + 8 > limit) {
            if (!room(8)) {
                return;
            }
            p = position; // the record may have moved (spill)
        }
        LONG.set(buffer, p, value);
        position = p + 8;
    }

    public void putFloat(float value) {
        putInt(Float.floatToRawIntBits(value));
    }

    public void putDouble(double value) {
        putLong(Double.doubleToRawLongBits(value));
    }

    public void putEnum(Enum<?> value) {
        putInt(value == null ? WireFormat.NULL_ORDINAL : value.ordinal());
    }

    /**
     * Makes room for {@code bytes} more bytes, which the caller then fills with the
     * {@code putReserved...} methods: one capacity check for a run of fixed-size fields rather than
     * one per field (generated code does this for two or more fixed-size fields in a row). Returns
     * {@code false} when the event overflowed: then none of them may be written (the event is dropped
     * at {@code commit}).
     */
    public boolean reserve(int bytes) {
        // the reserved puts store whole words (the JIT then checks the array bounds once for the
        // run), so the last may write RESERVED_SLACK bytes past it: the next field overwrites them
        return position + bytes + RESERVED_SLACK <= limit || room(bytes, RESERVED_SLACK);
    }

    /** Writes a {@code boolean} into room {@linkplain #reserve reserved} for it. */
    public void putReservedBoolean(boolean value) {
        putReservedByte(value ? (byte) 1 : (byte) 0);
    }

    /** Writes a {@code byte} into room {@linkplain #reserve reserved} for it. */
    public void putReservedByte(byte value) {
        int p = position;
        LONG.set(buffer, p, (long) value); // a whole word: see reserve
        position = p + 1;
    }

    /** Writes a {@code short} into room {@linkplain #reserve reserved} for it. */
    public void putReservedShort(short value) {
        int p = position;
        LONG.set(buffer, p, (long) value); // a whole word: see reserve
        position = p + 2;
    }

    /** Writes a {@code char} into room {@linkplain #reserve reserved} for it. */
    public void putReservedChar(char value) {
        putReservedShort((short) value);
    }

    /** Writes an {@code int} into room {@linkplain #reserve reserved} for it. */
    public void putReservedInt(int value) {
        int p = position;
        LONG.set(buffer, p, (long) value); // a whole word: see reserve
        position = p + 4;
    }

    /** Writes a {@code long} into room {@linkplain #reserve reserved} for it. */
    public void putReservedLong(long value) {
        int p = position;
        LONG.set(buffer, p, value); // a whole word: see reserve
        position = p + 8;
    }

    /** Writes a {@code float} into room {@linkplain #reserve reserved} for it. */
    public void putReservedFloat(float value) {
        putReservedInt(Float.floatToRawIntBits(value));
    }

    /** Writes a {@code double} into room {@linkplain #reserve reserved} for it. */
    public void putReservedDouble(double value) {
        putReservedLong(Double.doubleToRawLongBits(value));
    }

    /** Writes an enum constant's ordinal into room {@linkplain #reserve reserved} for it. */
    public void putReservedEnum(Enum<?> value) {
        putReservedInt(value == null ? WireFormat.NULL_ORDINAL : value.ordinal());
    }

    public void putBytes(byte[] value) {
        int length = value == null ? 0 : value.length;
        if (!room(WireFormat.LENGTH_PREFIX_SIZE + length)) {
            return;
        }
        int p = position;
        INT.set(buffer, p, length);
        if (length > 0) {
            System.arraycopy(value, 0, buffer, p + WireFormat.LENGTH_PREFIX_SIZE, length);
        }
        position = p + WireFormat.LENGTH_PREFIX_SIZE + length;
    }

    /** Writes a string as UTF-8: ASCII through a tight copy loop, the rest through {@link #putNonAscii}. */
    public void putString(String value) {
        String s = value == null ? "" : value;
        int length = s.length();
        if (!room(WireFormat.LENGTH_PREFIX_SIZE + length)) {
            return;
        }
        byte[] b = buffer;
        int lengthAt = position;
        int at = lengthAt + WireFormat.LENGTH_PREFIX_SIZE;
        int i = 0;
        for (; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                break;
            }
            b[at + i] = (byte) c;
        }
        position = at + i;
        if (i < length) {
            int fromStart = lengthAt - start; // the record may move to the own array (spill)
            if (!putNonAscii(s, i)) {
                return;
            }
            lengthAt = start + fromStart;
        }
        INT.set(buffer, lengthAt, position - lengthAt - WireFormat.LENGTH_PREFIX_SIZE);
    }

    /**
     * Writes a string as {@link #putString(String)} does, remembering its encoding for the call site
     * {@code cacheSlot} names: when the same {@code String} instance comes back to that call site on
     * this thread, its bytes are copied instead of encoded again (see {@link StringEncodingCache}).
     *
     * @param cacheSlot a constant per call site and field, chosen by the annotation processor
     */
    public void putString(String value, int cacheSlot) {
        String[] remembered = rememberedStrings;
        if (remembered != null && value != null
                && StringEncodingCache.copyTo(remembered, rememberedWords, this, value, cacheSlot)) {
            return;
        }
        StringEncodingCache cache = strings;
        int fromStart = position - start; // the record may move to the own array (spill)
        putString(value);
        if (value != null && !overflow) {
            if (cache == null) {
                cache = strings = new StringEncodingCache();
                rememberedStrings = cache.strings;
                rememberedWords = cache.words;
            }
            int lengthAt = start + fromStart;
            cache.remember(value, cacheSlot, buffer, lengthAt, position - lengthAt);
        }
    }

    /**
     * Appends an already encoded field of {@code length} bytes held as little-endian words from
     * {@code words[from]}; {@code false} (nothing written) when it does not fit without growing. Moves
     * whole words, so it may write up to 7 (or, for short fields, {@link StringEncodingCache#SHORT_COPY})
     * bytes past the field, inside the room: the next field or event overwrites them.
     */
    boolean putWords(long[] words, int from, int length) {
        int p = position;
        byte[] b = buffer;
        if (length <= StringEncodingCache.SHORT_COPY) {
            if (p + StringEncodingCache.SHORT_COPY > limit) {
                return false;
            }
            LONG.set(b, p, words[from]);
            LONG.set(b, p + 8, words[from + 1]);
            LONG.set(b, p + 16, words[from + 2]);
        } else {
            int rounded = (length + 7) & ~7;
            if (p + rounded > limit) {
                return false;
            }
            for (int i = 0; i < rounded; i += 8) {
                LONG.set(b, p + i, words[from + i / 8]);
            }
        }
        position = p + length;
        return true;
    }

    /** Encodes {@code s} from {@code from} on at {@link #position}; an unpaired surrogate becomes {@code '?'}. */
    private boolean putNonAscii(String s, int from) {
        int length = s.length();
        if (!room(utf8Length(s, from))) {
            return false;
        }
        byte[] b = buffer;
        int at = position;
        for (int i = from; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[at++] = (byte) c;
            } else if (c < 0x800) {
                b[at++] = (byte) (0xC0 | c >> 6);
                b[at++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[at++] = (byte) (0xF0 | cp >> 18);
                b[at++] = (byte) (0x80 | cp >> 12 & 0x3F);
                b[at++] = (byte) (0x80 | cp >> 6 & 0x3F);
                b[at++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                b[at++] = '?';
            } else {
                b[at++] = (byte) (0xE0 | c >> 12);
                b[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[at++] = (byte) (0x80 | c & 0x3F);
            }
        }
        position = at;
        return true;
    }

    /** The UTF-8 size of {@code s} from {@code from} on, as {@link #putNonAscii} writes it. */
    private static int utf8Length(String s, int from) {
        int bytes = 0;
        for (int i = from, length = s.length(); i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
