package io.waymark.spi.wire;

import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Encodes one canonical record from boxed values: the slow, allocating counterpart of
 * {@link EventWriter}, for tools, tests and backends' own tests. Produces exactly the bytes a
 * generated call site writes for the same values.
 */
public final class RecordEncoder {

    private RecordEncoder() {}

    /**
     * Encodes a record of {@code type}.
     *
     * @param values one per field, in order: {@code Boolean, Byte, Short, Character, Integer, Long,
     *     Float, Double, String, byte[]}, and for enum fields an {@link Enum}, its label as a
     *     {@code String}, or its ordinal as an {@code Integer}; {@code null} is written as the
     *     encoding writes it (empty string or array, ordinal -1)
     * @throws IllegalArgumentException if the number of values or a value's type does not match, naming the field
     */
    public static byte[] encode(EventType type, int providerIndex, long timestampNanos, long threadId, List<?> values) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(values, "values");
        if (values.size() != type.fieldCount()) {
            throw new IllegalArgumentException(type.qualifiedName() + " has " + type.fieldCount() + " fields, got "
                    + values.size() + " values");
        }
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (int i = 0; i < values.size(); i++) {
            writeField(payload, type.field(i), values.get(i), type);
        }
        int size = WireFormat.HEADER_SIZE + payload.size();
        ByteBuffer record = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        record.putInt(size)
                .putInt(WireFormat.identityWord(providerIndex, type.id()))
                .putLong(timestampNanos)
                .putLong(threadId)
                .putShort((short) type.version())
                .putShort((short) 0)
                .put(payload.toByteArray());
        return record.array();
    }

    private static void writeField(ByteArrayOutputStream out, FieldDescriptor field, Object value, EventType type) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        try {
            switch (field.type()) {
                case BOOLEAN: out.write((Boolean) value ? 1 : 0); return;
                case BYTE: out.write((Byte) value); return;
                case SHORT: b.putShort((Short) value); break;
                case CHAR: b.putChar((Character) value); break;
                case INT: b.putInt((Integer) value); break;
                case LONG: b.putLong((Long) value); break;
                case FLOAT: b.putInt(Float.floatToRawIntBits((Float) value)); break;
                case DOUBLE: b.putLong(Double.doubleToRawLongBits((Double) value)); break;
                case ENUM: b.putInt(ordinal(field, value)); break;
                case STRING: writeLengthPrefixed(out, value == null ? new byte[0] : ((String) value).getBytes(StandardCharsets.UTF_8)); return;
                case BYTES: writeLengthPrefixed(out, value == null ? new byte[0] : (byte[]) value); return;
                default: throw new AssertionError(field.type());
            }
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("field '" + field.name() + "' of " + type.qualifiedName() + " is " + field.type()
                    + "; value " + value + (value == null ? "" : " (" + value.getClass().getName() + ")") + " does not fit it");
        }
        out.write(b.array(), 0, b.position());
    }

    private static int ordinal(FieldDescriptor field, Object value) {
        if (value == null) {
            return WireFormat.NULL_ORDINAL;
        }
        if (value instanceof Enum<?> constant) {
            return constant.ordinal();
        }
        if (value instanceof String label) {
            int ordinal = field.enumLabels().indexOf(label);
            if (ordinal < 0) {
                throw new IllegalArgumentException("field '" + field.name() + "': '" + label + "' is none of " + field.enumLabels());
            }
            return ordinal;
        }
        return (Integer) value;
    }

    private static void writeLengthPrefixed(ByteArrayOutputStream out, byte[] bytes) {
        ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length);
        out.write(length.array(), 0, 4);
        out.write(bytes, 0, bytes.length);
    }
}
