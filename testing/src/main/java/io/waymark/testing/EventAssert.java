package io.waymark.testing;

import io.waymark.backend.memory.RecordedEvent;
import io.waymark.spi.FieldType;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;

/**
 * Assertions on one recorded event, obtained from {@link EventSequenceAssert#next(String)} or
 * {@link TraceRecorder#assertFired(String)}; {@link #next(String)} and {@link #noMore()} continue the
 * sequence.
 *
 * <p>{@link #field(String, Object)} compares by the type of the recorded field, forgiving boxing:
 * <ul>
 *   <li>integral fields ({@code byte, short, int, long}) equal any {@code Byte, Short, Integer, Long}
 *       or {@code BigInteger} of the same value, so {@code field("orderId", 42)} works for a
 *       {@code long} field;</li>
 *   <li>{@code float} and {@code double} fields equal any number with the same value at the field's
 *       precision ({@code field("ratio", 0.1)} works for a {@code float} field);</li>
 *   <li>enum fields equal their label as a string or the enum constant itself (by name);</li>
 *   <li>{@code char} fields equal a {@code Character} or a one-character string;</li>
 *   <li>{@code byte[]} fields compare by content; {@code null} equals only {@code null}.</li>
 * </ul>
 */
public final class EventAssert {

    private final EventSequenceAssert sequence;
    private final RecordedEvent event;
    private final int number;

    EventAssert(EventSequenceAssert sequence, RecordedEvent event, int number) {
        this.sequence = sequence;
        this.event = event;
        this.number = number;
    }

    /**
     * Asserts that the field called {@code field} holds {@code expected}, compared as the class comment
     * describes.
     */
    public EventAssert field(String field, Object expected) {
        int index = event.type().fieldIndex(field);
        if (index < 0) {
            throw sequence.failure("event #" + number + " " + event.qualifiedName() + " has no field '" + field
                    + "'; its fields are " + event.fieldNames(), field, event.fieldNames(), number - 1);
        }
        FieldType type = event.type().field(index).type();
        Object actual = event.value(index);
        if (!matches(type, actual, expected)) {
            String shownExpected = Report.show(expected);
            String shownActual = Report.show(actual);
            if (shownExpected.equals(shownActual)) { // same text, different types: say which
                shownExpected += " (" + (expected == null ? "null" : expected.getClass().getSimpleName()) + ")";
                shownActual += " (" + type.name().toLowerCase(Locale.ROOT) + " field)";
            }
            throw sequence.failure("event #" + number + " " + event + ": field '" + field + "' expected " + shownExpected
                    + " but was " + shownActual, shownExpected, shownActual, number - 1);
        }
        return this;
    }

    /** Asserts that the event right after this one is called {@code qualifiedName}; see {@link EventSequenceAssert#next}. */
    public EventAssert next(String qualifiedName) {
        return sequence.next(qualifiedName);
    }

    /** Asserts that no event follows this one; see {@link EventSequenceAssert#noMore()}. */
    public void noMore() {
        sequence.noMore();
    }

    /** The event under assertion. */
    public RecordedEvent event() {
        return event;
    }

    static boolean matches(FieldType type, Object actual, Object expected) {
        if (actual == null || expected == null) {
            return actual == expected;
        }
        return switch (type) {
            case BYTE, SHORT, INT, LONG -> integralEquals(((Number) actual).longValue(), expected);
            case FLOAT -> expected instanceof Number n && Float.compare(n.floatValue(), (Float) actual) == 0;
            case DOUBLE -> expected instanceof Number n && Double.compare(n.doubleValue(), (Double) actual) == 0;
            case CHAR -> expected instanceof String s ? s.length() == 1 && s.charAt(0) == (Character) actual
                    : actual.equals(expected);
            case ENUM -> expected instanceof Enum<?> constant ? constant.name().equals(actual) : actual.equals(expected);
            case BYTES -> expected instanceof byte[] bytes && Arrays.equals((byte[]) actual, bytes);
            case STRING -> expected instanceof CharSequence text && actual.equals(text.toString());
            case BOOLEAN -> actual.equals(expected);
        };
    }

    private static boolean integralEquals(long actual, Object expected) {
        if (expected instanceof Long || expected instanceof Integer || expected instanceof Short || expected instanceof Byte) {
            return ((Number) expected).longValue() == actual;
        }
        return expected instanceof BigInteger big && big.equals(BigInteger.valueOf(actual));
    }

    @Override
    public String toString() {
        return "EventAssert[#" + number + " " + event + "]";
    }
}
