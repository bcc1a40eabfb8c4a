package io.waymark.spi.wire;

import io.waymark.spi.EventType;
import java.util.Objects;

/**
 * Reads stored canonical records by the reader's schema; one reusable flyweight, not thread-safe.
 *
 * <pre>{@code
 * EventDecoder decoder = new EventDecoder();
 * for (int at = 0; at < bytes.length; at += EventDecoder.recordSize(bytes, at)) {
 *     EventType type = schemas.lookup(EventDecoder.providerIndex(bytes, at), EventDecoder.eventId(bytes, at));
 *     if (type == null) continue;                 // an event this reader does not know: skipped by its size
 *     decoder.wrap(type, bytes, at);
 *     long id = decoder.getLong(0);
 * }
 * }</pre>
 */
public final class EventDecoder extends EncodedEvent {

    /**
     * Points this decoder at the record starting at {@code offset} of {@code bytes}, read as
     * {@code readerType}.
     *
     * @throws IllegalArgumentException if the record's size field is smaller than a header or runs past
     *     the end of {@code bytes}
     */
    public EventDecoder wrap(EventType readerType, byte[] bytes, int offset) {
        Objects.requireNonNull(readerType, "readerType");
        int recordSize = recordSize(bytes, offset);
        this.buffer = bytes;
        this.start = offset;
        this.size = recordSize;
        this.type = readerType;
        newRecord();
        return this;
    }

    /**
     * Points this decoder at a record of {@code size} bytes starting at {@code offset}, for storage
     * that does not keep a record's size word (it knows the size otherwise): the four bytes at
     * {@code offset} are not read, and may belong to something else.
     *
     * @throws IllegalArgumentException if {@code size} is smaller than a header or the record runs
     *     outside {@code bytes}
     */
    public EventDecoder wrap(EventType readerType, byte[] bytes, int offset, int size) {
        Objects.requireNonNull(readerType, "readerType");
        Objects.requireNonNull(bytes, "bytes");
        if (offset < 0 || size < WireFormat.HEADER_SIZE || size > bytes.length - offset) {
            throw new IllegalArgumentException("record of " + size + " bytes at offset " + offset + " does not fit "
                    + bytes.length + " bytes, or is smaller than a header (" + WireFormat.HEADER_SIZE + ")");
        }
        this.buffer = bytes;
        this.start = offset;
        this.size = size;
        this.type = readerType;
        newRecord();
        return this;
    }

    /**
     * The size of the record at {@code offset}, header included: the step to the next record.
     *
     * @throws IllegalArgumentException if fewer than a header's bytes remain, or the size field is
     *     smaller than a header or runs past the end of {@code bytes}
     */
    public static int recordSize(byte[] bytes, int offset) {
        Objects.requireNonNull(bytes, "bytes");
        if (offset < 0 || bytes.length - offset < WireFormat.HEADER_SIZE) {
            throw new IllegalArgumentException("truncated record at offset " + offset + ": " + Math.max(0, bytes.length - offset)
                    + " bytes left, a header needs " + WireFormat.HEADER_SIZE);
        }
        int recordSize = (int) INT.get(bytes, offset + WireFormat.SIZE_OFFSET);
        if (recordSize < WireFormat.HEADER_SIZE || recordSize > bytes.length - offset) {
            throw new IllegalArgumentException("corrupt record at offset " + offset + ": size " + Integer.toUnsignedString(recordSize)
                    + " with " + (bytes.length - offset) + " bytes left");
        }
        return recordSize;
    }

    /** The provider index of the record at {@code offset}. */
    public static int providerIndex(byte[] bytes, int offset) {
        return Short.toUnsignedInt((short) SHORT.get(bytes, offset + WireFormat.PROVIDER_OFFSET));
    }

    /** The event id of the record at {@code offset}. */
    public static int eventId(byte[] bytes, int offset) {
        return Short.toUnsignedInt((short) SHORT.get(bytes, offset + WireFormat.EVENT_ID_OFFSET));
    }
}
