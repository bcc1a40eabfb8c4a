package io.waymark.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.filter.CheckedFilter;
import io.waymark.spi.filter.Expr.Op;
import io.waymark.spi.filter.Filter;
import io.waymark.spi.wire.EventWriter;
import io.waymark.spi.wire.ThreadWriters;
import io.waymark.spi.wire.WireFormat;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The differential test of filters evaluated before encoding (docs/filters.md): generated well-typed
 * filters, compiled by {@link ArgumentFilters#compile} and run on generated argument tuples, against
 * {@link CheckedFilter#test} on the event those arguments encode to, written by the tracepoints' own
 * {@link EventWriter} (strings through its string cache, as generated code does): 0 mismatches.
 *
 * <p>The generator is spi's {@code FilterFuzzTest.wellTyped} (copied: test classes do not cross
 * modules), widened to what only the arguments path can get wrong: two String fields (String against
 * String), unpaired surrogates and {@code '?'} in values and patterns, an enum class with a constant
 * the event type has no label for, an enum of more than 64 constants, null Strings, arrays and enums.
 * {@code -Dwaymark.fuzz.iterations=N} sets the size ({@code N / 10} filters; {@code mvn verify -Pfuzz-long}: a million
 * filters, 16 million tuples).
 */
class ArgumentFilterFuzzTest {

    private static final long SEED = 22;
    /** Filters: a tenth of the fuzz iterations (2,000 in verify, a million in -Pfuzz-long), each on {@link #TUPLES} tuples. */
    private static final int ITERATIONS = Math.max(1, Integer.getInteger("waymark.fuzz.iterations", 20_000) / 10);
    private static final int BATCH = 500;
    /** Per batch: generous for a slow, shared machine; a hang fails it. */
    private static final Duration BATCH_BOUND = Duration.ofSeconds(60);
    /** Argument tuples per filter. */
    private static final int TUPLES = 16;

    /** The application's enum: one constant more than the event type's labels (a newer class than the schema). */
    enum Method { CARD, CASH, VOUCHER, CRYPTO }

    /** More constants than a 64-bit mask holds. */
    enum Zone {
        Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23, Z24,
        Z25, Z26, Z27, Z28, Z29, Z30, Z31, Z32, Z33, Z34, Z35, Z36, Z37, Z38, Z39, Z40, Z41, Z42, Z43, Z44, Z45, Z46, Z47,
        Z48, Z49, Z50, Z51, Z52, Z53, Z54, Z55, Z56, Z57, Z58, Z59, Z60, Z61, Z62, Z63, Z64, Z65, Z66, Z67, Z68, Z69
    }

    static final EventType ORDER = new EventType("shop.checkout", "orderPlaced", 1, Stability.STABLE, Level.INFO, List.of(
            FieldDescriptor.of("orderId", FieldType.LONG),
            FieldDescriptor.of("items", FieldType.INT),
            FieldDescriptor.of("customer", FieldType.STRING),
            FieldDescriptor.ofEnum("method", "shop.Method", List.of("CARD", "CASH", "VOUCHER")),
            FieldDescriptor.of("note", FieldType.BYTES),
            FieldDescriptor.of("express", FieldType.BOOLEAN),
            FieldDescriptor.of("price", FieldType.DOUBLE),
            FieldDescriptor.of("weight", FieldType.FLOAT),
            FieldDescriptor.of("grade", FieldType.CHAR),
            FieldDescriptor.of("code", FieldType.SHORT),
            FieldDescriptor.of("flag", FieldType.BYTE),
            FieldDescriptor.of("gift", FieldType.BOOLEAN),
            FieldDescriptor.of("sku", FieldType.STRING),
            FieldDescriptor.ofEnum("zone", "shop.Zone", Arrays.stream(Zone.values()).map(Enum::name).toList()),
            FieldDescriptor.of("total", FieldType.LONG)));

    static final MethodType ARGUMENTS = MethodType.methodType(void.class, long.class, int.class, String.class, Method.class,
            byte[].class, boolean.class, double.class, float.class, char.class, short.class, byte.class, boolean.class,
            String.class, Zone.class, long.class);

    @org.junit.jupiter.api.Test
    void argumentFiltersAgreeWithTheFilterOnTheEncodedEvent() {
        Random random = new Random(SEED);
        Random values = new Random(SEED + 1);
        long[] compared = {0};
        for (int done = 0; done < ITERATIONS; done += BATCH) {
            int size = Math.min(BATCH, ITERATIONS - done);
            int first = done;
            assertTimeoutPreemptively(BATCH_BOUND, () -> {
                for (int i = 0; i < size; i++) {
                    String input = wellTyped(random, 0);
                    try {
                        compared[0] += compareOn(input, values);
                    } catch (RuntimeException | AssertionError e) {
                        throw new AssertionError("filter " + (first + i) + " (seed " + SEED + "): '" + input + "': " + e, e);
                    }
                }
            }, () -> "batch from filter " + first + " did not finish (a hang)");
        }
        assertEquals((long) ITERATIONS * TUPLES, compared[0]);
    }

    private static int compareOn(String input, Random values) throws Throwable {
        CheckedFilter filter = Filter.parse(input).check(ORDER);
        MethodHandle handle = ArgumentFilters.compile(filter, ORDER, ARGUMENTS);
        assertNotNull(handle, "every checked filter compiles");
        assertEquals(ARGUMENTS.changeReturnType(boolean.class), handle.type());
        MethodHandle spread = handle.asSpreader(Object[].class, ARGUMENTS.parameterCount());
        for (int i = 0; i < TUPLES; i++) {
            Object[] arguments = randomArguments(values);
            boolean expected = testEncoded(filter, arguments, i);
            boolean actual = (boolean) spread.invokeExact(arguments);
            if (expected != actual) {
                throw new AssertionError("on arguments " + describe(arguments) + ": the encoded event gives " + expected
                        + ", the arguments " + actual);
            }
        }
        return TUPLES;
    }

    /** {@code filter.test} on the event the tracepoint's writer encodes from {@code a}, as generated code writes it. */
    static boolean testEncoded(CheckedFilter filter, Object[] a, int round) {
        EventWriter w = ThreadWriters.begin(ORDER, WireFormat.identityWord(0, ORDER.id()));
        assertNotNull(w);
        try {
            w.putLong((Long) a[0]);
            w.putInt((Integer) a[1]);
            if (round % 2 == 0) {
                w.putString((String) a[2], 0); // through the thread's string cache, as generated code does
            } else {
                w.putString((String) a[2]);
            }
            w.putEnum((Enum<?>) a[3]);
            w.putBytes((byte[]) a[4]);
            w.putBoolean((Boolean) a[5]);
            w.putDouble((Double) a[6]);
            w.putFloat((Float) a[7]);
            w.putChar((Character) a[8]);
            w.putShort((Short) a[9]);
            w.putByte((Byte) a[10]);
            w.putBoolean((Boolean) a[11]);
            w.putString((String) a[12], 1);
            w.putEnum((Enum<?>) a[13]);
            w.putLong((Long) a[14]);
            assertTrue(ThreadWriters.finish(w));
            return filter.test(w);
        } finally {
            ThreadWriters.giveBack(w);
        }
    }

    // ---- argument tuples ----

    private static final long[] LONGS = {0, 1, -1, 2, 3, 4, 127, -128, 1000, 1001, 65, 97, Long.MAX_VALUE, Long.MIN_VALUE,
        Integer.MAX_VALUE, Integer.MIN_VALUE, 9007199254740992L, 9007199254740993L, -9007199254740993L, Long.MAX_VALUE - 1};
    private static final double[] DOUBLES = {0.0, -0.0, 1.5, 2.5, 1000.0, -0.25, Double.NaN, 1e300, -1e-300,
        9.223372036854776E18, Double.POSITIVE_INFINITY, 1000.5, 3.0};
    private static final float[] FLOATS = {0f, -0f, 1.5f, -0.25f, Float.NaN, 3.4e38f, 1e-45f, 1000.5f, Float.NEGATIVE_INFINITY};
    private static final String[] STRING_PIECES = {"a", "b", "*", ",", "]", "\"", "'", "\\", "?", "\ud800", "\udc00",
        "\ud83d\ude00", "\u00e9", "ab"};

    static Object[] randomArguments(Random random) {
        Method[] methods = {Method.CARD, Method.CASH, Method.VOUCHER, Method.CRYPTO, null};
        return new Object[] {
            longValue(random),
            (int) LONGS[random.nextInt(LONGS.length)],
            random.nextInt(5) == 0 ? null : text(random),
            methods[random.nextInt(methods.length)],
            random.nextInt(4) == 0 ? null : new byte[random.nextInt(5)],
            random.nextBoolean(),
            DOUBLES[random.nextInt(DOUBLES.length)],
            FLOATS[random.nextInt(FLOATS.length)],
            "ax*b?\u00e9\ud800".charAt(random.nextInt(7)),
            (short) LONGS[random.nextInt(LONGS.length)],
            (byte) LONGS[random.nextInt(LONGS.length)],
            random.nextBoolean(),
            random.nextInt(5) == 0 ? null : text(random),
            random.nextInt(8) == 0 ? null : Zone.values()[random.nextInt(Zone.values().length)],
            longValue(random)};
    }

    /** Pairs of longs that only compare apart as longs: as doubles they are equal. */
    private static final long[] CLOSE_LONGS = {9007199254740992L, 9007199254740993L, Long.MAX_VALUE, Long.MAX_VALUE - 1};

    private static long longValue(Random random) {
        return random.nextInt(3) == 0 ? CLOSE_LONGS[random.nextInt(CLOSE_LONGS.length)] : LONGS[random.nextInt(LONGS.length)];
    }

    /** Values that a '?' in a pattern, or another field, tells apart only by their encoding (unpaired surrogates as '?'). */
    private static final String[] CLOSE_STRINGS = {"", "a", "ab", "?", "\ud800", "\udc00", "a?", "a\ud800", "?b", "\udc00b",
        "\ud800\udc00", "\udc00\ud800", "??", "a*", "\ud83d\ude00", "\ud83d?", "\ud83d\ud83d"};

    private static String text(Random random) {
        if (random.nextInt(3) == 0) {
            return CLOSE_STRINGS[random.nextInt(CLOSE_STRINGS.length)];
        }
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(6); i > 0; i--) {
            s.append(STRING_PIECES[random.nextInt(random.nextInt(4) == 0 ? STRING_PIECES.length : 5)]);
        }
        return s.toString();
    }

    private static String describe(Object[] arguments) {
        List<Object> shown = new ArrayList<>();
        for (Object value : arguments) {
            if (value instanceof byte[] bytes) {
                shown.add("byte[" + bytes.length + "]");
            } else if (value instanceof String s) {
                StringBuilder escaped = new StringBuilder("\"");
                s.chars().forEach(c -> escaped.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
                shown.add(escaped.append('"'));
            } else {
                shown.add(value);
            }
        }
        return shown.toString();
    }

    // ---- well-typed filters over ORDER: FilterFuzzTest.wellTyped, widened ----

    private static final String[] INTEGRAL = {"orderId", "items", "code", "flag", "grade", "len(customer)", "len(note)", "len(sku)",
        "total", "orderId"};
    private static final String[] FLOATING = {"price", "weight"};
    private static final String[] BOOLEANS = {"express", "gift"};
    private static final String[] STRINGS = {"customer", "sku"};
    private static final String[] LABELS = {"CARD", "CASH", "VOUCHER"};

    static String wellTyped(Random random, int depth) {
        int choice = depth >= 4 ? 4 + random.nextInt(7) : random.nextInt(11);
        switch (choice) {
            case 0 -> {
                return wellTyped(random, depth + 1) + " && " + wellTyped(random, depth + 1)
                        + (random.nextInt(4) == 0 ? " && " + wellTyped(random, depth + 1) : "");
            }
            case 1 -> {
                return wellTyped(random, depth + 1) + " || " + wellTyped(random, depth + 1)
                        + (random.nextInt(4) == 0 ? " || " + wellTyped(random, depth + 1) : "");
            }
            case 2 -> {
                return "!(" + wellTyped(random, depth + 1) + ")";
            }
            case 3 -> {
                return "(" + wellTyped(random, depth + 1) + ")";
            }
            case 4, 5 -> {
                String left = random.nextInt(3) == 0 ? FLOATING[random.nextInt(2)] : INTEGRAL[random.nextInt(INTEGRAL.length)];
                String right = switch (random.nextInt(4)) {
                    case 0 -> INTEGRAL[random.nextInt(INTEGRAL.length)];
                    case 1 -> FLOATING[random.nextInt(2)];
                    case 2 -> decimal(random);
                    default -> integer(random);
                };
                if (left.equals("grade") && random.nextInt(3) == 0) {
                    right = "'" + "ax*b?\u00e9".charAt(random.nextInt(6)) + "'";
                    right = right.equals("'*'") ? "'\\*'" : right;
                }
                String op = Op.values()[random.nextInt(6)].symbol();
                if (random.nextInt(4) == 0) {
                    return left + " in (" + integerList(random) + ")";
                }
                return random.nextBoolean() ? left + " " + op + " " + right : right + " " + op + " " + left;
            }
            case 6 -> {
                String op = random.nextBoolean() ? "==" : "!=";
                String field = STRINGS[random.nextInt(2)];
                return switch (random.nextInt(4)) {
                    case 0 -> field + " " + op + " " + glob(random);
                    case 1 -> field + " in (" + glob(random) + ", " + glob(random) + ")";
                    case 2 -> field + " " + op + " " + STRINGS[random.nextInt(2)];
                    default -> glob(random) + " " + op + " " + field;
                };
            }
            case 7 -> {
                String op = random.nextBoolean() ? "==" : "!=";
                String value = switch (random.nextInt(3)) {
                    case 0 -> LABELS[random.nextInt(3)];
                    case 1 -> "null";
                    default -> "\"" + "C*V".charAt(random.nextInt(3)) + (random.nextBoolean() ? "*" : "") + "\"";
                };
                if (random.nextInt(3) == 0) {
                    return "method in (" + LABELS[random.nextInt(3)] + ", " + value + ")";
                }
                return random.nextBoolean() ? "method " + op + " " + value : value + " " + op + " method";
            }
            case 8 -> {
                String field = BOOLEANS[random.nextInt(2)];
                return switch (random.nextInt(4)) {
                    case 0 -> field;
                    case 1 -> field + (random.nextBoolean() ? " == " : " != ") + random.nextBoolean();
                    case 2 -> field + (random.nextBoolean() ? " == " : " != ") + BOOLEANS[random.nextInt(2)];
                    default -> random.nextBoolean() ? "true" : "false";
                };
            }
            case 9 -> {
                String op = random.nextBoolean() ? "==" : "!=";
                String value = switch (random.nextInt(4)) {
                    case 0 -> "Z" + random.nextInt(70);
                    case 1 -> "null";
                    case 2 -> "\"Z" + random.nextInt(7) + "*\"";
                    default -> "\"*" + random.nextInt(10) + "\"";
                };
                if (random.nextInt(3) == 0) {
                    return "zone in (Z" + (60 + random.nextInt(10)) + ", " + value + ")";
                }
                return random.nextBoolean() ? "zone " + op + " " + value : value + " " + op + " zone";
            }
            default -> {
                return STRINGS[random.nextInt(2)] + (random.nextBoolean() ? " == " : " != ") + STRINGS[random.nextInt(2)];
            }
        }
    }

    private static String integer(Random random) {
        long[] interesting = {0, 1, -1, 2, 3, 127, -128, 1000, 1001, 65, 97, Long.MAX_VALUE, Long.MIN_VALUE + 1,
            Integer.MAX_VALUE, 9007199254740992L, 9007199254740993L, Long.MAX_VALUE - 1};
        return String.valueOf(interesting[random.nextInt(interesting.length)]);
    }

    private static String integerList(Random random) {
        StringBuilder s = new StringBuilder(integer(random));
        for (int i = random.nextInt(3); i > 0; i--) {
            s.append(", ").append(random.nextBoolean() ? integer(random) : decimal(random));
        }
        return s.toString();
    }

    private static String decimal(Random random) {
        String[] interesting = {"0.0", "-0.0", "1.5", "2.5e0", "1e3", "-0.25", "1000.5", "9.223372036854776E18", "3.4e38",
            "1e-45", "9.007199254740992E15"};
        return interesting[random.nextInt(interesting.length)];
    }

    /** A string literal over a small alphabet: glob stars, escaped stars, quotes, backslashes, '?', surrogates. */
    private static String glob(Random random) {
        StringBuilder s = new StringBuilder(random.nextBoolean() ? "\"" : "'");
        char quote = s.charAt(0);
        if (random.nextInt(3) == 0) { // near the values: stars and '?' against unpaired surrogates
            for (int i = random.nextInt(4); i > 0; i--) {
                s.append(random.nextBoolean() ? "*" : "?a\ud800\udc00".charAt(random.nextInt(4)));
            }
            return s.append(quote).toString();
        }
        for (int i = random.nextInt(6); i > 0; i--) {
            switch (random.nextInt(9)) {
                case 0, 1 -> s.append('*');
                case 2 -> s.append("\\*");
                case 3 -> s.append(quote == '"' ? "\\\"" : "\\'");
                case 4 -> s.append("\\\\");
                case 5 -> s.append("?\ud800\udc00\ud83d\ude00".charAt(random.nextInt(5)));
                default -> s.append("ab,]".charAt(random.nextInt(4)));
            }
        }
        return s.append(quote).toString();
    }
}
