package io.waymark.backend.ctf.internal;

import io.waymark.spi.EventType;
import io.waymark.spi.FieldType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.WrongMethodTypeException;
import java.util.Arrays;

/**
 * The CTF backend's arguments path ({@code Backend.argumentConsumer}): a method handle of the tracepoint's type
 * {@code (P1..Pn)void} that records an event straight from the call's arguments into its stream's sub-buffer, as
 * LTTng-UST's probes do: the record's size is computed from the arguments first, then room is claimed for exactly
 * that size, the fields are written in place, and the record is committed. Nothing is encoded into a thread's
 * buffer and copied, and no per-thread writer is looked up. The record is byte for byte the one the encoded path
 * ({@link StreamSink#commit}) stores.
 *
 * <p>The work is done by {@link InPlaceRecorder#record}, of which each event type (of up to
 * {@link InPlaceShape#MAX_FIELDS} fields) gets a copy of its own: the class's bytes defined again as a hidden class,
 * with the sink and the event's {@link InPlaceShape} as class data, so that the JIT compiles each copy for one shape
 * (one shared method would be compiled once with every field kind in it, and then too large to inline). Field
 * {@code i} arrives as a {@code long} (a primitive's bits) or an {@code Object} (a String, an enum constant, a
 * {@code byte[]}); this handle adapts the tracepoint's arguments to that: each primitive widened to its bits, each
 * reference to {@code Object}, the unused arguments constants:
 *
 * <pre>{@code
 * orderPlaced(long orderId, int quantity, String sku)
 *   -> record(orderId, (long) quantity, 0, 0, 0, 0, 0, 0, null, null, sku, null, null, null, null, null)
 * }</pre>
 */
public final class ArgumentRecords {

    /** {@link InPlaceRecorder}'s class bytes, defined again as a hidden class for each event type; read on first use. */
    private static volatile byte[] template;
    private static final MethodType RECORD;
    private static final MethodHandle BOOLEAN_BITS;
    private static final MethodHandle FLOAT_BITS;
    private static final MethodHandle DOUBLE_BITS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            Class<?>[] parameters = new Class<?>[2 * InPlaceShape.MAX_FIELDS];
            Arrays.fill(parameters, 0, InPlaceShape.MAX_FIELDS, long.class);
            Arrays.fill(parameters, InPlaceShape.MAX_FIELDS, parameters.length, Object.class);
            RECORD = MethodType.methodType(void.class, parameters);
            BOOLEAN_BITS = lookup.findStatic(ArgumentRecords.class, "bits", MethodType.methodType(long.class, boolean.class));
            FLOAT_BITS = lookup.findStatic(ArgumentRecords.class, "bits", MethodType.methodType(long.class, float.class));
            DOUBLE_BITS = lookup.findStatic(Double.class, "doubleToRawLongBits", MethodType.methodType(long.class, double.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ArgumentRecords() {}

    /**
     * The consumer of {@code type}'s events for {@code sink}, of type {@code arguments}, whose records carry
     * {@code identityWord}; {@code null} when the event has more than {@link InPlaceShape#MAX_FIELDS} fields or
     * {@code arguments} does not match them (the encoded path then carries the events).
     */
    public static MethodHandle consumer(StreamSink sink, EventType type, int identityWord, MethodType arguments) {
        int n = type.fieldCount();
        if (arguments.returnType() != void.class || arguments.parameterCount() != n) {
            return null;
        }
        InPlaceShape shape = InPlaceShape.of(type, identityWord);
        if (shape == null) {
            return null;
        }
        int max = InPlaceShape.MAX_FIELDS;
        boolean[] reference = new boolean[n];
        for (int i = 0; i < n; i++) {
            FieldType field = type.field(i).type();
            if (!field.isCarriedBy(arguments.parameterType(i))) {
                return null; // a parameter of another type than its field's: never converted, boxed or truncated
            }
            reference[i] = field == FieldType.ENUM || field == FieldType.STRING || field == FieldType.BYTES;
        }
        try {
            // (long v0..v7, Object r0..r7)void, then each unused argument a constant: the primitives' bits, then the references
            MethodHandles.Lookup copy = MethodHandles.lookup().defineHiddenClassWithClassData(template(), new Object[] {sink, shape}, true);
            MethodHandle h = copy.findStatic(copy.lookupClass(), "record", RECORD);
            for (int i = max - 1; i >= 0; i--) {
                if (i >= n || !reference[i]) {
                    h = MethodHandles.insertArguments(h, max + i, (Object) null);
                }
            }
            for (int i = max - 1; i >= 0; i--) {
                if (i >= n || reference[i]) {
                    h = MethodHandles.insertArguments(h, i, 0L);
                }
            }
            // h takes field i's argument at position order[i]: the primitives first, then the references, in field order
            int[] order = new int[n];
            int primitives = 0;
            for (int i = 0; i < n; i++) {
                if (!reference[i]) {
                    order[i] = primitives++;
                }
            }
            int references = primitives;
            for (int i = 0; i < n; i++) {
                if (reference[i]) {
                    order[i] = references++;
                }
            }
            Class<?>[] types = new Class<?>[n]; // h's parameter types once adapted: the tracepoint's, by h's position
            for (int i = 0; i < n; i++) {
                Class<?> parameter = arguments.parameterType(i);
                FieldType field = type.field(i).type();
                MethodHandle bits = field == FieldType.BOOLEAN ? BOOLEAN_BITS : field == FieldType.FLOAT ? FLOAT_BITS
                        : field == FieldType.DOUBLE ? DOUBLE_BITS : null;
                if (bits != null && parameter == bits.type().parameterType(0)) {
                    h = MethodHandles.filterArguments(h, order[i], bits);
                }
                types[order[i]] = parameter;
            }
            h = h.asType(MethodType.methodType(void.class, types)); // widening (byte .. int to long) or a reference cast
            int[] reorder = new int[n]; // h's argument at position k is the tracepoint's argument reorder[k]
            for (int i = 0; i < n; i++) {
                reorder[order[i]] = i;
            }
            return MethodHandles.permuteArguments(h, arguments, reorder);
        } catch (WrongMethodTypeException | IllegalArgumentException e) {
            return null; // a parameter of another type than its field's: the encoded path handles it
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot define the in-place recorder of " + type.qualifiedName(), e);
        }
    }

    /** {@link InPlaceRecorder}'s class file, from this module's own resources. */
    private static byte[] template() {
        byte[] bytes = template;
        if (bytes == null) {
            try (java.io.InputStream in = ArgumentRecords.class.getResourceAsStream("InPlaceRecorder.class")) {
                if (in == null) {
                    throw new IllegalStateException("InPlaceRecorder.class is missing from the ctf backend's jar (stripped by a"
                            + " shrinker? keep io.waymark.backend.ctf.internal.InPlaceRecorder)");
                }
                template = bytes = in.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return bytes;
    }

    private static long bits(boolean value) {
        return value ? 1 : 0;
    }

    private static long bits(float value) {
        return Float.floatToRawIntBits(value);
    }
}
