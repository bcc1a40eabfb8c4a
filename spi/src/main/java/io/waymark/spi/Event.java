package io.waymark.spi;

import java.nio.ByteBuffer;

/**
 * One event as a backend sees it during {@link Backend#onEvent(Event)}: a read-only view over the
 * event's canonical encoding ({@link io.waymark.spi.wire.WireFormat}) whose typed accessors neither
 * reflect nor box. The view is reused for the next event on the same thread, so it is valid only
 * during the call; a backend that keeps an event copies what it needs, a binary backend usually the
 * encoded bytes themselves ({@link #copyPayloadTo(ByteBuffer, int)}).
 *
 * <p>Each accessor takes the field index (declaration order, see {@link EventType#fields()}) and
 * throws {@link IllegalArgumentException} when the field has another type. A field that the record
 * does not carry (written by an older schema version, see {@link #isPresent(int)}) reads as its
 * declared default.
 */
public interface Event {

    /** The event's type. */
    EventType type();

    /** {@link System#nanoTime()} when the tracepoint was hit; see {@link BackendContext#clock()} for wall time. */
    long timestampNanos();

    /** The id of the emitting thread ({@link Thread#getId()}). */
    long threadId();

    /** The name of the emitting thread, or {@code null} when it is not known (a record read back from storage). */
    String threadName();

    /** The schema version of the event type the writer used ({@link EventType#version()} at the writer). */
    int version();

    /**
     * Whether the record carries field {@code field}; {@code false} for a field appended after the
     * writer's schema version, which then reads as its {@linkplain FieldDescriptor#defaultValue() default}.
     */
    boolean isPresent(int field);

    /** The size in bytes of the encoded payload: the fields, without the record header. */
    int payloadSize();

    /** Copies the encoded payload into {@code destination} at {@code offset}. */
    void copyPayloadTo(byte[] destination, int offset);

    /** Copies the encoded payload into {@code destination} at absolute {@code index}; its position is unchanged. */
    void copyPayloadTo(ByteBuffer destination, int index);

    /** The size in bytes of the whole canonical record, header included. */
    int encodedSize();

    /** Copies the whole canonical record (header and payload) into {@code destination} at {@code offset}. */
    void copyEncodedTo(byte[] destination, int offset);

    boolean getBoolean(int field);

    byte getByte(int field);

    short getShort(int field);

    char getChar(int field);

    int getInt(int field);

    long getLong(int field);

    float getFloat(int field);

    double getDouble(int field);

    /** A string field; never {@code null} (the encoding records a {@code null} string as empty). */
    String getString(int field);

    /** An enum field's ordinal, {@code -1} when the application passed {@code null}. */
    int getEnumOrdinal(int field);

    /** An enum field's label (the constant's name), {@code null} when the application passed {@code null}. */
    String getEnumLabel(int field);

    /** A {@code byte[]} field, as a new array (empty for a {@code null} array). */
    byte[] getBytes(int field);

    /**
     * The length of a {@code byte[]} field ({@code 0} for a {@code null} array), without copying it;
     * what filters read for {@code len(field)}. The default copies the field; views override it.
     */
    default int getBytesLength(int field) {
        return getBytes(field).length;
    }

    /**
     * The length in bytes of a String field's UTF-8 encoding ({@code 0} for a {@code null} string),
     * without decoding it; what aggregations read to key by a string. The default encodes the string;
     * views over encoded records override it.
     */
    default int getStringUtf8Length(int field) {
        return getString(field).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /**
     * Bytes {@code 8 * word} to {@code 8 * word + 7} of a String field's UTF-8 encoding as a
     * little-endian long, zero past the end of the string: lets an aggregation hash and compare a
     * string key without creating a {@link String}. The default encodes the string; views over
     * encoded records override it and allocate nothing.
     */
    default long getStringUtf8Word(int field, int word) {
        byte[] bytes = getString(field).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long result = 0;
        for (int i = 0, at = word * 8; i < 8 && at + i < bytes.length; i++) {
            result |= (bytes[at + i] & 0xFFL) << (8 * i);
        }
        return result;
    }

    /**
     * Any field as an object: a boxed primitive, a {@link String}, the enum label, or the byte array. Convenient for tests and text backends; it allocates, so binary backends use the
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
            case BYTES: return getBytes(field);
            default: throw new AssertionError(type().field(field).type());
        }
    }
}
