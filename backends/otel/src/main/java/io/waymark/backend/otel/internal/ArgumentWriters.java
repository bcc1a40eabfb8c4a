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
 * {@code (P1..Pn)void} that claims a ring slot, stamps it (clock, thread, the current span context),
 * writes each argument into it with a writer for its field type and publishes it. Nothing is encoded,
 * nothing is boxed and nothing allocates: primitives go into the slot's {@code long[]} as raw bits, a
 * String as a reference (it is immutable), an enum as its ordinal, a {@code byte[]} as a copy into the
 * slot's byte array (the application may reuse its array). The handle is folded from
 * {@link MethodHandles} combinators, so the JIT inlines it into the tracepoint like written code:
 *
 * <pre>{@code
 * Slot slot = ring.claim();            // null: full (counted) or closed
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
    private static final MethodHandle BOOLEAN;
    private static final MethodHandle INT;
    private static final MethodHandle LONG;
    private static final MethodHandle FLOAT;
    private static final MethodHandle DOUBLE;
    private static final MethodHandle STRING;
    private static final MethodHandle ENUM;
    private static final MethodHandle BYTES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CLAIM = lookup.findVirtual(EventRing.class, "claim", MethodType.methodType(Slot.class));
            BEGIN = lookup.findStatic(ArgumentWriters.class, "begin", MethodType.methodType(void.class, Layout.class, Slot.class));
            PUBLISH = lookup.findStatic(ArgumentWriters.class, "publish", MethodType.methodType(void.class, Throwable.class, Slot.class));
            NOT_NULL = lookup.findStatic(ArgumentWriters.class, "notNull", MethodType.methodType(boolean.class, Slot.class));
            BOOLEAN = writer(lookup, "putBoolean", boolean.class);
            INT = writer(lookup, "putInt", int.class);
            LONG = writer(lookup, "putLong", long.class);
            FLOAT = writer(lookup, "putFloat", float.class);
            DOUBLE = writer(lookup, "putDouble", double.class);
            STRING = writer(lookup, "putString", String.class);
            ENUM = writer(lookup, "putEnum", Enum.class);
            BYTES = writer(lookup, "putBytes", byte[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ArgumentWriters() {}

    private static MethodHandle writer(MethodHandles.Lookup lookup, String name, Class<?> value) throws ReflectiveOperationException {
        return lookup.findStatic(ArgumentWriters.class, name, MethodType.methodType(void.class, int.class, Slot.class, value));
    }

    /**
     * The consumer of {@code type}'s events for {@code ring}, of type {@code arguments}; {@code null} when
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
                MethodHandle writer = MethodHandles.insertArguments(writerOf(type.field(i).type()), 0, layout.index[i])
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

    private static MethodHandle writerOf(FieldType type) {
        return switch (type) {
            case BOOLEAN -> BOOLEAN;
            case BYTE, SHORT, CHAR, INT -> INT; // widened to int: a byte or short sign-extended, a char not
            case LONG -> LONG;
            case FLOAT -> FLOAT;
            case DOUBLE -> DOUBLE;
            case STRING -> STRING;
            case ENUM -> ENUM;
            case BYTES -> BYTES;
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
        slot.type = layout.type;
        slot.layout = layout;
        slot.size = 0;
        if (slot.words.length < layout.words) {
            slot.words = new long[layout.words]; // once per slot and wider event type
        }
        if (slot.refs.length < layout.refs) {
            slot.refs = new Object[layout.refs];
        }
        Thread thread = Thread.currentThread();
        slot.threadId = thread.getId();
        slot.threadName = thread.getName();
        SpanContext span = Span.current().getSpanContext();
        slot.span = span.isValid() ? span : null;
    }

    private static void publish(Throwable failure, Slot slot) {
        EventRing.publish(slot, failure != null || slot.kind == EventRing.UNUSABLE);
    }

    private static void putBoolean(int word, Slot slot, boolean value) {
        slot.words[word] = value ? 1 : 0;
    }

    private static void putInt(int word, Slot slot, int value) {
        slot.words[word] = value;
    }

    private static void putLong(int word, Slot slot, long value) {
        slot.words[word] = value;
    }

    private static void putFloat(int word, Slot slot, float value) {
        slot.words[word] = Float.floatToRawIntBits(value);
    }

    private static void putDouble(int word, Slot slot, double value) {
        slot.words[word] = Double.doubleToRawLongBits(value);
    }

    private static void putString(int ref, Slot slot, String value) {
        slot.refs[ref] = value == null ? "" : value; // the event ABI reads a null String as empty
    }

    private static void putEnum(int word, Slot slot, Enum<?> value) {
        slot.words[word] = value == null ? -1 : value.ordinal(); // a null enum stays null: no attribute
    }

    /**
     * Copies the array (the application may reuse it) after the slot's earlier byte arrays. Arrays larger
     * together than an event may hold (as the encoded path, which drops such an event) mark the slot
     * unusable: the consumer counts the event as discarded; nothing is thrown, which the runtime would
     * count as a failure of the backend.
     */
    private static void putBytes(int word, Slot slot, byte[] value) {
        int length = value == null ? 0 : value.length; // the event ABI reads a null byte[] as empty
        int at = slot.size;
        int end = at + length;
        if (end > WireFormat.MAX_RECORD_SIZE || end < 0 || slot.kind == EventRing.UNUSABLE) {
            slot.kind = EventRing.UNUSABLE; // published as such
            return;
        }
        if (slot.bytes.length < end) {
            slot.bytes = Arrays.copyOf(slot.bytes, Math.min(WireFormat.MAX_RECORD_SIZE, Math.max(end, slot.bytes.length * 2)));
        }
        if (length > 0) {
            System.arraycopy(value, 0, slot.bytes, at, length);
        }
        slot.size = end;
        slot.words[word] = (long) at << 32 | length;
    }
}
