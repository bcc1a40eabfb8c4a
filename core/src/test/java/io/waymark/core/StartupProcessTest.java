package io.waymark.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
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

        /** How many lines of standard error, where log lines go, contain {@code text}. */
        long logged(String text) {
            return stderr.lines().filter(l -> l.contains(text)).count();
        }
    }

    /** The SLF4J provider of the child JVM. */
    private enum Slf4j {
        /** slf4j-simple, the tests' provider: it prints to standard error. */
        SIMPLE,
        /** none: SLF4J falls back to discarding everything. */
        NONE,
        /** slf4j-nop, which users add to discard logging on purpose. */
        NOP
    }

    private static Outcome run(List<String> backends, Map<String, String> properties, Map<String, String> environment)
            throws IOException, InterruptedException {
        return run(backends, properties, environment, Slf4j.SIMPLE);
    }

    private static Outcome run(List<String> backends, Map<String, String> properties, Map<String, String> environment,
            Slf4j slf4j) throws IOException, InterruptedException {
        List<String> classPath = new ArrayList<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        if (slf4j != Slf4j.SIMPLE) {
            classPath.removeIf(StartupProcessTest::providesSlf4j);
            assertTrue(classPath.stream().anyMatch(entry -> entry.contains("slf4j-api")), "the API stays: " + classPath);
        }
        if (slf4j == Slf4j.NOP) {
            Path nop = Paths.get("target", "slf4j-nop", "slf4j-nop.jar").toAbsolutePath();
            assertTrue(Files.isRegularFile(nop), nop + " (copied by the build)");
            classPath.add(nop.toString());
        }
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
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly(); // a hung child must not outlive the test
            throw new AssertionError("child JVM did not finish within 60 s: " + Files.readString(err, StandardCharsets.UTF_8));
        }
        Outcome outcome = new Outcome(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return outcome;
    }

    /** Whether a class path entry is an SLF4J provider: it registers an {@code SLF4JServiceProvider}. */
    private static boolean providesSlf4j(String entry) {
        Path path = Paths.get(entry);
        if (!Files.isRegularFile(path)) {
            return Files.exists(path.resolve(SLF4J_PROVIDER_SERVICE));
        }
        try (JarFile jar = new JarFile(path.toFile())) {
            return jar.getEntry(SLF4J_PROVIDER_SERVICE) != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String SLF4J_PROVIDER_SERVICE = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";

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
    void theNoBackendWarningRecommendsTheBackendThatRecords() throws Exception {
        Outcome outcome = run(List.of(), Map.of(), Map.of());
        String warning = outcome.stderr().lines().filter(l -> l.contains("no backend found")).findFirst().orElseThrow();
        assertTrue(warning.contains("To record traces add io.waymark:waymark-backend-ctf"), warning);
        assertFalse(warning.contains("waymark-backend-memory"), "the memory backend is for tests: " + warning);
    }

    @Test
    void withoutAnSlf4jProviderErrorsAndWarningsReachStandardError() throws Exception {
        Outcome error = run(List.of("alpha"), Map.of("waymark.enable", "coretest.shop:*", "waymark.level", "LOUD"), Map.of(), Slf4j.NONE);
        assertEquals(0, error.exitCode(), error.stderr());
        assertTrue(error.stderr().contains("No SLF4J providers were found"), "SLF4J's own note: " + error.stderr());
        assertEquals(1, error.logged("Waymark ERROR: system property waymark.level='LOUD' is not a level; use one of"), error.stderr());
        assertTrue(error.stdout().contains("errors=[system property waymark.level='LOUD' is not a level"), error.stdout());

        Outcome warning = run(List.of(), Map.of("waymark.enable", "coretest.shop:*"), Map.of(), Slf4j.NONE);
        assertEquals(0, warning.exitCode(), warning.stderr());
        assertEquals(1, warning.logged("Waymark WARN: no backend found on the class path"), warning.stderr());
    }

    @Test
    void slf4jNopChosenOnPurposeSilencesWaymarkToo() throws Exception {
        Outcome outcome = run(List.of(), Map.of("waymark.enable", "coretest.shop:*", "waymark.level", "LOUD"), Map.of(), Slf4j.NOP);
        assertEquals(0, outcome.exitCode(), outcome.stderr());
        assertEquals("", outcome.stderr(), "slf4j-nop discards logging, as the user asked");
        assertTrue(outcome.stdout().contains("errors=[system property waymark.level='LOUD'"), "still listed: " + outcome.stdout());
    }

    @Test
    void withAnSlf4jProviderMessagesGoThroughItOnly() throws Exception {
        Outcome outcome = run(List.of("alpha"), Map.of("waymark.enable", "coretest.shop:*", "waymark.level", "LOUD"), Map.of());
        assertEquals(1, outcome.logged("waymark.level='LOUD' is not a level"), "once, through slf4j-simple: " + outcome.stderr());
        assertTrue(outcome.stderr().contains("ERROR io.waymark - Waymark: system property waymark.level='LOUD'"), outcome.stderr());
        assertFalse(outcome.stderr().contains("Waymark ERROR:"), outcome.stderr());
    }

    @Test
    void theStartupLineSaysWhereTheTraceGoes() throws Exception {
        Outcome outcome = run(List.of("alpha"), Map.of("waymark.enable", "coretest.shop:*"), Map.of());
        assertTrue(outcome.stderr().contains("Waymark: startup session recording [coretest.shop:*] to backend 'alpha': standard output"),
                outcome.stderr());
    }

    @Test
    void everyStartupErrorIsAConfigurationError() throws Exception {
        Outcome unknownBackend = run(List.of("alpha"), Map.of("waymark.enable", "coretest.shop:*", "waymark.backend", "kafka"),
                Map.of());
        assertTrue(unknownBackend.stdout().contains(
                "errors=[system property waymark.backend='kafka' names no backend on the class path; available: [alpha]"),
                unknownBackend.stdout());

        Outcome unknownBackendOnly = run(List.of("alpha"), Map.of(), Map.of("WAYMARK_BACKEND", "kafka"));
        assertTrue(unknownBackendOnly.stdout().contains("errors=[environment variable WAYMARK_BACKEND='kafka' names no backend"),
                "reported without a startup session too, naming the variable the user set: " + unknownBackendOnly.stdout());

        Outcome refusedValue = run(List.of("alpha"), Map.of("waymark.enable", "coretest.shop:*", "waymark.setting.label", " "),
                Map.of());
        assertTrue(refusedValue.stdout().contains("errors=[alpha backend of session 'startup': setting 'label' is blank"),
                refusedValue.stdout());
        assertTrue(refusedValue.stdout().contains("startup=none"), refusedValue.stdout());

        Outcome valid = run(List.of("alpha"), Map.of("waymark.enable", "coretest.shop:*", "waymark.setting.label", "a"), Map.of());
        assertTrue(valid.stdout().contains("errors=[]"), valid.stdout());
        assertTrue(valid.stdout().contains("a/startup: coretest.shop:orderPlaced"), valid.stdout());
    }

    @Test
    void anUnknownStartupSettingIsAnErrorNamingTheClosestOne() throws Exception {
        Outcome outcome = run(List.of("alpha"), Map.of("waymark.enable", "coretest.shop:*", "waymark.setting.lable", "a"), Map.of());
        String error = "system property waymark.setting.lable names no setting of backend 'alpha' "
                + "(did you mean waymark.setting.label?); its settings are [label]";
        assertTrue(outcome.stdout().contains("errors=[" + error + "]"), outcome.stdout());
        assertEquals(1, outcome.logged(error), outcome.stderr());
        assertTrue(outcome.stdout().contains("startup=none"), outcome.stdout());

        Outcome variable = run(List.of("alpha"), Map.of(), Map.of("WAYMARK_ENABLE", "coretest.shop:*", "WAYMARK_SETTING_LABLE", "a"));
        String variableError = "environment variable WAYMARK_SETTING_LABLE names no setting of backend 'alpha' "
                + "(did you mean WAYMARK_SETTING_LABEL?); its settings are [label]";
        assertTrue(variable.stdout().contains("errors=[" + variableError + "]"), variable.stdout());

        Outcome undeclared = run(List.of("beta"), Map.of("waymark.enable", "coretest.shop:*", "waymark.setting.lable", "a"),
                Map.of());
        assertTrue(undeclared.stdout().contains("errors=[]"), "beta declares no settings: " + undeclared.stdout());
        assertTrue(undeclared.stdout().contains("beta/startup: coretest.shop:orderPlaced"), undeclared.stdout());
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
    void startupRulesCarryFiltersWithCommasBracketsAndQuotesInTheirStrings() throws Exception {
        Outcome outcome = run(List.of("alpha"), Map.of("waymark.enable",
                "coretest.shop:orderPlaced[quantity > 2 && sku == \"SKU-*\"], coretest.shop:paymentFailed[reason in (\"x,]\", 'dec*')],"
                        + "coretest.shop:cacheMiss[key == \"nobody\"]"), Map.of());
        assertEquals(0, outcome.exitCode(), outcome.stderr());
        assertTrue(outcome.stdout().contains("errors=[]"), outcome.stdout());
        assertTrue(outcome.stdout().contains("alpha/startup: coretest.shop:orderPlaced orderId=42 quantity=3 sku=SKU-1"), outcome.stdout());
        assertTrue(outcome.stdout().contains("alpha/startup: coretest.shop:paymentFailed orderId=42 reason=declined"), outcome.stdout());
        assertFalse(outcome.stdout().contains("cacheMiss key"), "rejected by its filter: " + outcome.stdout());

        Outcome misspelt = run(List.of("alpha"), Map.of("waymark.enable", "coretest.shop:*[qty > 2]"), Map.of());
        assertEquals(0, misspelt.exitCode(), misspelt.stderr());
        assertTrue(misspelt.stdout().contains("has no field 'qty'; its fields: orderId (long), quantity (int), sku (String)"),
                misspelt.stdout());
        assertFalse(misspelt.stdout().contains("alpha/startup: coretest.shop"), "fails closed: " + misspelt.stdout());
    }

    @Test
    void backendSettingsComeFromEnvironmentVariablesToo() throws Exception {
        Outcome outcome = run(List.of("alpha"), Map.of(), Map.of("WAYMARK_ENABLE", "coretest.shop:orderPlaced",
                "WAYMARK_SETTING_LABEL", "from-env"));
        assertTrue(outcome.stdout().contains("errors=[]"), outcome.stdout());
        assertTrue(outcome.stdout().contains("from-env/startup: coretest.shop:orderPlaced"), outcome.stdout());
    }

    /** Used to hang for ever: the pattern became a regular expression matched under the lock the shutdown hook needs. */
    @Test
    void pathologicalPatternsNeitherHangTheApplicationNorItsExit() throws Exception {
        Outcome stars = run(List.of("alpha"), Map.of("waymark.enable", "coretest.*:" + "*".repeat(1000) + "x,coretest.shop:order*"),
                Map.of());
        assertEquals(0, stars.exitCode(), stars.stderr());
        assertTrue(stars.stdout().contains("alpha/startup: coretest.shop:orderPlaced"), stars.stdout());
        assertTrue(stars.stdout().contains("errors=[]"), stars.stdout());

        Outcome tooLong = run(List.of("alpha"), Map.of("waymark.enable", "*".repeat(5000) + "a"), Map.of());
        assertEquals(0, tooLong.exitCode(), tooLong.stderr());
        assertTrue(tooLong.stdout().contains("' has a pattern of 5001 characters; the limit is 1024]"), tooLong.stdout());
        assertTrue(tooLong.stdout().contains("startup=none"), tooLong.stdout());
    }

    @Test
    void severalBackendsNeedAChoiceAndTheMessageSaysHow() throws Exception {
        Outcome ambiguous = run(List.of("alpha", "beta"), Map.of("waymark.enable", "coretest.shop:*"), Map.of());
        assertEquals(0, ambiguous.exitCode(), ambiguous.stderr());
        assertTrue(ambiguous.stderr().contains("several Waymark backends on the class path [alpha, beta]"), ambiguous.stderr());
        assertTrue(ambiguous.stderr().contains("-Dwaymark.backend=NAME"), ambiguous.stderr());
        assertTrue(ambiguous.stdout().contains("startup=none"));
        assertTrue(ambiguous.stdout().contains("errors=[several Waymark backends on the class path [alpha, beta]"),
                ambiguous.stdout());

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
        assertTrue(unknown.stderr().contains("system property waymark.backend='ctf' names no backend on the class path; available: [alpha]"),
                unknown.stderr());
    }
}
