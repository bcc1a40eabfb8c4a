package io.waymark.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.EventType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Fuzz targets of the rule parser and the start-up configuration parser (docs/hardening.md): seeded
 * generated and mutated inputs, in memory. Every outcome must be a result or the documented
 * {@link IllegalArgumentException} (for the configuration, an error message: {@code read} never
 * throws), and every batch must finish within a time bound. {@code -Dwaymark.fuzz.iterations=N} sets
 * the inputs per target ({@code mvn verify -Pfuzz-long} runs ten million).
 */
class RulesFuzzTest {

    private static final long SEED = 19;
    private static final int ITERATIONS = Integer.getInteger("waymark.fuzz.iterations", 20_000);
    private static final int BATCH = 2_000;
    /** Per batch of 2000 inputs, each at most a few thousand characters: generous for a slow machine. */
    private static final Duration BATCH_BOUND = Duration.ofSeconds(20);

    private static final List<String> SEEDS = List.of("shop.orders:*", "!shop.orders:cacheMiss", "shop.*:order?laced", "*",
            "a:b[x in (1, 2)]", "shop:x[s == \"a,]\"]", "a\\,b", "*:*", "coretest.shop", "x-y_z.1:e?");
    private static final String ALPHABET = "ab.*?:!,[]()\"'\\ -_09Z\t\u00e9\u0000";
    private static final List<EventType> TYPES = List.of(
            new EventType("shop.orders", "orderPlaced", 1, Stability.STABLE, Level.INFO, List.of()),
            new EventType("a", "b", 2, Stability.UNSTABLE, Level.DEBUG, List.of()),
            new EventType("", "", 3, Stability.STABLE, Level.ERROR, List.of()),
            new EventType("a".repeat(300), "*?:!", 4, Stability.STABLE, Level.WARN, List.of()));

    /** Inputs that once broke a target; replayed first, every run. */
    private static final List<String> REGRESSIONS = List.of("*".repeat(5000) + "a", ",,,", "!", "a[", "a\\", "[]", "!!a", "a:",
            "a[(]", "'", "\"\\\"", "a:b[", "*".repeat(1024) + "[x]",
            " \\,b", // once failed the fuzz target's own check: only String.trim's whitespace is trimmed, as the parser trims
            "x".repeat(5000)); // once quoted whole in waymark.level's error: values are quoted shortened

    @Test
    void ruleParser() {
        run("rules", input -> {
            checkRule(input);
            checkList(input);
        });
    }

    @Test
    void startupConfigurationParser() {
        String[] properties = {"waymark.enable", "waymark.level", "waymark.stableOnly", "waymark.backend", "waymark.setting.",
            "waymark.setting.subbuffer-size", "waymark.other", "java.home"};
        String[] variables = {"WAYMARK_ENABLE", "WAYMARK_LEVEL", "WAYMARK_STABLE_ONLY", "WAYMARK_BACKEND", "WAYMARK_SETTING_",
            "WAYMARK_SETTING_SUBBUFFER_SIZE", "WAYMARK_SETTING_A__B", "PATH"};
        Random keys = new Random(SEED + 1);
        run("configuration", input -> {
            Map<String, String> props = new HashMap<>();
            Map<String, String> env = new HashMap<>();
            for (int i = keys.nextInt(4); i > 0; i--) {
                props.put(properties[keys.nextInt(properties.length)], input);
            }
            for (int i = keys.nextInt(4); i > 0; i--) {
                env.put(variables[keys.nextInt(variables.length)], keys.nextBoolean() ? input : "true");
            }
            StartupConfiguration config = StartupConfiguration.read(props, env);
            for (String error : config.errors()) {
                assertTrue(error.startsWith("system property waymark.") || error.startsWith("environment variable WAYMARK_"),
                        error);
                assertTrue(error.length() < 2_000, "a message quotes long values shortened: " + error.length());
            }
            config.rules().forEach(rule -> assertEquals(rule, EnablementRule.parse(rule).toString()));
            config.settings().keySet().forEach(setting -> assertFalse(setting.isEmpty()));
        });
    }

    private static void checkRule(String input) {
        try {
            EnablementRule rule = EnablementRule.parse(input);
            assertEquals(rule.toString(), EnablementRule.parse(rule.toString()).toString(), "a parsed rule reads back the same");
            TYPES.forEach(rule::matches);
        } catch (IllegalArgumentException documented) {
            assertTrue(documented.getMessage().length() < 2_000, "long input is quoted shortened");
        }
        try {
            assertFalse(EnablementRule.pattern(input, false).enabling());
        } catch (IllegalArgumentException documented) {
            // documented
        }
    }

    private static void checkList(String input) {
        try {
            for (String rule : EnablementRule.splitList(input)) {
                assertFalse(rule.isEmpty());
                assertEquals(rule.trim(), rule, "trimmed as the rule parser trims (String.trim)");
            }
        } catch (IllegalArgumentException documented) {
            // documented
        }
    }

    private static void run(String target, Consumer<String> check) {
        REGRESSIONS.forEach(check);
        Random random = new Random(SEED);
        for (int done = 0; done < ITERATIONS; done += BATCH) {
            int size = Math.min(BATCH, ITERATIONS - done);
            int first = done;
            assertTimeoutPreemptively(BATCH_BOUND, () -> {
                for (int i = 0; i < size; i++) {
                    String input = generate(random);
                    try {
                        check.accept(input);
                    } catch (RuntimeException | AssertionError e) {
                        throw new AssertionError(target + " input " + (first + i) + " (seed " + SEED + "): '"
                                + EnablementRule.shorten(input) + "': " + e, e);
                    }
                }
            }, () -> target + ": batch from input " + first + " did not finish (a hang)");
        }
    }

    /** A mutated seed, a random string over the grammar's characters, or a long run of stars and letters. */
    static String generate(Random random) {
        switch (random.nextInt(4)) {
            case 0 -> {
                StringBuilder s = new StringBuilder();
                for (int i = random.nextInt(30); i > 0; i--) {
                    s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
                return s.toString();
            }
            case 1 -> {
                StringBuilder s = new StringBuilder(random.nextBoolean() ? "" : "a:");
                for (int i = random.nextInt(3000); i > 0; i--) {
                    s.append(random.nextInt(3) == 0 ? 'a' : random.nextBoolean() ? '*' : '?');
                }
                return s.toString();
            }
            default -> {
                StringBuilder s = new StringBuilder(SEEDS.get(random.nextInt(SEEDS.size())));
                for (int i = 1 + random.nextInt(4); i > 0; i--) {
                    int at = random.nextInt(s.length() + 1);
                    switch (random.nextInt(4)) {
                        case 0 -> s.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                        case 1 -> s.insert(at, "," + SEEDS.get(random.nextInt(SEEDS.size())));
                        case 2 -> {
                            if (at < s.length()) {
                                s.deleteCharAt(at);
                            }
                        }
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
}
