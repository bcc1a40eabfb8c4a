package io.waymark.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs a small application in a child JVM with a chosen class path and configuration, so that
 * ServiceLoader discovery and startup configuration are exercised for real.
 */
class StartupProcessTest {

    private record Outcome(int exitCode, String stdout, String stderr) {
        long count(String text) {
            return (stdout + stderr).lines().filter(l -> l.contains(text)).count();
        }
    }

    private static Outcome run(List<String> backends, Map<String, String> properties, Map<String, String> environment)
            throws IOException, InterruptedException {
        List<String> classPath = new ArrayList<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        Path resources = Paths.get("target", "test-classes", "backends");
        for (String backend : backends) {
            classPath.add(0, resources.resolve(backend).toAbsolutePath().toString());
        }
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("io.waymark.core.fixtures.ChildApp");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("WAYMARK_"));
        builder.environment().putAll(environment);
        Path out = Files.createTempFile("child", ".out");
        Path err = Files.createTempFile("child", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        Outcome outcome = new Outcome(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return outcome;
    }

    @Test
    void withoutBackendOneWarningLineAndTheApplicationRuns() throws Exception {
        Outcome outcome = run(List.of(), Map.of("waymark.enable", "coretest.shop:*"), Map.of());
        assertEquals(0, outcome.exitCode(), outcome.stderr());
        assertEquals(1, outcome.count("no backend found on the class path"), outcome.stderr());
        assertEquals(1, outcome.count("io.waymark"), "exactly one line from Waymark: " + outcome.stderr());
        assertTrue(outcome.stdout().contains("startup=none"));
        assertTrue(outcome.stdout().contains("application finished"));
    }

    @Test
    void singleBackendIsUsedAutomaticallyByTheStartupSession() throws Exception {
        Outcome outcome = run(List.of("alpha"), Map.of("waymark.enable", "coretest.shop:*", "waymark.level", "info"), Map.of());
        assertEquals(0, outcome.exitCode(), outcome.stderr());
        assertTrue(outcome.stdout().contains("alpha/startup: coretest.shop:orderPlaced orderId=42 quantity=3 sku=SKU-1"), outcome.stdout());
        assertTrue(outcome.stdout().contains("alpha/startup: coretest.shop:paymentFailed orderId=42 reason=declined"), outcome.stdout());
        assertFalse(outcome.stdout().contains("cacheMiss"), "DEBUG event filtered by waymark.level=info");
        assertTrue(outcome.stdout().contains("startup=[coretest.shop:*]"), outcome.stdout());
    }

    @Test
    void environmentVariablesConfigureTheStartupSession() throws Exception {
        Outcome outcome = run(List.of("alpha"), Map.of(),
                Map.of("WAYMARK_ENABLE", "coretest.shop:*,!coretest.shop:paymentFailed", "WAYMARK_STABLE_ONLY", "true"));
        assertEquals(0, outcome.exitCode(), outcome.stderr());
        assertTrue(outcome.stdout().contains("alpha/startup: coretest.shop:orderPlaced"), outcome.stdout());
        assertFalse(outcome.stdout().contains("paymentFailed orderId"), "excluded by the '!' rule");
        assertFalse(outcome.stdout().contains("cacheMiss key"), "unstable event filtered by WAYMARK_STABLE_ONLY");
    }

    @Test
    void severalBackendsNeedAChoiceAndTheMessageSaysHow() throws Exception {
        Outcome ambiguous = run(List.of("alpha", "beta"), Map.of("waymark.enable", "coretest.shop:*"), Map.of());
        assertEquals(0, ambiguous.exitCode(), ambiguous.stderr());
        assertTrue(ambiguous.stderr().contains("several Waymark backends on the class path [alpha, beta]"), ambiguous.stderr());
        assertTrue(ambiguous.stderr().contains("-Dwaymark.backend=NAME"), ambiguous.stderr());
        assertTrue(ambiguous.stdout().contains("startup=none"));

        Outcome chosen = run(List.of("alpha", "beta"), Map.of("waymark.enable", "coretest.shop:orderPlaced",
                "waymark.backend", "beta"), Map.of());
        assertTrue(chosen.stdout().contains("beta/startup: coretest.shop:orderPlaced"), chosen.stdout());
        assertFalse(chosen.stdout().contains("alpha/"), chosen.stdout());
    }

    @Test
    void malformedValuesAreReportedAndTheApplicationKeepsRunning() throws Exception {
        Outcome outcome = run(List.of("alpha"), Map.of("waymark.enable", "coretest.shop:*", "waymark.level", "LOUD",
                "waymark.stableOnly", "maybe"), Map.of());
        assertEquals(0, outcome.exitCode(), outcome.stderr());
        assertTrue(outcome.stderr().contains("system property waymark.level='LOUD' is not a level; use one of [TRACE, DEBUG, INFO, WARN, ERROR]"),
                outcome.stderr());
        assertTrue(outcome.stderr().contains("system property waymark.stableOnly='maybe' is not a boolean; use true or false"),
                outcome.stderr());
        assertTrue(outcome.stdout().contains("startup=none"));
        assertFalse(outcome.stdout().contains("alpha/"), "no startup session, nothing recorded");
        assertTrue(outcome.stdout().contains("application finished"));

        Outcome unknown = run(List.of("alpha"), Map.of("waymark.enable", "coretest.shop:*", "waymark.backend", "ctf"), Map.of());
        assertEquals(0, unknown.exitCode());
        assertTrue(unknown.stderr().contains("waymark.backend='ctf' names no backend on the class path; available: [alpha]"),
                unknown.stderr());
    }
}
