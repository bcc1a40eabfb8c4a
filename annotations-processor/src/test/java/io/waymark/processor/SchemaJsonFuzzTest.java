package io.waymark.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.waymark.processor.schema.EnumConstant;
import io.waymark.processor.schema.EventSchema;
import io.waymark.processor.schema.EventStability;
import io.waymark.processor.schema.FieldSchema;
import io.waymark.processor.schema.ProviderSchema;
import io.waymark.processor.schema.RetiredEvent;
import io.waymark.processor.schema.SchemaCompatibility;
import io.waymark.processor.schema.SchemaJson;
import io.waymark.processor.schema.SchemaSet;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target of the schema document parser ({@link SchemaJson#readProvider}, {@link SchemaJson#readSet}): mutated
 * valid documents and lock files, and random bytes, from a fixed seed. Every input is accepted or refused with an
 * {@link IllegalArgumentException} (the documented outcome); an accepted one writes back to a document that reads
 * back equal, and comparing it with the seed and with the previous accepted one classifies without an exception.
 * Iterations: the system property {@code waymark.fuzz.iterations} (profile {@code fuzz-long}; docs/hardening.md).
 */
class SchemaJsonFuzzTest {

    private static final long SEED = 0x5eed_19L;
    private static final int ITERATIONS = Integer.getInteger("waymark.fuzz.iterations", 3000);
    private static final int BATCH = 5000;

    /** Text that makes the parser and the rules work: JSON punctuation, keys, types, extreme numbers. */
    private static final String[] TOKENS = {"{", "}", "[", "]", ",", ":", "\"", "\\", "null", "true", "false", "0", "-1",
        "65535", "65536", "2147483647", "2147483648", "-2147483649", "9223372036854775808", "1e309", "1.5", "\"\"",
        "\"enum\"", "\"int\"", "\"STABLE\"", "\"UNSTABLE\"", "\"INFO\"", "\"fields\"", "\"events\"", "\"retired\"",
        "\"providers\"", "\"enumConstants\"", "\"default\"", "\"since\"", "\"id\"", "\"name\"", "\"format\"",
        "\"\\u0000\"", "\"\\ud800\"", "\u00e9", "\uffff", "[[[[[[[[[[", "{\"a\":{\"a\":{\"a\":", " ", "\n"};

    static final ProviderSchema SEED_PROVIDER = new ProviderSchema("shop.orders", "p.Orders", List.of(
            new EventSchema(1, "placed", EventStability.STABLE, "INFO", 2, false, "An order was placed.", List.of(
                    new FieldSchema("id", "long", 1, null, null, List.of(), "the order"),
                    new FieldSchema("status", "enum", 1, "NEW", "p.Orders$Status", List.of(new EnumConstant("NEW", 0),
                            new EnumConstant("PAID", 1)), null),
                    new FieldSchema("note", "string", 2, "", null, List.of(), null))),
            new EventSchema(2, "paid", EventStability.STABLE, "WARN", 1, true, null, List.of(
                    new FieldSchema("amount", "int", 1, "0", null, List.of(), null),
                    new FieldSchema("raw", "bytes", 1, "AAE=", null, List.of(), null))),
            new EventSchema(4, "debug", EventStability.UNSTABLE, "DEBUG", 1, false, null, List.of(
                    new FieldSchema("c", "char", 1, "x", null, List.of(), null)))),
            List.of(new RetiredEvent(3, "cancelled", "an order status now")));

    private static final List<String> SEEDS = List.of(SchemaJson.write(SEED_PROVIDER),
            SchemaJson.write(new SchemaSet(List.of(SEED_PROVIDER, new ProviderSchema("shop.other", "p.Other", List.of(),
                    List.of())))));

    @DisplayName("fuzz: mutated documents and random bytes are read or refused with IllegalArgumentException")
    @Test
    void mutatedDocumentsAndRandomBytes() {
        SplittableRandom random = new SplittableRandom(SEED);
        long began = System.nanoTime();
        long[] cpu = new long[1];
        for (int done = 0; done < ITERATIONS; done += BATCH) {
            int count = Math.min(BATCH, ITERATIONS - done);
            int first = done;
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                long cpuBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                ProviderSchema previous = SEED_PROVIDER;
                for (int i = 0; i < count; i++) {
                    String input = input(random);
                    ProviderSchema accepted = check(first + i, input);
                    if (accepted != null) {
                        compareWithoutException(first + i, input, SEED_PROVIDER, accepted);
                        compareWithoutException(first + i, input, previous, accepted);
                        previous = accepted;
                    }
                }
                cpu[0] += ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuBefore;
            }, () -> "a batch of " + count + " inputs from input " + first + " took too long (a hang?)");
            if ((first + count) % 1_000_000 == 0) { // a long run's progress, should it be stopped
                System.out.printf("fuzz SchemaJsonFuzzTest: %,d inputs so far, %.1f s CPU%n", first + count, cpu[0] / 1e9);
            }
        }
        System.out.printf("fuzz SchemaJsonFuzzTest: %,d inputs, %.1f s wall, %.1f s CPU (%.1f µs/input), 0 findings%n",
                ITERATIONS, (System.nanoTime() - began) / 1e9, cpu[0] / 1e9, cpu[0] / 1e3 / Math.max(1, ITERATIONS));
    }

    /** One input: a mutated seed (nine in ten) or random bytes. */
    static String input(SplittableRandom random) {
        if (random.nextInt(10) == 0) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
        StringBuilder text = new StringBuilder(SEEDS.get(random.nextInt(SEEDS.size())));
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations && text.length() > 0; m++) {
            int at = random.nextInt(text.length());
            int end = Math.min(text.length(), at + 1 + random.nextInt(40));
            switch (random.nextInt(6)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                case 2 -> text.replace(at, end, TOKENS[random.nextInt(TOKENS.length)]);
                case 3 -> text.insert(at, text.substring(at, end)); // duplicate a span: keys, events, fields twice
                case 4 -> text.setCharAt(at, (char) random.nextInt(0x80));
                default -> text.delete(at, end);
            }
        }
        return text.toString();
    }

    /** Reads {@code input} both ways; the provider read when it is a provider's document, else {@code null}. */
    private static ProviderSchema check(int index, String input) {
        ProviderSchema provider = null;
        try {
            provider = SchemaJson.readProvider(input);
            assertEquals(provider, SchemaJson.readProvider(SchemaJson.write(provider)), () -> report(index, input,
                    "an accepted document does not read back equal"));
        } catch (IllegalArgumentException expected) {
            // documented: the message names the element
        } catch (RuntimeException | Error e) {
            fail(report(index, input, "readProvider threw " + e), e);
        }
        try {
            SchemaSet set = SchemaJson.readSet(input);
            assertEquals(set, SchemaJson.readSet(SchemaJson.write(set)), () -> report(index, input,
                    "an accepted lock file does not read back equal"));
        } catch (IllegalArgumentException expected) {
            // documented
        } catch (RuntimeException | Error e) {
            fail(report(index, input, "readSet threw " + e), e);
        }
        return provider;
    }

    private static void compareWithoutException(int index, String input, ProviderSchema old, ProviderSchema now) {
        try {
            SchemaCompatibility.compare(new SchemaSet(List.of(old)), new SchemaSet(List.of(now)));
            if (old.name().equals(now.name())) {
                SchemaCompatibility.compare(old, now);
                SchemaCompatibility.compare(now, old);
            }
        } catch (RuntimeException | Error e) {
            fail(report(index, input, "comparing accepted documents threw " + e), e);
        }
    }

    /** The failing input as a Java literal, to keep as a regression test. */
    static String report(int index, String input, String problem) {
        StringBuilder literal = new StringBuilder("\"");
        for (char c : input.toCharArray()) {
            if (c == '"' || c == '\\') {
                literal.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                literal.append(c);
            } else {
                literal.append(String.format("\\u%04x", (int) c));
            }
        }
        return "input " + index + " (seed " + SEED + "): " + problem + "; input: " + literal.append('"');
    }
}
