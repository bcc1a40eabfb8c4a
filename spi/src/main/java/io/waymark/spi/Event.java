package io.waymark.spi;

/**
 * One event as a backend sees it during {@link Backend#onEvent(Event)}: a read-only view whose typed
 * accessors neither reflect nor box. The view is reused for the next event on the same thread, so it
 * is valid only during the call; a backend that keeps an event copies what it needs (and copies
 * {@link #getBytes(int) byte arrays}, which are the application's own).
 *
 * <p>Each accessor takes the field index (declaration order, see {@link EventType#fields()}) and
 * throws {@link IllegalArgumentException} when the field has another type.
 */
public interface Event {

    /** The event's type. */
    EventType type();

    /** {@link System#nanoTime()} when the tracepoint was hit; see {@link BackendContext#clock()} for wall time. */
    long timestampNanos();

    /** The id of the emitting thread ({@link Thread#getId()}). */
    long threadId();

    /** The name of the emitting thread. */
    String threadName();

    boolean getBoolean(int field);

    byte getByte(int field);

    short getShort(int field);

    char getChar(int field);

    int getInt(int field);

    long getLong(int field);

    float getFloat(int field);

    double getDouble(int field);

    /** A string field; may be {@code null}. */
    String getString(int field);

    /** An enum field's ordinal, {@code -1} when the application passed {@code null}. */
    int getEnumOrdinal(int field);

    /** An enum field's label (the constant's name), {@code null} when the application passed {@code null}. */
    String getEnumLabel(int field);

    /** A {@code byte[]} field: the application's own array, not a copy; may be {@code null}. */
    byte[] getBytes(int field);

    /**
     * Any field as an object: a boxed primitive, a {@link String}, the enum label, or a copy of the
     * byte array. Convenient for tests and text backends; it allocates, so binary backends use the
     * typed accessors.
     */
    default Object getValue(int field) {
        switch (type().field(field).type()) {
            case BOOLEAN: return getBoolean(field);
            case BYTE: return getByte(field);
            case SHORT: return getShort(field);
            case CHAR: return getChar(field);
            case INT: return getInt(field);
            case LONG: return getLong(field);
            case FLOAT: return getFloat(field);
            case DOUBLE: return getDouble(field);
            case STRING: return getString(field);
            case ENUM: return getEnumLabel(field);
            case BYTES: {
                byte[] bytes = getBytes(field);
                return bytes == null ? null : bytes.clone();
            }
            default: throw new AssertionError(type().field(field).type());
        }
    }
}
