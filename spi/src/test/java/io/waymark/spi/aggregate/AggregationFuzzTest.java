package io.waymark.spi.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target of the aggregation language (docs/aggregations.md), seeded and in memory like
 * {@code FilterFuzzTest}: {@code -Dwaymark.fuzz.iterations=N} inputs ({@code mvn verify -Pfuzz-long}
 * runs ten million). Every outcome is an aggregation or the documented {@link IllegalArgumentException}
 * with a one-line message that names the aggregation; a parsed aggregation prints canonically, reads
 * back the same, and checks against an event type without any other exception.
 */
class AggregationFuzzTest {

    private static final long SEED = 18;
    private static final int ITERATIONS = Integer.getInteger("waymark.fuzz.iterations", 20_000);
    private static final int BATCH = 2_000;
    private static final Duration BATCH_BOUND = Duration.ofSeconds(30);

    static final EventType ORDER = new EventType("shop.checkout", "orderPlaced", 1, Stability.STABLE, Level.INFO, List.of(
            FieldDescriptor.of("orderId", FieldType.LONG),
            FieldDescriptor.of("items", FieldType.INT),
            FieldDescriptor.of("customer", FieldType.STRING),
            FieldDescriptor.ofEnum("method", "shop.Method", List.of("CARD", "CASH", "VOUCHER")),
            FieldDescriptor.of("note", FieldType.BYTES),
            FieldDescriptor.of("price", FieldType.DOUBLE)));

    private static final List<String> SEEDS = List.of(
            "shop.checkout:orderPlaced count()",
            "slow = shop.checkout:orderPlaced[items > 3 && customer == \"a*\"] hist(orderId) by (method, customer)",
            "shop.*:* count() by (event())",
            "x = shop.checkout:orderPlaced lhist(items, 0, 100, 10) by (customer, method, items, event())",
            "shop.checkout:orderPlaced[method in (CARD, null) || len(note) > 2] avg(price) by (method)",
            "shop.checkout:orderPlaced[customer == \"]\\\"(,\"] sum(items)",
            "m = shop.checkout:order* min(price)", "shop.checkout:orderPlaced max(orderId) by (customer)");
    private static final String ALPHABET = "abcdehilmnorstuvxy_.:*?[]()=,!&|<>\"'\\ -0123456789";
    private static final List<String> TOKENS = List.of("count()", "sum(", "min(", "max(", "avg(", "hist(", "lhist(", " by (", "event()",
            "items", "orderId", "customer", "method", "note", "price", "[", "]", "(", ")", ",", " = ", "==", "\"", "'", "\\", "*",
            "-9223372036854775808", "99999999999999999999", " ", "\u0000", "\u00e9");

    @Test
    void parserAndChecker() {
        Random random = new Random(SEED);
        for (int done = 0; done < ITERATIONS; done += BATCH) {
            int batch = Math.min(BATCH, ITERATIONS - done);
            assertTimeoutPreemptively(BATCH_BOUND, () -> {
                for (int i = 0; i < batch; i++) {
                    one(input(random));
                }
            });
        }
    }

    private static String input(Random random) {
        switch (random.nextInt(4)) {
            case 0 -> { // mutate a seed
                StringBuilder s = new StringBuilder(SEEDS.get(random.nextInt(SEEDS.size())));
                for (int m = 1 + random.nextInt(4); m > 0; m--) {
                    int at = s.length() == 0 ? 0 : random.nextInt(s.length());
                    switch (random.nextInt(3)) {
                        case 0 -> s.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                        case 1 -> { if (s.length() > 0) s.deleteCharAt(at); }
                        default -> s.insert(at, TOKENS.get(random.nextInt(TOKENS.size())));
                    }
                }
                return s.toString();
            }
            case 1 -> { // tokens
                StringBuilder s = new StringBuilder("shop.checkout:orderPlaced ");
                for (int n = random.nextInt(12); n > 0; n--) {
                    s.append(TOKENS.get(random.nextInt(TOKENS.size())));
                }
                return s.toString();
            }
            case 2 -> { // random characters
                char[] chars = new char[random.nextInt(60)];
                for (int c = 0; c < chars.length; c++) {
                    chars[c] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                }
                return new String(chars);
            }
            default -> { // long or deep
                String seed = SEEDS.get(random.nextInt(SEEDS.size()));
                return random.nextBoolean() ? seed + " by (a, b)".repeat(random.nextInt(2000))
                        : "shop:x[" + "(".repeat(random.nextInt(100)) + "items > 1" + ")".repeat(random.nextInt(100)) + "] count()";
            }
        }
    }

    private static void one(String text) {
        Aggregation parsed;
        try {
            parsed = Aggregation.parse(text);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            assertTrue(message != null && (message.startsWith("aggregation '") || message.startsWith("the aggregation is empty")),
                    () -> "'" + text + "': " + message);
            assertTrue(message.length() < 1000 && message.lines().count() == 1, () -> "'" + text + "': " + message);
            return;
        }
        assertEquals(parsed, Aggregation.parse(parsed.toString()), () -> "canonical form of '" + text + "'");
        try {
            CheckedAggregation checked = parsed.check(ORDER);
            assertEquals(parsed.keys().size(), checked.keyCount());
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() != null && e.getMessage().lines().count() == 1, () -> "'" + text + "': " + e.getMessage());
        }
    }
}
