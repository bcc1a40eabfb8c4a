package io.waymark.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Aggregations from start-up configuration ({@code waymark.aggregate}), in a child JVM without any backend. */
class AggregationStartupTest {

    private record Outcome(int exitCode, String stdout, String stderr) {}

    private static Outcome run(Map<String, String> properties, Map<String, String> environment) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("io.waymark.core.fixtures.ChildApp");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("WAYMARK_"));
        builder.environment().putAll(environment);
        Path out = Files.createTempFile("child", ".out");
        Path err = Files.createTempFile("child", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not finish within 60 s");
        }
        Outcome outcome = new Outcome(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return outcome;
    }

    @Test
    void aStartupSessionThatOnlyAggregatesNeedsNoBackend() throws Exception {
        Outcome outcome = run(Map.of("waymark.aggregate",
                "coretest.shop:orderPlaced[quantity > 2] count() by (sku), bytes = coretest.shop:* count() by (event())",
                "waymark.aggregate.keyBytes", "8"), Map.of());
        assertEquals(0, outcome.exitCode(), outcome.stderr());
        assertTrue(outcome.stdout().contains("errors=[]"), outcome.stdout());
        assertTrue(outcome.stdout().contains("aggregation agg1 = coretest.shop:orderPlaced[quantity > 2] count() by (sku): [[SKU-1]=1]"),
                outcome.stdout());
        assertTrue(outcome.stdout().contains("aggregation bytes = coretest.shop:* count() by (event()): [[coretest.shop:orderPlaced]=1, "
                + "[coretest.shop:cacheMiss]=1, [coretest.shop:paymentFailed]=1]"), outcome.stdout());
        assertTrue(outcome.stderr().contains("startup session aggregating"), outcome.stderr());
    }

    @Test
    void malformedAggregationsAndSettingsAreConfigurationErrors() throws Exception {
        Outcome outcome = run(Map.of("waymark.aggregate.capacity", "many"), Map.of("WAYMARK_AGGREGATE", "coretest.shop:* sum(sku"));
        assertEquals(0, outcome.exitCode(), outcome.stderr());
        assertTrue(outcome.stdout().contains("environment variable WAYMARK_AGGREGATE: '(' at position 19 is not closed"), outcome.stdout());
        assertTrue(outcome.stdout().contains("system property waymark.aggregate.capacity='many' is not a whole number from 1 to 16777216"),
                outcome.stdout());
        Outcome unfit = run(Map.of("waymark.aggregate", "coretest.shop:orderPlaced sum(sku)"), Map.of());
        assertTrue(unfit.stdout().contains("sum(sku): field 'sku' of coretest.shop:orderPlaced is String; sum needs a number"),
                unfit.stdout());
    }
}
