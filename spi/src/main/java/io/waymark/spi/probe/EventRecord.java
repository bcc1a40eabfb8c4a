package io.waymark.spi.probe;

import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldType;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reusable, per-thread carrier of one event, filled by generated code and read by backends
 * through {@link Event}. Primitive values are kept as raw {@code long} bits, strings and byte arrays
 * as references: no boxing, no allocation once a thread has its record.
 *
 * <p>A thread owns one record per nesting depth, up to {@link #MAX_DEPTH}; an event that would need a
 * deeper one (a backend recursing into tracepoints, say) is dropped and counted.
 */
public final class EventRecord implements Event {

    /** How many events one thread may have in flight at once (nested from backends). */
    public static final int MAX_DEPTH = 4;

    private static final int INITIAL_CAPACITY = 8;
    private static final ThreadLocal<EventRecord> CURRENT = ThreadLocal.withInitial(() -> new EventRecord(0));
    private static final AtomicLong DROPPED = new AtomicLong();

    private final int depth;
    /** The owning thread: a record is reachable only from its thread's ThreadLocal, so keeping it costs nothing. */
    private final Thread thread;
    private EventRecord nested;
    private boolean inUse;

    private EventType type;
    private int fieldCount;
    private long timestampNanos;
    private long[] bits = new long[INITIAL_CAPACITY];
    private Object[] refs = new Object[INITIAL_CAPACITY];

    private EventRecord(int depth) {
        this.depth = depth;
        this.thread = Thread.currentThread();
    }

    /** Events dropped on the calling side since the JVM started (nesting too deep, internal faults). */
    public static long droppedEvents() {
        return DROPPED.get();
    }

    static void countDropped() {
        DROPPED.incrementAndGet();
    }

    static EventRecord acquire(EventType type) {
        try {
            EventRecord record = CURRENT.get();
            while (record.inUse) {
                record = record.nested();
                if (record == null) {
                    countDropped();
                    return null;
                }
            }
            record.start(type);
            return record;
        } catch (Throwable t) {
            // Out of memory for a first record, say: the application must never see it.
            countDropped();
            return null;
        }
    }

    private EventRecord nested() {
        if (nested == null) {
            if (depth + 1 >= MAX_DEPTH) {
                return null;
            }
            nested = new EventRecord(depth + 1);
        }
        return nested;
    }

    private void start(EventType eventType) {
        // The record lives as long as its thread, so under G1 it is old and each reference store into it
        // pays the post-write barrier (a StoreLoad fence): skip the store when the type is unchanged.
        if (type != eventType) {
            int fields = eventType.fieldCount();
            if (fields > bits.length) {
                bits = new long[fields];
                refs = new Object[fields];
            }
            type = eventType;
            fieldCount = fields;
        }
        inUse = true;
        timestampNanos = System.nanoTime();
    }

    void release() {
        Object[] r = refs;
        for (int i = 0, n = fieldCount; i < n; i++) {
            r[i] = null; // do not keep the application's strings and arrays alive
        }
        inUse = false;
    }

    // ---- writing: generated code only ----

    public void putBoolean(int field, boolean value) {
        bits[field] = value ? 1 : 0;
    }

    public void putByte(int field, byte value) {
        bits[field] = value;
    }

    public void putShort(int field, short value) {
        bits[field] = value;
    }

    public void putChar(int field, char value) {
        bits[field] = value;
    }

    public void putInt(int field, int value) {
        bits[field] = value;
    }

    public void putLong(int field, long value) {
        bits[field] = value;
    }

    public void putFloat(int field, float value) {
        bits[field] = Float.floatToRawIntBits(value);
    }

    public void putDouble(int field, double value) {
        bits[field] = Double.doubleToRawLongBits(value);
    }

    public void putString(int field, String value) {
        refs[field] = value;
    }

    public void putEnum(int field, Enum<?> value) {
        bits[field] = value == null ? -1 : value.ordinal();
    }

    public void putBytes(int field, byte[] value) {
        refs[field] = value;
    }

    // ---- reading: backends, through Event ----

    @Override
    public EventType type() {
        return type;
    }

    @Override
    public long timestampNanos() {
        return timestampNanos;
    }

    @Override
    public long threadId() {
        return thread.getId();
    }

    @Override
    public String threadName() {
        return thread.getName();
    }

    private void check(int field, FieldType expected) {
        FieldType actual = type.field(field).type();
        if (actual != expected) {
            throw new IllegalArgumentException("field " + field + " '" + type.field(field).name() + "' of "
                    + type.qualifiedName() + " is " + actual + ", not " + expected);
        }
    }

    @Override
    public boolean getBoolean(int field) {
        check(field, FieldType.BOOLEAN);
        return bits[field] != 0;
    }

    @Override
    public byte getByte(int field) {
        check(field, FieldType.BYTE);
        return (byte) bits[field];
    }

    @Override
    public short getShort(int field) {
        check(field, FieldType.SHORT);
        return (short) bits[field];
    }

    @Override
    public char getChar(int field) {
        check(field, FieldType.CHAR);
        return (char) bits[field];
    }

    @Override
    public int getInt(int field) {
        check(field, FieldType.INT);
        return (int) bits[field];
    }

    @Override
    public long getLong(int field) {
        check(field, FieldType.LONG);
        return bits[field];
    }

    @Override
    public float getFloat(int field) {
        check(field, FieldType.FLOAT);
        return Float.intBitsToFloat((int) bits[field]);
    }

    @Override
    public double getDouble(int field) {
        check(field, FieldType.DOUBLE);
        return Double.longBitsToDouble(bits[field]);
    }

    @Override
    public String getString(int field) {
        check(field, FieldType.STRING);
        return (String) refs[field];
    }

    @Override
    public int getEnumOrdinal(int field) {
        check(field, FieldType.ENUM);
        return (int) bits[field];
    }

    @Override
    public String getEnumLabel(int field) {
        check(field, FieldType.ENUM);
        return type.field(field).enumLabel((int) bits[field]);
    }

    @Override
    public byte[] getBytes(int field) {
        check(field, FieldType.BYTES);
        return (byte[]) refs[field];
    }

    @Override
    public String toString() {
        if (!inUse) {
            return "EventRecord[idle]";
        }
        Object[] values = new Object[type.fieldCount()];
        for (int i = 0; i < values.length; i++) {
            Object value = getValue(i);
            values[i] = value instanceof byte[] ? Arrays.toString((byte[]) value) : value;
        }
        return type.qualifiedName() + Arrays.toString(values);
    }
}
