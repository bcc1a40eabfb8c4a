package io.waymark.spi.wire;

import static io.waymark.spi.wire.WireFormat.HEADER_SIZE;
import static io.waymark.spi.wire.WireFormat.MAX_RECORD_SIZE;

import io.waymark.spi.DiscardCounter;
import io.waymark.spi.DiscardReason;
import io.waymark.spi.EventType;
import io.waymark.spi.abi.GeneratedCodeAbi;
import java.util.Arrays;

/**
 * An event encoder, one thread's at a time: generated code <em>encodes</em> one event's fields into it,
 * in the canonical encoding ({@link WireFormat}), and the probe then hands the finished record to a
 * backend's {@link RecordSink} ({@link RecordSink#commit}), or to the runtime as the
 * {@link io.waymark.spi.Event} view of those bytes. Encoding stores primitives into a byte array the
 * writer owns: no lock, no allocation once the array has grown to the largest event, and no reference
 * store (so no garbage-collector write barrier) per field.
 *
 * <p>Three audiences, three places:
 * <ul>
 *   <li>generated code: the {@code put}, {@code reserve} and {@code putReserved} methods, in field order,
 *       between {@code Probe.beginHandle()} and {@code Probe.commit}. They are an ABI between a user's compiled
 *       classes and later Waymark jars, marked {@link GeneratedCodeAbi}: never remove or change them;</li>
 *   <li>{@code Probe}: {@link ThreadWriters}, the per-thread lifecycle: which writer a thread gets (a platform
 *       thread's own, nested ones, a virtual thread's borrowed one), {@link ThreadWriters#begin begin},
 *       {@link ThreadWriters#finish finish} and {@link ThreadWriters#giveBack giveBack};</li>
 *   <li>backends: the finished record's views, {@link EncodedRecord} for a {@link RecordSink} and the
 *       {@link io.waymark.spi.Event} view ({@link EncodedEvent}) for a backend's {@code onEvent}.</li>
 * </ul>
 * The encoding is {@link WireFormat}'s; {@link RecordEncoder} writes the same bytes from boxed values, for tools and tests.
 *
 * <p>An event larger than {@link WireFormat#MAX_RECORD_SIZE} is discarded when it is finished
 * ({@link ThreadWriters#finish}; {@link DiscardReason#EVENT_TOO_LARGE}), counted by the probe's {@link DiscardCounter}.
 */
public final class EventWriter extends EventWriterFields implements EncodedRecord {

    /** Bytes past a reserved run of fields that its last whole-word store may overwrite (see {@link #reserve}). */
    static final int RESERVED_SLACK = 7;

    private static final int INITIAL_CAPACITY = 256;
    /** The most an own array grows to: the largest record, and the slack of a reserved run at its end. */
    private static final int OWN_CAPACITY = MAX_RECORD_SIZE + RESERVED_SLACK;

    // Padding: the fields are EventWriterFields' (in front of the pad, after EncodedEvent's). A writer
    // is written at every event by one thread; these 64 bytes keep the next object in memory (another
    // thread's writer, after a collection moved them side by side) off its cache lines.
    long q00, q01, q02, q03, q04, q05, q06, q07;

    /** A platform thread's writer at nesting {@code depth} ({@link ThreadWriters}). */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    EventWriter(int depth, int lane) {
        this.depth = depth;
        this.lane = lane;
        this.pooled = false;
        this.thread = Thread.currentThread();
        this.buffer = this.own = new byte[INITIAL_CAPACITY];
        this.limit = INITIAL_CAPACITY;
        this.threadId = thread.getId();
        LONG.set(buffer, WireFormat.THREAD_OFFSET, threadId); // stays in the header: see start()
        ThreadWriters.created();
    }

    /** A writer of the virtual-thread pool ({@link VirtualThreadWriters}). */
    EventWriter() {
        this.depth = 0;
        this.lane = ThreadWriters.nextLane();
        this.pooled = true;
        this.buffer = this.own = new byte[INITIAL_CAPACITY];
        this.limit = INITIAL_CAPACITY;
        ThreadWriters.created();
    }

    /** Takes this writer for {@code borrower}'s event (a pooled writer just lent to it): its id goes into the header. */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    void lentTo(Thread borrower) {
        thread = borrower;
        threadId = borrower.getId();
        LONG.set(own, WireFormat.THREAD_OFFSET, threadId);
    }

    /** Starts an event: writes the header that changed since the last one (see {@link ThreadWriters#begin}). */
    void start(RecordSink recordSink, DiscardCounter counter, EventType eventType, int identityWord) {
        inUse = true;
        overflow = false;
        byte[] b = own; // a thread's writer always writes to its own array ({@link #buffer} is it)
        // The header's event identity, version and thread stay in the buffer from one event to the
        // next (growing copies them), so only the timestamp is written for every event (and not even
        // it when a sink stamps the record); the rest when the event type changes (and the thread id
        // when the writer is made or lent). Reference fields are stored only when they change: the
        // writer is old, so such a store pays the garbage collector's write barrier.
        if (type != eventType || headerIdentity != identityWord) {
            type = eventType;
            headerIdentity = identityWord;
            INT.set(b, WireFormat.PROVIDER_OFFSET, identityWord);
            INT.set(b, WireFormat.VERSION_OFFSET, eventType.version());
        }
        if (sink != recordSink) {
            sink = recordSink;
            if (recordSink != null) {
                // a sink copies the record before it stores the claim's time: a copy torn by a crash must not
                // carry an earlier event's real timestamp and look whole, so the field holds 0 while a sink is
                // bound (only an event without a sink writes a clock value, and the next sink event sees the change)
                LONG.set(b, WireFormat.TIMESTAMP_OFFSET, 0L);
            }
        }
        if (discards != counter) {
            discards = counter;
        }
        if (recordSink == null) {
            LONG.set(b, WireFormat.TIMESTAMP_OFFSET, System.nanoTime());
        }
        position = HEADER_SIZE;
    }

    /** {@link ThreadWriters#finish}. */
    boolean finish() {
        if (overflow) {
            ThreadWriters.discarded(discards, DiscardReason.EVENT_TOO_LARGE);
            giveBack();
            return false;
        }
        INT.set(buffer, WireFormat.SIZE_OFFSET, position);
        size = position;
        newRecord();
        RecordSink s = sink;
        if (s == null) {
            return true;
        }
        try {
            s.commit(this);
        } catch (Throwable t) {
            ThreadWriters.discarded(discards, DiscardReason.BACKEND_FAILED); // nothing reaches the application
        } finally {
            giveBack();
        }
        return false;
    }

    /** {@link ThreadWriters#giveBack}: to its thread for the next event, or to the pool. */
    void giveBack() {
        inUse = false;
        if (pooled) {
            VirtualThreadWriters.giveBack(this);
        }
    }

    @Override
    public String threadName() {
        Thread t = thread;
        return t == null ? "" : t.getName();
    }

    // ---- what a RecordSink reads (EncodedRecord) ----

    @Override
    public byte[] recordBytes() {
        return buffer;
    }

    @Override
    public int recordStart() {
        return 0; // a writer's record always starts its own array
    }

    @Override
    public int lane() {
        return lane;
    }

    /** The instance the string cache remembers for the field, when it has one: no decoding, no allocation. */
    @Override
    String rememberedString(int at, int length) {
        String[] remembered = rememberedStrings;
        return remembered == null ? null : StringEncodingCache.find(remembered, rememberedWords, buffer, at, length);
    }

    // ---- writing: generated code only, in field order ----

    /** Ensures {@code extra} more bytes fit: grows the own array up to the record limit. */
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
        if (overflow || needed > MAX_RECORD_SIZE || needed < 0) {
            overflow = true; // larger than the format allows
            return false;
        }
        buffer = own = Arrays.copyOf(own, Math.min(OWN_CAPACITY, Math.max(needed + slack, own.length * 2)));
        limit = own.length;
        return true;
    }

    /** Writes a {@code boolean} field (one byte, 0 or 1). */
    @GeneratedCodeAbi
    public void putBoolean(boolean value) {
        putByte(value ? (byte) 1 : (byte) 0);
    }

    /** Writes a {@code byte} field. */
    @GeneratedCodeAbi
    public void putByte(byte value) {
        int p = position;
        if (p + 1 > limit) {
            if (!room(1)) {
                return;
            }
        }
        buffer[p] = value;
        position = p + 1;
    }

    /** Writes a {@code short} field (little-endian). */
    @GeneratedCodeAbi
    public void putShort(short value) {
        int p = position;
        if (p + 2 > limit) {
            if (!room(2)) {
                return;
            }
        }
        SHORT.set(buffer, p, value);
        position = p + 2;
    }

    /** Writes a {@code char} field (its UTF-16 code unit, little-endian). */
    @GeneratedCodeAbi
    public void putChar(char value) {
        putShort((short) value);
    }

    /** Writes an {@code int} field (little-endian). */
    @GeneratedCodeAbi
    public void putInt(int value) {
        int p = position;
        if (p + 4 > limit) {
            if (!room(4)) {
                return;
            }
        }
        INT.set(buffer, p, value);
        position = p + 4;
    }

    /** Writes a {@code long} field (little-endian). */
    @GeneratedCodeAbi
    public void putLong(long value) {
        int p = position;
        if (p + 8 > limit) {
            if (!room(8)) {
                return;
            }
        }
        LONG.set(buffer, p, value);
        position = p + 8;
    }

    /** Writes a {@code float} field (its raw bits, little-endian). */
    @GeneratedCodeAbi
    public void putFloat(float value) {
        putInt(Float.floatToRawIntBits(value));
    }

    /** Writes a {@code double} field (its raw bits, little-endian). */
    @GeneratedCodeAbi
    public void putDouble(double value) {
        putLong(Double.doubleToRawLongBits(value));
    }

    /** Writes an enum field: the constant's ordinal, {@link WireFormat#NULL_ORDINAL} for {@code null}. */
    @GeneratedCodeAbi
    public void putEnum(Enum<?> value) {
        putInt(value == null ? WireFormat.NULL_ORDINAL : value.ordinal());
    }

    /**
     * Makes room for {@code bytes} more bytes, which the caller then fills with the
     * {@code putReserved...} methods: one capacity check for a run of fixed-size fields rather than
     * one per field (generated code does this for two or more fixed-size fields in a row). Returns
     * {@code false} when the event overflowed: then none of them may be written (the event is discarded
     * at {@code commit}).
     */
    @GeneratedCodeAbi
    public boolean reserve(int bytes) {
        // the reserved puts store whole words (the JIT then checks the array bounds once for the
        // run), so the last may write RESERVED_SLACK bytes past it: the next field overwrites them
        return position + bytes + RESERVED_SLACK <= limit || room(bytes, RESERVED_SLACK);
    }

    /** Writes a {@code boolean} into room {@linkplain #reserve reserved} for it. */
    @GeneratedCodeAbi
    public void putReservedBoolean(boolean value) {
        putReservedByte(value ? (byte) 1 : (byte) 0);
    }

    /** Writes a {@code byte} into room {@linkplain #reserve reserved} for it. */
    @GeneratedCodeAbi
    public void putReservedByte(byte value) {
        int p = position;
        LONG.set(buffer, p, (long) value); // a whole word: see reserve
        position = p + 1;
    }

    /** Writes a {@code short} into room {@linkplain #reserve reserved} for it. */
    @GeneratedCodeAbi
    public void putReservedShort(short value) {
        int p = position;
        LONG.set(buffer, p, (long) value); // a whole word: see reserve
        position = p + 2;
    }

    /** Writes a {@code char} into room {@linkplain #reserve reserved} for it. */
    @GeneratedCodeAbi
    public void putReservedChar(char value) {
        putReservedShort((short) value);
    }

    /** Writes an {@code int} into room {@linkplain #reserve reserved} for it. */
    @GeneratedCodeAbi
    public void putReservedInt(int value) {
        int p = position;
        LONG.set(buffer, p, (long) value); // a whole word: see reserve
        position = p + 4;
    }

    /** Writes a {@code long} into room {@linkplain #reserve reserved} for it. */
    @GeneratedCodeAbi
    public void putReservedLong(long value) {
        int p = position;
        LONG.set(buffer, p, value); // a whole word: see reserve
        position = p + 8;
    }

    /** Writes a {@code float} into room {@linkplain #reserve reserved} for it. */
    @GeneratedCodeAbi
    public void putReservedFloat(float value) {
        putReservedInt(Float.floatToRawIntBits(value));
    }

    /** Writes a {@code double} into room {@linkplain #reserve reserved} for it. */
    @GeneratedCodeAbi
    public void putReservedDouble(double value) {
        putReservedLong(Double.doubleToRawLongBits(value));
    }

    /** Writes an enum constant's ordinal into room {@linkplain #reserve reserved} for it. */
    @GeneratedCodeAbi
    public void putReservedEnum(Enum<?> value) {
        putReservedInt(value == null ? WireFormat.NULL_ORDINAL : value.ordinal());
    }

    /** Writes a {@code byte[]} field: its length, then its bytes ({@code null} is written as empty). */
    @GeneratedCodeAbi
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
    @GeneratedCodeAbi
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
            if (!putNonAscii(s, i)) {
                return;
            }
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
    @GeneratedCodeAbi
    public void putString(String value, int cacheSlot) {
        String[] remembered = rememberedStrings;
        if (remembered != null && value != null
                && StringEncodingCache.copyTo(remembered, rememberedWords, this, value, cacheSlot)) {
            return;
        }
        StringEncodingCache cache = strings;
        int lengthAt = position;
        putString(value);
        if (value != null && !overflow) {
            if (cache == null) {
                cache = strings = new StringEncodingCache();
                rememberedStrings = cache.strings;
                rememberedWords = cache.words;
            }
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
        if (!room(WireFormat.utf8Length(s, from))) {
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

}
