package io.waymark.backend.otel.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.waymark.backend.otel.internal.EventRing.Slot;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldType;
import io.waymark.spi.wire.WireFormat;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.WrongMethodTypeException;
import java.util.Arrays;

/**
 * The arguments path ({@code Backend.argumentConsumer}): a method handle of the tracepoint's type
 * {@code (P1..Pn)void} that takes a free slot of the buffer, stamps it (clock, thread, the current span
 * context), writes each argument into it with a writer for its field type and hands it to the export thread. Nothing is encoded,
 * nothing is boxed and nothing allocates: primitives go into the slot's words as raw bits, a
 * String as a reference (it is immutable), an enum as its ordinal, a {@code byte[]} as a copy into the
 * slot's byte array (the application may reuse its array). The handle is folded from
 * {@link MethodHandles} combinators, so the JIT inlines it into the tracepoint like written code:
 *
 * <pre>{@code
 * Slot slot = buffer.claim();          // null: no free slot (counted), or closed
 * if (slot != null) {
 *     try { begin(layout, slot); write1(slot, p1); ... writeN(slot, pN); }
 *     finally { EventRing.publish(slot, failed); }
 * }
 * }</pre>
 */
public final class ArgumentWriters {

    /**
     * Where each field of one event type lives in a slot: field {@code i} is word {@code index[i]}
     * ({@code boolean} .. {@code double} as raw bits, an enum's ordinal or -1 for null, a {@code byte[]}'s
     * offset and length in the slot's bytes), or ref {@code index[i]} (a String).
     */
    public static final class Layout {
        final EventType type;
        final int[] index;
        final int words;
        final int refs;

        Layout(EventType type) {
            this.type = type;
            this.index = new int[type.fieldCount()];
            int w = 0;
            int r = 0;
            for (int i = 0; i < index.length; i++) {
                index[i] = type.field(i).type() == FieldType.STRING ? r++ : w++;
            }
            this.words = w;
            this.refs = r;
        }

        /** The slot index of field {@code i}'s word or ref. */
        public int index(int i) {
            return index[i];
        }
    }

    private static final MethodHandle CLAIM;
    private static final MethodHandle BEGIN;
    private static final MethodHandle PUBLISH;
    private static final MethodHandle NOT_NULL;
    /** Converters of a field's value to its word's raw bits, by field type ({@code int}-like ones widen in asType). */
    private static final MethodHandle BOOLEAN_BITS;
    private static final MethodHandle FLOAT_BITS;
    private static final MethodHandle DOUBLE_BITS;
    private static final MethodHandle ORDINAL;
    private static final MethodHandle OR_EMPTY;
    /** {@code (Slot, long)void} and {@code (Slot, String)void} per inline word and string: the slot's own fields. */
    private static final MethodHandle[] WORD_SETTERS = new MethodHandle[Slot.INLINE_WORDS];
    private static final MethodHandle[] STRING_SETTERS = new MethodHandle[Slot.INLINE_STRINGS];
    private static final MethodHandle SET_WORD;
    private static final MethodHandle SET_STRING;
    private static final MethodHandle BYTES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CLAIM = lookup.findVirtual(EventRing.class, "claim", MethodType.methodType(Slot.class));
            BEGIN = lookup.findStatic(ArgumentWriters.class, "begin", MethodType.methodType(void.class, Layout.class, Slot.class));
            PUBLISH = lookup.findStatic(ArgumentWriters.class, "publish", MethodType.methodType(void.class, Throwable.class, Slot.class));
            NOT_NULL = lookup.findStatic(ArgumentWriters.class, "notNull", MethodType.methodType(boolean.class, Slot.class));
            BOOLEAN_BITS = lookup.findStatic(ArgumentWriters.class, "bits", MethodType.methodType(long.class, boolean.class));
            FLOAT_BITS = lookup.findStatic(ArgumentWriters.class, "bits", MethodType.methodType(long.class, float.class));
            DOUBLE_BITS = lookup.findStatic(Double.class, "doubleToRawLongBits", MethodType.methodType(long.class, double.class));
            ORDINAL = lookup.findStatic(ArgumentWriters.class, "ordinal", MethodType.methodType(long.class, Enum.class));
            OR_EMPTY = lookup.findStatic(ArgumentWriters.class, "orEmpty", MethodType.methodType(String.class, String.class));
            for (int i = 0; i < WORD_SETTERS.length; i++) {
                WORD_SETTERS[i] = lookup.findSetter(Slot.class, "w" + i, long.class);
            }
            for (int i = 0; i < STRING_SETTERS.length; i++) {
                STRING_SETTERS[i] = lookup.findSetter(Slot.class, "s" + i, String.class);
            }
            SET_WORD = lookup.findVirtual(Slot.class, "setWord", MethodType.methodType(void.class, int.class, long.class));
            SET_STRING = lookup.findVirtual(Slot.class, "setString", MethodType.methodType(void.class, int.class, String.class));
            BYTES = lookup.findStatic(ArgumentWriters.class, "putBytes", MethodType.methodType(void.class, int.class, Slot.class, byte[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ArgumentWriters() {}

    /**
     * The consumer of {@code type}'s events for the buffer {@code ring}, of type {@code arguments}; {@code null} when
     * {@code arguments} does not match the fields (the encoded path then carries the events).
     */
    public static MethodHandle consumer(EventRing ring, EventType type, MethodType arguments) {
        if (arguments.returnType() != void.class || arguments.parameterCount() != type.fieldCount()) {
            return null;
        }
        Layout layout = new Layout(type);
        Class<?>[] parameters = arguments.parameterArray();
        // (Slot, P1..Pn)void, built from the last field backwards: each writer folded in before the rest
        MethodHandle body = MethodHandles.dropArguments(MethodHandles.empty(MethodType.methodType(void.class, Slot.class)), 1, parameters);
        try {
            for (int i = parameters.length - 1; i >= 0; i--) {
                MethodHandle writer = writerOf(type.field(i).type(), layout.index[i])
                        .asType(MethodType.methodType(void.class, Slot.class, parameters[i])); // widening or a reference cast, never boxing
                writer = MethodHandles.dropArguments(writer, 1, Arrays.copyOfRange(parameters, 0, i));
                body = MethodHandles.foldArguments(body, writer);
            }
        } catch (WrongMethodTypeException e) {
            return null; // a parameter of another type than its field's: the encoded path handles it
        }
        body = MethodHandles.foldArguments(body, BEGIN.bindTo(layout));
        body = MethodHandles.tryFinally(body, PUBLISH);
        MethodHandle skip = MethodHandles.dropArguments(MethodHandles.empty(MethodType.methodType(void.class, Slot.class)), 1, parameters);
        MethodHandle guarded = MethodHandles.guardWithTest(NOT_NULL, body, skip);
        return MethodHandles.foldArguments(guarded, CLAIM.bindTo(ring));
    }

    /** {@code (Slot, value)void}: field type {@code type}'s value converted to its word, or a String, stored at {@code index}. */
    private static MethodHandle writerOf(FieldType type, int index) {
        if (type == FieldType.BYTES) {
            return MethodHandles.insertArguments(BYTES, 0, index);
        }
        if (type == FieldType.STRING) {
            MethodHandle store = index < STRING_SETTERS.length ? STRING_SETTERS[index]
                    : MethodHandles.insertArguments(SET_STRING, 1, index);
            return MethodHandles.filterArguments(store, 1, OR_EMPTY);
        }
        MethodHandle store = index < WORD_SETTERS.length ? WORD_SETTERS[index] : MethodHandles.insertArguments(SET_WORD, 1, index);
        return switch (type) {
            case BOOLEAN -> MethodHandles.filterArguments(store, 1, BOOLEAN_BITS);
            case BYTE, SHORT, CHAR, INT, LONG -> store; // widened by asType: a byte or short sign-extended, a char not
            case FLOAT -> MethodHandles.filterArguments(store, 1, FLOAT_BITS);
            case DOUBLE -> MethodHandles.filterArguments(store, 1, DOUBLE_BITS);
            case ENUM -> MethodHandles.filterArguments(store, 1, ORDINAL);
            default -> throw new AssertionError(type);
        };
    }

    private static boolean notNull(Slot slot) {
        return slot != null;
    }

    /** Stamps a claimed slot: the event's type, time (the session's monotonic clock), thread and span. */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    private static void begin(Layout layout, Slot slot) {
        slot.timestamp = System.nanoTime();
        slot.kind = EventRing.ARGUMENTS;
        slot.size = 0;
        // A reference stored into a slot (an old object) costs a GC write barrier with a fence (G1): store only
        // what changed. The slot keeps its layout, type, thread name and span between events (small, long-lived).
        if (slot.layout != layout) {
            slot.layout = layout;
            slot.type = layout.type;
            slot.ensure(layout.words, layout.refs); // allocates once per slot, only for events wider than its fields
        }
        Thread thread = Thread.currentThread();
        slot.threadId = thread.getId();
        String name = thread.getName();
        if (slot.threadName != name) {
            slot.threadName = name;
        }
        SpanContext current = Span.current().getSpanContext();
        SpanContext span = current.isValid() ? current : null;
        if (slot.span != span) {
            slot.span = span;
        }
    }

    private static void publish(Throwable failure, Slot slot) {
        EventRing.publish(slot, failure != null || slot.kind == EventRing.UNUSABLE);
    }

    private static long bits(boolean value) {
        return value ? 1 : 0;
    }

    private static long bits(float value) {
        return Float.floatToRawIntBits(value);
    }

    private static long ordinal(Enum<?> value) {
        return value == null ? -1 : value.ordinal(); // a null enum stays null: no attribute
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value; // the event ABI reads a null String as empty
    }

    /**
     * Copies the array (the application may reuse it) after the slot's earlier byte arrays. Arrays larger
     * together than an event may hold (as the encoded path, which discards such an event) mark the slot
     * {@link EventRing#TOO_LARGE}: the consumer counts the event as discarded for that reason; nothing is
     * thrown, which the runtime would count as a failure of the backend.
     */
    private static void putBytes(int word, Slot slot, byte[] value) {
        int length = value == null ? 0 : value.length; // the event ABI reads a null byte[] as empty
        int at = slot.size;
        int end = at + length;
        if (end > WireFormat.MAX_RECORD_SIZE || end < 0 || slot.kind < 0) {
            slot.kind = EventRing.TOO_LARGE; // published as such, counted as EVENT_TOO_LARGE
            return;
        }
        if (slot.bytes.length < end) {
            slot.bytes = Arrays.copyOf(slot.bytes, Math.min(WireFormat.MAX_RECORD_SIZE, Math.max(end, slot.bytes.length * 2)));
        }
        if (length > 0) {
            System.arraycopy(value, 0, slot.bytes, at, length);
        }
        slot.size = end;
        slot.setWord(word, (long) at << 32 | length);
    }
}
