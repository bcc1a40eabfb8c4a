package io.waymark.memtest;

import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldType;

/** A hand-made {@link Event} view, to drive a backend directly without a session. */
public final class TestEvent implements Event {

    private final EventType type;
    private final long timestampNanos;
    private final Object[] values;

    public TestEvent(EventType type, long timestampNanos, Object... values) {
        this.type = type;
        this.timestampNanos = timestampNanos;
        this.values = values;
    }

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
        return 7;
    }

    @Override
    public String threadName() {
        return "test-thread";
    }

    private Object get(int field, FieldType expected) {
        if (type.field(field).type() != expected) {
            throw new IllegalArgumentException("field " + field + " is " + type.field(field).type() + ", not " + expected);
        }
        return values[field];
    }

    @Override
    public boolean getBoolean(int field) {
        return (Boolean) get(field, FieldType.BOOLEAN);
    }

    @Override
    public byte getByte(int field) {
        return (Byte) get(field, FieldType.BYTE);
    }

    @Override
    public short getShort(int field) {
        return (Short) get(field, FieldType.SHORT);
    }

    @Override
    public char getChar(int field) {
        return (Character) get(field, FieldType.CHAR);
    }

    @Override
    public int getInt(int field) {
        return (Integer) get(field, FieldType.INT);
    }

    @Override
    public long getLong(int field) {
        return (Long) get(field, FieldType.LONG);
    }

    @Override
    public float getFloat(int field) {
        return (Float) get(field, FieldType.FLOAT);
    }

    @Override
    public double getDouble(int field) {
        return (Double) get(field, FieldType.DOUBLE);
    }

    @Override
    public String getString(int field) {
        return (String) get(field, FieldType.STRING);
    }

    @Override
    public int getEnumOrdinal(int field) {
        Enum<?> value = (Enum<?>) get(field, FieldType.ENUM);
        return value == null ? -1 : value.ordinal();
    }

    @Override
    public String getEnumLabel(int field) {
        return type.field(field).enumLabel(getEnumOrdinal(field));
    }

    @Override
    public byte[] getBytes(int field) {
        return (byte[]) get(field, FieldType.BYTES);
    }
}
