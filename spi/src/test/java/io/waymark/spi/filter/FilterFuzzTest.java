package io.waymark.spi.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.spi.Event;
import io.waymark.spi.EventPattern;
import io.waymark.spi.EventType;
import io.waymark.spi.filter.Expr.And;
import io.waymark.spi.filter.Expr.BooleanLiteral;
import io.waymark.spi.filter.Expr.Compare;
import io.waymark.spi.filter.Expr.DecimalLiteral;
import io.waymark.spi.filter.Expr.In;
import io.waymark.spi.filter.Expr.IntLiteral;
import io.waymark.spi.filter.Expr.Length;
import io.waymark.spi.filter.Expr.Name;
import io.waymark.spi.filter.Expr.Not;
import io.waymark.spi.filter.Expr.NullLiteral;
import io.waymark.spi.filter.Expr.Op;
import io.waymark.spi.filter.Expr.Operand;
import io.waymark.spi.filter.Expr.Or;
import io.waymark.spi.filter.Expr.StringLiteral;
import io.waymark.spi.filter.Expr.Test;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Fuzz targets of the filter language (docs/filters.md, "Robustness"), seeded and in memory, as
 * {@code RulesFuzzTest}: {@code -Dwaymark.fuzz.iterations=N} sets the inputs per target
 * ({@code mvn verify -Pfuzz-long} runs ten million).
 *
 * <ul>
 *   <li>{@link #parserAndChecker()}: generated, mutated and random inputs. Every outcome is a filter
 *       or the documented {@link IllegalArgumentException} with a short message naming the filter; a
 *       parsed filter prints canonically, reads back the same, stays one rule in a start-up list, and
 *       checks and evaluates without throwing.</li>
 *   <li>{@link #compiledFiltersAgreeWithAReferenceInterpreter()}: a differential test. Well-typed
 *       filters over every field type, evaluated on generated events by the compiled filter the
 *       runtime uses and by a straightforward interpreter of the syntax tree written here (boxed
 *       values, regular expressions for globs): 0 mismatches.</li>
 * </ul>
 */
class FilterFuzzTest {

    private static final long SEED = 18;
    private static final int ITERATIONS = Integer.getInteger("waymark.fuzz.iterations", 20_000);
    private static final int BATCH = 2_000;
    /** Per batch of 2000 inputs: generous for a slow, shared machine; a hang fails it. */
    private static final Duration BATCH_BOUND = Duration.ofSeconds(30);
    private static final EventType ORDER = FilterTest.ORDER;

    private static final List<String> SEEDS = List.of("items > 3 && customer == \"a*\"", "orderId > 1000 && customer == \"a*\"",
            "method in (CARD, null) || !(len(note) >= 2)", "price < 1.5e3 && weight != -0.25", "grade == 'x' || code <= -7",
            "express && !gift", "customer == \"a\\*b\\\\c\\\"d,]\"", "(a || (b && c)) || !d", "x in (1, 2.5, \"s\", T, null)",
            "method == \"C*\" && customer != '*'", "flag == -128 || orderId == 9223372036854775807");
    private static final String ALPHABET = "ab()[]!&|=<>\"'\\*.,-+eE019 \t_CARDlen(in)null true\u00e9\u0000";

    /** Inputs that once broke a target; replayed first, every run. */
    private static final List<String> REGRESSIONS = List.of("", "(", ")", "!", "!=", "\"", "'", "\\", "len(", "len(x", "len",
            "x in", "x in (", "x in ()", "-", "1e", "1.", ".5", "1e+", "\"\\u12\"", "\"\\", "a &", "a |", "a ==", "== a",
            "(".repeat(10_000), "!".repeat(5000) + "a", "a" + " && a".repeat(2000), "\"" + "*".repeat(4000) + "\"",
            "in == 1", "len == 1", "true", "null", "x == 1 y", "\u0000", "\ud800");

    @org.junit.jupiter.api.Test
    void parserAndChecker() {
        List<Event> events = new ArrayList<>();
        Random values = new Random(SEED + 2);
        for (int i = 0; i < 8; i++) {
            events.add(randomEvent(values));
        }
        run("parser", this::generate, input -> {
            Filter filter;
            try {
                filter = Filter.parse(input);
            } catch (IllegalArgumentException documented) {
                String message = documented.getMessage();
                assertTrue(message.startsWith("filter '") || message.startsWith("the filter is empty"), message);
                assertTrue(message.length() < 1_000, "long input is quoted shortened: " + message.length());
                return;
            }
            String canonical = filter.toString();
            assertEquals(canonical, Filter.parse(canonical).toString(), "canonical form reads back the same");
            String rule = "shop.checkout:orderPlaced[" + canonical + "]";
            assertEquals(rule, EventPattern.parse(rule).toString());
            assertEquals(List.of(rule, rule), splitList(rule + "," + rule), "a rule stays whole in a start-up list");
            CheckedFilter checked;
            try {
                checked = filter.check(ORDER);
            } catch (IllegalArgumentException documented) {
                assertTrue(documented.getMessage().startsWith("filter '"), documented.getMessage());
                assertTrue(documented.getMessage().contains("on event shop.checkout:orderPlaced, at position "),
                        documented.getMessage());
                return;
            }
            for (Event event : events) {
                checked.test(event);
            }
        });
    }

    @org.junit.jupiter.api.Test
    void compiledFiltersAgreeWithAReferenceInterpreter() {
        Random values = new Random(SEED + 3);
        int[] compared = {0};
        run("differential", random -> wellTyped(random, 0), input -> {
            Filter filter = Filter.parse(input);
            CheckedFilter checked = filter.check(ORDER);
            CheckedFilter reread = Filter.parse(filter.toString()).check(ORDER);
            for (int i = 0; i < 4; i++) {
                Event event = randomEvent(values);
                boolean expected = Reference.eval(filter.expr(), event);
                assertEquals(expected, checked.test(event), () -> "compiled vs reference on " + describe(event));
                assertEquals(expected, reread.test(event), () -> "canonical form vs reference on " + describe(event));
                compared[0]++;
            }
        });
        assertTrue(compared[0] >= ITERATIONS * 4);
    }

    /** The rule-list splitting of start-up properties, as core does it (EnablementRule.splitList), re-read here by reflection-free copy. */
    private static List<String> splitList(String list) {
        List<String> rules = new ArrayList<>();
        java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            char innermost = open.isEmpty() ? 0 : list.charAt(open.peek());
            if (c == '\\') {
                i++;
            } else if (innermost == '"' || innermost == '\'') {
                if (c == innermost) {
                    open.pop();
                }
            } else if (c == '[' || c == '(' || c == '"' || c == '\'') {
                open.push(i);
            } else if (c == ']' || c == ')') {
                open.pop();
            } else if (c == ',' && open.isEmpty()) {
                rules.add(list.substring(start, i).trim());
                start = i + 1;
            }
        }
        assertTrue(open.isEmpty(), "everything opened is closed in " + list);
        rules.add(list.substring(start).trim());
        return rules;
    }

    private static void run(String target, java.util.function.Function<Random, String> generator, Consumer<String> check) {
        if (target.equals("parser")) {
            REGRESSIONS.forEach(check);
        }
        Random random = new Random(SEED);
        for (int done = 0; done < ITERATIONS; done += BATCH) {
            int size = Math.min(BATCH, ITERATIONS - done);
            int first = done;
            assertTimeoutPreemptively(BATCH_BOUND, () -> {
                for (int i = 0; i < size; i++) {
                    String input = generator.apply(random);
                    try {
                        check.accept(input);
                    } catch (RuntimeException | AssertionError e) {
                        throw new AssertionError(target + " input " + (first + i) + " (seed " + SEED + "): '"
                                + Filter.shorten(input) + "': " + e, e);
                    }
                }
            }, () -> target + ": batch from input " + first + " did not finish (a hang)");
        }
    }

    // ---- inputs for the parser ----

    private String generate(Random random) {
        switch (random.nextInt(6)) {
            case 0 -> {
                StringBuilder s = new StringBuilder();
                for (int i = random.nextInt(40); i > 0; i--) {
                    s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
                return s.toString();
            }
            case 1 -> {
                int depth = random.nextInt(60);
                return "(".repeat(depth) + (random.nextBoolean() ? "!" : "") + "items > 1" + ")".repeat(random.nextInt(depth + 1));
            }
            case 2, 3 -> {
                return wellTyped(random, 0);
            }
            default -> {
                StringBuilder s = new StringBuilder(random.nextBoolean() ? SEEDS.get(random.nextInt(SEEDS.size())) : wellTyped(random, 0));
                for (int i = 1 + random.nextInt(4); i > 0; i--) {
                    int at = random.nextInt(s.length() + 1);
                    switch (random.nextInt(5)) {
                        case 0 -> s.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                        case 1 -> s.insert(at, random.nextBoolean() ? " && " : " || ");
                        case 2 -> {
                            if (at < s.length()) {
                                s.deleteCharAt(at);
                            }
                        }
                        case 3 -> s.insert(at, SEEDS.get(random.nextInt(SEEDS.size())));
                        default -> {
                            if (at < s.length()) {
                                s.setCharAt(at, (char) random.nextInt(0x3000));
                            }
                        }
                    }
                }
                return s.toString();
            }
        }
    }

    // ---- well-typed filters over ORDER ----

    private static final String[] INTEGRAL = {"orderId", "items", "code", "flag", "grade", "len(customer)", "len(note)"};
    private static final String[] FLOATING = {"price", "weight"};
    private static final String[] BOOLEANS = {"express", "gift"};
    private static final String[] LABELS = {"CARD", "CASH", "VOUCHER"};

    static String wellTyped(Random random, int depth) {
        int choice = depth >= 4 ? 4 + random.nextInt(6) : random.nextInt(10);
        switch (choice) {
            case 0 -> {
                return wellTyped(random, depth + 1) + " && " + wellTyped(random, depth + 1);
            }
            case 1 -> {
                return wellTyped(random, depth + 1) + " || " + wellTyped(random, depth + 1);
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
                    right = "'" + "ax*b".charAt(random.nextInt(4)) + "'";
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
                return switch (random.nextInt(3)) {
                    case 0 -> "customer " + op + " " + glob(random);
                    case 1 -> "customer in (" + glob(random) + ", " + glob(random) + ")";
                    default -> glob(random) + " " + op + " customer";
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
            default -> {
                return "customer " + (random.nextBoolean() ? "==" : "!=") + " customer";
            }
        }
    }

    private static String integer(Random random) {
        long[] interesting = {0, 1, -1, 2, 3, 127, -128, 1000, 1001, 65, 97, Long.MAX_VALUE, Long.MIN_VALUE + 1, Integer.MAX_VALUE};
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
        String[] interesting = {"0.0", "-0.0", "1.5", "2.5e0", "1e3", "-0.25", "1000.5", "9.223372036854776E18", "3.4e38", "1e-45"};
        return interesting[random.nextInt(interesting.length)];
    }

    /** A string literal over a small alphabet, with glob stars and escaped stars, quotes and backslashes. */
    private static String glob(Random random) {
        StringBuilder s = new StringBuilder(random.nextBoolean() ? "\"" : "'");
        char quote = s.charAt(0);
        for (int i = random.nextInt(6); i > 0; i--) {
            switch (random.nextInt(7)) {
                case 0, 1 -> s.append('*');
                case 2 -> s.append("\\*");
                case 3 -> s.append(quote == '"' ? "\\\"" : "\\'");
                case 4 -> s.append("\\\\");
                default -> s.append("ab,]".charAt(random.nextInt(4)));
            }
        }
        return s.append(quote).toString();
    }

    // ---- events ----

    static Event randomEvent(Random random) {
        String[] methods = {"CARD", "CASH", "VOUCHER", null};
        long[] longs = {0, 1, -1, 2, 3, 4, 127, -128, 1000, 1001, 65, 97, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE};
        double[] doubles = {0.0, -0.0, 1.5, 2.5, 1000.0, -0.25, Double.NaN, 1e300, -1e-300, 9.223372036854776E18};
        float[] floats = {0f, -0f, 1.5f, -0.25f, Float.NaN, 3.4e38f, 1e-45f, 1000.5f};
        return FilterTest.event(
                longs[random.nextInt(longs.length)],
                (int) longs[random.nextInt(longs.length)],
                random.nextInt(5) == 0 ? null : text(random),
                methods[random.nextInt(4)],
                random.nextInt(4) == 0 ? null : new byte[random.nextInt(4)],
                random.nextBoolean(),
                doubles[random.nextInt(doubles.length)],
                floats[random.nextInt(floats.length)],
                "ax*b\u00e9".charAt(random.nextInt(5)),
                (short) longs[random.nextInt(longs.length)],
                (byte) longs[random.nextInt(longs.length)],
                random.nextBoolean());
    }

    private static String text(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(6); i > 0; i--) {
            s.append("ab*,]\"'\\".charAt(random.nextInt(8)));
        }
        return s.toString();
    }

    private static String describe(Event event) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < event.type().fieldCount(); i++) {
            Object value = event.getValue(i);
            values.add(value instanceof byte[] bytes ? "byte[" + bytes.length + "]" : value);
        }
        return values.toString();
    }

    /**
     * The reference: the semantics of docs/filters.md read straight off the syntax tree, with boxed
     * values from {@link Event#getValue} and regular expressions for globs. Slow and simple on purpose.
     */
    static final class Reference {

        static boolean eval(Expr expr, Event event) {
            if (expr instanceof Or or) {
                return or.terms().stream().anyMatch(t -> eval(t, event));
            }
            if (expr instanceof And and) {
                return and.terms().stream().allMatch(t -> eval(t, event));
            }
            if (expr instanceof Not not) {
                return !eval(not.operand(), event);
            }
            if (expr instanceof In in) {
                return in.values().stream().anyMatch(v -> compare(in.operand(), Op.EQ, v, event));
            }
            if (expr instanceof Test test) {
                Object value = value(test.operand(), null, event);
                return (Boolean) value;
            }
            Compare compare = (Compare) expr;
            return compare(compare.left(), compare.op(), compare.right(), event);
        }

        private static boolean compare(Operand leftOperand, Op op, Operand rightOperand, Event event) {
            Object left = value(leftOperand, rightOperand, event);
            Object right = value(rightOperand, leftOperand, event);
            boolean fieldLeft = leftOperand instanceof Length || leftOperand instanceof Name name && !isLabel(name, event);
            boolean fieldRight = rightOperand instanceof Length || rightOperand instanceof Name name && !isLabel(name, event);
            if (!fieldLeft && fieldRight) {
                Object swap = left; // the field first
                left = right;
                right = swap;
                Operand swapOperand = leftOperand;
                leftOperand = rightOperand;
                rightOperand = swapOperand;
                op = op.flipped();
            }
            if (leftOperand instanceof Name name && isEnum(name, event)) {
                String label = (String) left;
                boolean equal;
                if (rightOperand instanceof NullLiteral) {
                    equal = label == null;
                } else if (rightOperand instanceof StringLiteral literal) {
                    equal = label != null && regex(literal).matcher(label).matches();
                } else {
                    equal = right.equals(label);
                }
                return op == Op.EQ ? equal : !equal;
            }
            if (left instanceof Character c && rightOperand instanceof StringLiteral literal) {
                right = literal.text().charAt(0);
            }
            if (left instanceof String string) {
                boolean equal = rightOperand instanceof StringLiteral literal ? regex(literal).matcher(string).matches()
                        : string.equals(right);
                return op == Op.EQ ? equal : !equal;
            }
            if (left instanceof Boolean) {
                return op == Op.EQ ? left.equals(right) : !left.equals(right);
            }
            if (isIntegral(left) && isIntegral(right)) {
                return op.holds(Long.compare(integral(left), integral(right)));
            }
            double a = isIntegral(left) ? integral(left) : ((Number) left).doubleValue();
            double b = isIntegral(right) ? integral(right) : ((Number) right).doubleValue();
            return switch (op) {
                case EQ -> a == b;
                case NE -> a != b;
                case LT -> a < b;
                case LE -> a <= b;
                case GT -> a > b;
                case GE -> a >= b;
            };
        }

        private static boolean isIntegral(Object value) {
            return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                    || value instanceof Character;
        }

        private static long integral(Object value) {
            return value instanceof Character c ? c : ((Number) value).longValue();
        }

        private static boolean isEnum(Name name, Event event) {
            int index = event.type().fieldIndex(name.name());
            return index >= 0 && event.type().field(index).enumType() != null;
        }

        private static boolean isLabel(Name name, Event event) {
            return event.type().fieldIndex(name.name()) < 0;
        }

        private static Object value(Operand operand, Operand other, Event event) {
            if (operand instanceof Name name) {
                int index = event.type().fieldIndex(name.name());
                return index < 0 ? name.name() : event.getValue(index); // not a field: an enum label
            }
            if (operand instanceof Length length) {
                Object value = event.getValue(event.type().fieldIndex(length.field().name()));
                return (long) (value instanceof byte[] bytes ? bytes.length : ((String) value).length());
            }
            if (operand instanceof IntLiteral literal) {
                return literal.value();
            }
            if (operand instanceof DecimalLiteral literal) {
                return literal.value();
            }
            if (operand instanceof StringLiteral literal) {
                return literal.text();
            }
            if (operand instanceof BooleanLiteral literal) {
                return literal.value();
            }
            if (operand instanceof NullLiteral) {
                return null;
            }
            throw new AssertionError(operand);
        }

        private static Pattern regex(StringLiteral literal) {
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < literal.segments().size(); i++) {
                regex.append(i == 0 ? "" : ".*").append(Pattern.quote(literal.segments().get(i)));
            }
            return Pattern.compile(regex.toString(), Pattern.DOTALL);
        }
    }
}
