package io.waymark.backend.memory;

import io.waymark.spi.ClockAnchor;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * One event as the {@link MemoryBackend} recorded it: an immutable copy of the {@link Event} view.
 *
 * <p>Values are held as {@link Event#getValue(int)} returns them: boxed primitives
 * ({@code Boolean, Byte, Short, Character, Integer, Long, Float, Double}), {@code String}s, an enum's
 * label (the constant's name) as a {@code String}, and {@code byte[]}. An enum label is {@code null}
 * when the application passed {@code null}; a {@code null} string or byte array arrives empty, as the
 * event encoding records it. Byte arrays are copied in and copied out again by {@link #values()},
 * {@link #value(String)} and {@link #value(int)}, so nobody can change a recorded event; for the
 * same reason {@code equals} compares byte arrays by content.
 *
 * @param type the event's type (provider, name, id, stability, level, fields)
 * @param timestampNanos {@link System#nanoTime()} when the tracepoint was hit
 * @param time the wall-clock time of {@code timestampNanos}, from the session's {@link ClockAnchor}
 * @param threadId the id of the emitting thread
 * @param threadName the name of the emitting thread ({@code #} and its id when the event did not carry it)
 * @param values the field values in declaration order, one per field of {@code type}
 */
public record RecordedEvent(
        EventType type, long timestampNanos, Instant time, long threadId, String threadName, List<Object> values) {

    /**
     * Validates and copies: each value must have the Java type of its field (see the class comment).
     *
     * @throws IllegalArgumentException when the number or the types of the values do not match the fields
     */
    public RecordedEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(threadName, "threadName");
        Objects.requireNonNull(values, "values");
        if (!(values instanceof Values)) { // Values only ever come from copyOf, already checked and copied
            values = Values.copyOf(type, values);
        }
    }

    /**
     * Copies an event view, which is only valid during {@link io.waymark.spi.Backend#onEvent}.
     *
     * @param event the event to copy
     * @param clock the session's clock, to compute {@link #time()}
     */
    public static RecordedEvent copyOf(Event event, ClockAnchor clock) {
        EventType type = event.type();
        Object[] values = new Object[type.fieldCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = event.getValue(i); // already copies byte arrays
        }
        long timestamp = event.timestampNanos();
        String threadName = event.threadName() == null ? "#" + event.threadId() : event.threadName();
        return new RecordedEvent(type, timestamp, clock.toInstant(timestamp), event.threadId(), threadName,
                new Values(values));
    }

    /** {@code provider:event}, as in {@code shop.orders:orderPlaced}. */
    public String qualifiedName() {
        return type.qualifiedName();
    }

    /**
     * The value of the field called {@code field}.
     *
     * @throws IllegalArgumentException when the event has no such field; the message lists its fields
     */
    public Object value(String field) {
        int index = type.fieldIndex(field);
        if (index < 0) {
            throw new IllegalArgumentException("event " + qualifiedName() + " has no field '" + field + "'; its fields are "
                    + fieldNames());
        }
        return values.get(index);
    }

    /**
     * The value of field {@code index} (declaration order).
     *
     * @throws IndexOutOfBoundsException when the event has no such field
     */
    public Object value(int index) {
        if (index < 0 || index >= values.size()) {
            throw new IndexOutOfBoundsException("event " + qualifiedName() + " has " + values.size() + " fields "
                    + fieldNames() + ", no field " + index);
        }
        return values.get(index);
    }

    /** The names of the event's fields, in declaration order. */
    public List<String> fieldNames() {
        return type.fields().stream().map(FieldDescriptor::name).toList();
    }

    /** The event and its fields, as in {@code shop.orders:orderPlaced{orderId=42, quantity=3, sku=SKU-1}}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(qualifiedName()).append('{');
        Values all = (Values) values;
        for (int i = 0; i < all.size(); i++) {
            if (i > 0) {
                text.append(", ");
            }
            Object value = all.raw(i);
            text.append(type.field(i).name()).append('=')
                    .append(value instanceof byte[] bytes ? Arrays.toString(bytes) : String.valueOf(value));
        }
        return text.append('}').toString();
    }

    /**
     * The immutable value list: allows {@code null} (which {@link List#of} does not), hands out copies of
     * byte arrays, and compares them by content.
     */
    private static final class Values extends AbstractList<Object> implements RandomAccess {

        private final Object[] values;

        private Values(Object[] values) {
            this.values = values;
        }

        static Values copyOf(EventType type, List<?> values) {
            if (values.size() != type.fieldCount()) {
                throw new IllegalArgumentException("event " + type.qualifiedName() + " has " + type.fieldCount()
                        + " fields, got " + values.size() + " values");
            }
            Object[] copy = values.toArray();
            for (int i = 0; i < copy.length; i++) {
                FieldDescriptor field = type.field(i);
                Class<?> expected = javaType(field);
                Object value = copy[i];
                boolean nullable = field.type().isReference() || field.type() == FieldType.ENUM;
                if (value == null ? !nullable : !expected.isInstance(value)) {
                    throw new IllegalArgumentException("event " + type.qualifiedName() + ": field '" + field.name() + "' is "
                            + field.type() + ", held as " + expected.getSimpleName() + ", but the value is "
                            + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
                }
                if (value instanceof byte[] bytes) {
                    copy[i] = bytes.clone();
                }
            }
            return new Values(copy);
        }

        private static Class<?> javaType(FieldDescriptor field) {
            return switch (field.type()) {
                case BOOLEAN -> Boolean.class;
                case BYTE -> Byte.class;
                case SHORT -> Short.class;
                case CHAR -> Character.class;
                case INT -> Integer.class;
                case LONG -> Long.class;
                case FLOAT -> Float.class;
                case DOUBLE -> Double.class;
                case STRING, ENUM -> String.class;
                case BYTES -> byte[].class;
            };
        }

        /** The stored value, without copying a byte array; for reading inside this class only. */
        Object raw(int index) {
            return values[index];
        }

        @Override
        public Object get(int index) {
            Object value = values[index];
            return value instanceof byte[] bytes ? bytes.clone() : value;
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public boolean equals(Object other) {
            if (other instanceof Values that) {
                return Arrays.deepEquals(values, that.values);
            }
            return super.equals(other);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(values);
        }
    }
}
