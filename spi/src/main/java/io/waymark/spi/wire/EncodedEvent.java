package io.waymark.spi.wire;

import static io.waymark.spi.wire.WireFormat.HEADER_SIZE;

import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An {@link Event} read from a canonical record ({@link WireFormat}) by a schema: a flyweight over
 * the bytes. Primitive fields are read in place; only strings, byte arrays and enum labels create
 * objects. Field offsets are found once per record, on the first field access.
 *
 * <p>The schema is the <em>reader's</em> {@link EventType}; the record may come from an older or a
 * newer writer of the same event. Fields the record carries beyond the reader's schema are skipped;
 * fields of the reader's schema that the record lacks are {@linkplain #isPresent absent} and read as
 * their declared defaults. A record whose declared size would run past the bytes it was given is
 * refused when it is wrapped.
 *
 * <p>Subclasses are the {@link EventWriter} (the view an emitting thread hands to backends) and the
 * {@link EventDecoder} (a reader over stored records). Not thread-safe.
 */
public abstract class EncodedEvent extends EncodedEventLeftPad implements Event {

    static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int ABSENT = -1;

    /** The bytes holding the record. */
    byte[] buffer;
    /** Offset of the record's first byte in {@link #buffer}. */
    int start;
    /** The record's size in bytes, header included. */
    int size;
    /** The reader's schema of the record. */
    EventType type;

    /** Absolute offset of each field, or {@link #ABSENT}; valid when {@link #offsetsFound}. */
    private int[] offsets = new int[8];
    private boolean offsetsFound;

    EncodedEvent() {}

    /** Forgets the field offsets of the previous record. */
    final void newRecord() {
        offsetsFound = false;
    }

    @Override
    public EventType type() {
        return type;
    }

    /** The provider index in the record header (see the container's provider table). */
    public int providerIndex() {
        return Short.toUnsignedInt((short) SHORT.get(buffer, start + WireFormat.PROVIDER_OFFSET));
    }

    /** The event id in the record header. */
    public int eventId() {
        return Short.toUnsignedInt((short) SHORT.get(buffer, start + WireFormat.EVENT_ID_OFFSET));
    }

    @Override
    public long timestampNanos() {
        return (long) LONG.get(buffer, start + WireFormat.TIMESTAMP_OFFSET);
    }

    @Override
    public long threadId() {
        return (long) LONG.get(buffer, start + WireFormat.THREAD_OFFSET);
    }

    @Override
    public String threadName() {
        return null;
    }

    @Override
    public int version() {
        return Short.toUnsignedInt((short) SHORT.get(buffer, start + WireFormat.VERSION_OFFSET));
    }

    @Override
    public boolean isPresent(int field) {
        return offset(field) != ABSENT;
    }

    @Override
    public int payloadSize() {
        return size - HEADER_SIZE;
    }

    @Override
    public void copyPayloadTo(byte[] destination, int offset) {
        copy(buffer, start + HEADER_SIZE, destination, offset, size - HEADER_SIZE);
    }

    @Override
    public void copyPayloadTo(ByteBuffer destination, int index) {
        destination.put(index, buffer, start + HEADER_SIZE, size - HEADER_SIZE);
    }

    @Override
    public int encodedSize() {
        return size;
    }

    @Override
    public void copyEncodedTo(byte[] destination, int offset) {
        copy(buffer, start, destination, offset, size);
    }

    /** Largest copy done with straight-line word moves; longer ones call {@link System#arraycopy}. */
    private static final int WORD_COPY_LIMIT = 64;

    /**
     * Copies exactly {@code length} bytes. A typical event is a few dozen bytes, for which a few
     * straight-line word moves (the last one overlapping, so nothing past the end is touched) cost
     * less than a loop or the call into the JVM's array-copy stub; longer or shorter copies take the stub.
     */
    static void copy(byte[] source, int from, byte[] target, int to, int length) {
        if (length < 8 || length > WORD_COPY_LIMIT) {
            System.arraycopy(source, from, target, to, length);
            return;
        }
        int last = length - 8;
        // words at 0, 8, ... up to the last whole word before `last`, then the word ending at `length`
        LONG.set(target, to, (long) LONG.get(source, from));
        if (last > 8) {
            LONG.set(target, to + 8, (long) LONG.get(source, from + 8));
            if (last > 16) {
                LONG.set(target, to + 16, (long) LONG.get(source, from + 16));
                if (last > 24) {
                    LONG.set(target, to + 24, (long) LONG.get(source, from + 24));
                    if (last > 32) {
                        LONG.set(target, to + 32, (long) LONG.get(source, from + 32));
                        if (last > 40) {
                            LONG.set(target, to + 40, (long) LONG.get(source, from + 40));
                            if (last > 48) {
                                LONG.set(target, to + 48, (long) LONG.get(source, from + 48));
                            }
                        }
                    }
                }
            }
        }
        LONG.set(target, to + last, (long) LONG.get(source, from + last));
    }

    // ---- typed access ----

    @Override
    public boolean getBoolean(int field) {
        int at = offset(field, FieldType.BOOLEAN);
        return at == ABSENT ? Boolean.parseBoolean(defaultText(field, "false")) : buffer[at] != 0;
    }

    @Override
    public byte getByte(int field) {
        int at = offset(field, FieldType.BYTE);
        return at == ABSENT ? Byte.parseByte(defaultText(field, "0")) : buffer[at];
    }

    @Override
    public short getShort(int field) {
        int at = offset(field, FieldType.SHORT);
        return at == ABSENT ? Short.parseShort(defaultText(field, "0")) : (short) SHORT.get(buffer, at);
    }

    @Override
    public char getChar(int field) {
        int at = offset(field, FieldType.CHAR);
        if (at == ABSENT) {
            String text = defaultText(field, "\0");
            return text.isEmpty() ? '\0' : text.charAt(0);
        }
        return (char) (short) SHORT.get(buffer, at);
    }

    @Override
    public int getInt(int field) {
        int at = offset(field, FieldType.INT);
        return at == ABSENT ? Integer.parseInt(defaultText(field, "0")) : (int) INT.get(buffer, at);
    }

    @Override
    public long getLong(int field) {
        int at = offset(field, FieldType.LONG);
        return at == ABSENT ? Long.parseLong(defaultText(field, "0")) : (long) LONG.get(buffer, at);
    }

    @Override
    public float getFloat(int field) {
        int at = offset(field, FieldType.FLOAT);
        return at == ABSENT ? Float.parseFloat(defaultText(field, "0")) : Float.intBitsToFloat((int) INT.get(buffer, at));
    }

    @Override
    public double getDouble(int field) {
        int at = offset(field, FieldType.DOUBLE);
        return at == ABSENT ? Double.parseDouble(defaultText(field, "0")) : Double.longBitsToDouble((long) LONG.get(buffer, at));
    }

    @Override
    public String getString(int field) {
        int at = offset(field, FieldType.STRING);
        if (at == ABSENT) {
            return defaultText(field, "");
        }
        int length = (int) INT.get(buffer, at);
        String remembered = rememberedString(at, length);
        return remembered != null ? remembered
                : new String(buffer, at + WireFormat.LENGTH_PREFIX_SIZE, length, StandardCharsets.UTF_8);
    }

    /**
     * A {@code String} whose decoding of the field encoded at {@code at} (length prefix first, {@code length}
     * bytes of UTF-8 after it) is exactly what {@link #getString} would decode, if this view knows one without
     * decoding; else {@code null}. The emitting thread's writer answers from its string cache.
     */
    String rememberedString(int at, int length) {
        return null;
    }

    @Override
    public int getEnumOrdinal(int field) {
        int at = offset(field, FieldType.ENUM);
        if (at == ABSENT) {
            String label = type.field(field).defaultValue();
            return label == null ? WireFormat.NULL_ORDINAL : type.field(field).enumLabels().indexOf(label);
        }
        return (int) INT.get(buffer, at);
    }

    @Override
    public String getEnumLabel(int field) {
        return type.field(field).enumLabel(getEnumOrdinal(field));
    }

    @Override
    public byte[] getBytes(int field) {
        int at = offset(field, FieldType.BYTES);
        if (at == ABSENT) {
            String text = type.field(field).defaultValue();
            return text == null ? new byte[0] : java.util.Base64.getDecoder().decode(text);
        }
        int length = (int) INT.get(buffer, at);
        int from = at + WireFormat.LENGTH_PREFIX_SIZE;
        return Arrays.copyOfRange(buffer, from, from + length);
    }

    @Override
    public int getBytesLength(int field) {
        int at = offset(field, FieldType.BYTES);
        return at == ABSENT ? getBytes(field).length : (int) INT.get(buffer, at);
    }

    @Override
    public int getStringUtf8Length(int field) {
        int at = offset(field, FieldType.STRING);
        return at == ABSENT ? Event.super.getStringUtf8Length(field) : (int) INT.get(buffer, at);
    }

    @Override
    public long getStringUtf8Word(int field, int word) {
        int at = offset(field, FieldType.STRING);
        if (at == ABSENT) {
            return Event.super.getStringUtf8Word(field, word);
        }
        int length = (int) INT.get(buffer, at);
        int from = at + WireFormat.LENGTH_PREFIX_SIZE + 8 * word;
        int left = length - 8 * word;
        if (left >= 8) {
            return (long) LONG.get(buffer, from);
        }
        long result = 0;
        for (int i = 0; i < left; i++) {
            result |= (buffer[from + i] & 0xFFL) << (8 * i);
        }
        return result;
    }

    private String defaultText(int field, String zero) {
        String text = type.field(field).defaultValue();
        return text == null ? zero : text;
    }

    private int offset(int field, FieldType expected) {
        FieldDescriptor descriptor = type.field(field);
        if (descriptor.type() != expected) {
            throw new IllegalArgumentException("field " + field + " '" + descriptor.name() + "' of " + type.qualifiedName()
                    + " is " + descriptor.type() + ", not " + expected);
        }
        return offset(field);
    }

    private int offset(int field) {
        if (!offsetsFound) {
            findOffsets();
        }
        return offsets[field];
    }

    /** Walks the payload once by the reader's schema; a field that does not fit before the record's end is absent. */
    private void findOffsets() {
        int count = type.fieldCount();
        if (offsets.length < count) {
            offsets = new int[Math.max(count, offsets.length * 2)];
        }
        int end = start + size;
        int at = start + HEADER_SIZE;
        int i = 0;
        for (; i < count; i++) {
            int width = WireFormat.fixedSize(type.field(i).type());
            if (width < 0) {
                if (at + WireFormat.LENGTH_PREFIX_SIZE > end) {
                    break;
                }
                long length = Integer.toUnsignedLong((int) INT.get(buffer, at));
                width = WireFormat.LENGTH_PREFIX_SIZE;
                if (at + width + length > end) {
                    break; // a corrupt length: treat the rest as absent rather than read past the record
                }
                width += (int) length;
            } else if (at + width > end) {
                break;
            }
            offsets[i] = at;
            at += width;
        }
        Arrays.fill(offsets, i, count, ABSENT);
        offsetsFound = true;
    }

    /** {@code provider:name[value, ...]}; byte arrays as lists, absent fields as their defaults. */
    @Override
    public String toString() {
        if (type == null) {
            return getClass().getSimpleName() + "[empty]";
        }
        Object[] values = new Object[type.fieldCount()];
        for (int i = 0; i < values.length; i++) {
            Object value = getValue(i);
            values[i] = value instanceof byte[] ? Arrays.toString((byte[]) value) : value;
        }
        return type.qualifiedName() + Arrays.toString(values);
    }
}
