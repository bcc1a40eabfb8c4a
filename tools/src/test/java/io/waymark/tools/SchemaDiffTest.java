package io.waymark.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code waymark schema-diff} in-process on the jars, class directories, documents and lock files of the
 * provider versions of {@link ProviderVersions}: the compatible steps, the broken variants, and bad input.
 */
class SchemaDiffTest {

    private static final String P = ProviderVersions.PROVIDER;

    @TempDir
    static Path work;

    private static ProviderVersions versions;

    /** Two versions compiled without a lock file: v2 appends fields, a view accessor among them, without {@code @Since}. */
    private static final List<String> LOCKLESS = List.of("lockless-v1", "lockless-v2");

    @BeforeAll
    static void compileVersions() {
        List<String> all = new ArrayList<>(ProviderVersions.COMPATIBLE);
        all.add(ProviderVersions.BREAKING);
        all.add(ProviderVersions.FIELD_REMOVED);
        all.addAll(LOCKLESS);
        versions = ProviderVersions.compile(work, all.toArray(String[]::new));
    }

    /** What a run printed and returned. */
    record Run(int exitCode, String out, String err) {

        /** The change lines of the text output (all but the summary). */
        List<String> changeLines() {
            List<String> lines = out.lines().toList();
            return lines.subList(0, lines.size() - 1);
        }

        /** {@code CLASSIFICATION RULE location} of each change line: the first three columns. */
        List<String> changes() {
            return changeLines().stream().map(line -> String.join(" ", Arrays.copyOf(line.trim().split("\\s+"), 3))).toList();
        }

        String summary() {
            List<String> lines = out.lines().toList();
            return lines.get(lines.size() - 1);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WaymarkCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static String jar(String version) {
        return versions.jar(version).toString();
    }

    // ---- the compatible evolution

    static Stream<Arguments> compatibleSteps() {
        return Stream.of(
                Arguments.of("v1", "v2", List.of("COMPATIBLE WM202 " + P + ":orderPlaced.currency")),
                Arguments.of("v2", "v3", List.of("COMPATIBLE WM203 " + P + ":orderStatus.status")),
                Arguments.of("v3", "v4", List.of("COMPATIBLE WM201 " + P + ":orderShipped")),
                Arguments.of("v4", "v5", List.of(
                        "COMPATIBLE WM202 " + P + ":orderPlaced.gift",
                        "COMPATIBLE WM208 " + P + ":orderCancelled",
                        "COMPATIBLE WM202 " + P + ":orderShipped.parcels")),
                Arguments.of("v1", "v5", List.of(
                        "COMPATIBLE WM201 " + P + ":orderShipped",
                        "COMPATIBLE WM202 " + P + ":orderPlaced.currency",
                        "COMPATIBLE WM202 " + P + ":orderPlaced.gift",
                        "COMPATIBLE WM203 " + P + ":orderStatus.status",
                        "COMPATIBLE WM208 " + P + ":orderCancelled")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("compatibleSteps")
    void compatibleStepsExitZeroAndListTheirChanges(String from, String to, List<String> expected) {
        Run run = run("schema-diff", jar(from), jar(to));
        assertEquals(WaymarkCli.EXIT_OK, run.exitCode(), run::toString);
        assertEquals(expected, run.changes(), run::toString);
        assertEquals("OK: 0 breaking and " + expected.size() + " compatible change" + (expected.size() == 1 ? "" : "s")
                + " from " + jar(from) + " (1 provider) to " + jar(to) + " (1 provider)", run.summary(), run::toString);
        assertEquals("", run.err());
    }

    @Test
    void compatibleLinesCarryTheRulesMessage() {
        Run run = run("schema-diff", jar("v4"), jar("v5"));
        assertEquals(List.of(
                "COMPATIBLE  WM202  " + P + ":orderPlaced.gift      field 'gift' (boolean, since version 3) was appended to"
                        + " stable event " + P + ":orderPlaced (id 1)",
                "COMPATIBLE  WM208  " + P + ":orderCancelled        stable event " + P + ":orderCancelled (id 3) was retired:"
                        + " cancellations are an orderStatus now",
                "COMPATIBLE  WM202  " + P + ":orderShipped.parcels  field 'parcels' (int, since version 2) was appended to"
                        + " stable event " + P + ":orderShipped (id 4)"),
                run.changeLines(), run::toString);
    }

    @Test
    void identicalSchemasHaveNoChanges() {
        Run run = run("schema-diff", jar("v5"), jar("v5"));
        assertEquals(WaymarkCli.EXIT_OK, run.exitCode(), run::toString);
        assertEquals(List.of("OK: no changes from " + jar("v5") + " (1 provider) to " + jar("v5") + " (1 provider)"),
                run.out().lines().toList());
    }

    /**
     * Builds made without a lock file record since 1 for the fields appended without {@code @Since}; schema-diff
     * infers the since from the versions it compares, so that the verdict and the lines are those of a build with one.
     */
    @Test
    void buildsWithoutALockFileGiveTheVerdictOfBuildsWithOne() {
        Run lockless = run("schema-diff", jar("lockless-v1"), jar("lockless-v2"));
        assertEquals(WaymarkCli.EXIT_OK, lockless.exitCode(), lockless::toString);
        assertEquals(List.of(
                "COMPATIBLE  WM202  " + P + ":orderPlaced.currency   field 'currency' (string, since version 2) was appended"
                        + " to stable event " + P + ":orderPlaced (id 1)",
                "COMPATIBLE  WM202  " + P + ":itemPicked.item_count  field 'item_count' (int, since version 2) was appended"
                        + " to stable event " + P + ":itemPicked (id 2)"),
                lockless.changeLines(), lockless::toString);

        Path lock = work.resolve("lockless-lock/waymark-baseline.json");
        versions.compileVersion("lockless-v1", work.resolve("lockless-lock-v1"),
                List.of("-Awaymark.baseline=" + lock, "-Awaymark.baseline.update=true"));
        Path withLock = work.resolve("lockless-lock-v2");
        versions.compileVersion("lockless-v2", withLock, List.of("-Awaymark.baseline=" + lock));
        Run locked = run("schema-diff", jar("lockless-v1"), withLock.toString());
        assertEquals(lockless.changeLines(), locked.changeLines(), locked::toString);
    }

    /** Documents that differ only in a default, or only in the provider's name, are one breaking change each. */
    @Test
    void changedDefaultsAndRenamedProvidersAreBreaking() throws IOException {
        String v5 = Files.readString(versions.document("v5"));
        Path otherDefault = Files.writeString(work.resolve("other-default.schema.json"),
                v5.replace("\"default\": \"EUR\"", "\"default\": \"USD\""));
        Run defaults = run("schema-diff", versions.document("v5").toString(), otherDefault.toString());
        assertEquals(WaymarkCli.EXIT_BREAKING, defaults.exitCode(), defaults::toString);
        assertEquals(List.of("BREAKING WM118 " + P + ":orderPlaced.currency"), defaults.changes(), defaults::toString);
        assertTrue(defaults.changeLines().get(0).endsWith("changed from \"EUR\" to \"USD\": records written before"
                + " version 2 lack the field and would read as \"USD\"; remedy: restore @Default(\"EUR\")"), defaults::toString);

        Path renamed = Files.writeString(work.resolve("renamed.schema.json"),
                v5.replace("\"provider\": \"" + P + "\"", "\"provider\": \"tools.matrix.shop\""));
        Run rename = run("schema-diff", versions.document("v5").toString(), renamed.toString());
        assertEquals(WaymarkCli.EXIT_BREAKING, rename.exitCode(), rename::toString);
        assertEquals(List.of("BREAKING WM119 tools.matrix.shop"), rename.changes(), rename::toString);
    }

    // ---- breaking versions

    @Test
    void breakingVariantExitsOneWithTheBreakingRules() {
        Run run = run("schema-diff", jar("v5"), jar(ProviderVersions.BREAKING));
        assertEquals(WaymarkCli.EXIT_BREAKING, run.exitCode(), run::toString);
        assertEquals(List.of(
                "BREAKING WM104 " + P + ":orderPlaced.quantity",
                "BREAKING WM106 " + P + ":orderStatus.status",
                "BREAKING WM109 " + P + ":orderShipped"), run.changes(), run::toString);
        String removed = run.changeLines().get(2);
        assertTrue(removed.contains("was removed; remedy: retire it: annotate provider matrix.OrderEvents with @Retired(id = 4,"
                + " name = \"orderShipped\""), removed);
        assertTrue(run.summary().startsWith("BREAKING: 3 breaking and 0 compatible changes from "), run::toString);
    }

    @Test
    void removedFieldIsBreaking() {
        Run run = run("schema-diff", jar("v5"), jar(ProviderVersions.FIELD_REMOVED));
        assertEquals(WaymarkCli.EXIT_BREAKING, run.exitCode(), run::toString);
        // parcels moves up a position too, but WM103 leaves moves that follow from a removal to WM101
        assertEquals(List.of("BREAKING WM101 " + P + ":orderShipped.weightKg"), run.changes(), run::toString);
        assertTrue(run.changeLines().get(0).contains("field 'weightKg' (position 3) of stable event " + P
                + ":orderShipped (id 4) was removed; remedy: restore it"), run::toString);
    }

    @Test
    void goingBackAVersionIsBreaking() {
        Run run = run("schema-diff", jar("v2"), jar("v1"));
        assertEquals(WaymarkCli.EXIT_BREAKING, run.exitCode(), run::toString);
        assertTrue(run.changes().contains("BREAKING WM101 " + P + ":orderPlaced.currency"), run::toString);
        assertTrue(run.changes().contains("BREAKING WM114 " + P + ":orderPlaced"), run::toString);
    }

    // ---- the other input kinds

    @Test
    void classDirectoriesDocumentsAndJarsGiveTheSameChanges() {
        Run jars = run("schema-diff", jar("v4"), jar("v5"));
        Run directories = run("schema-diff", versions.classes("v4").toString(), versions.classes("v5").toString());
        Run schemaDirectory = run("schema-diff", versions.classes("v4").resolve("META-INF/waymark").toString(), jar("v5"));
        Run documents = run("schema-diff", versions.document("v4").toString(), versions.document("v5").toString());
        for (Run run : List.of(directories, schemaDirectory, documents)) {
            assertEquals(WaymarkCli.EXIT_OK, run.exitCode(), run::toString);
            assertEquals(jars.changeLines(), run.changeLines(), run::toString);
        }
    }

    /** A lock file written by the processor ({@code -Awaymark.baseline.update=true}) is a baseline like any other. */
    @Test
    void baselineLockFileWrittenByTheProcessor() {
        Path lock = work.resolve("lock/waymark-baseline.json");
        versions.compileVersion("v5", work.resolve("lock-classes"),
                List.of("-Awaymark.baseline=" + lock, "-Awaymark.baseline.update=true"));
        assertTrue(Files.isRegularFile(lock), "the processor wrote " + lock);

        Run same = run("schema-diff", lock.toString(), jar("v5"));
        assertEquals(WaymarkCli.EXIT_OK, same.exitCode(), same::toString);
        assertTrue(same.out().startsWith("OK: no changes"), same::toString);

        Run broken = run("schema-diff", lock.toString(), jar(ProviderVersions.BREAKING));
        assertEquals(WaymarkCli.EXIT_BREAKING, broken.exitCode(), broken::toString);
        assertEquals(run("schema-diff", jar("v5"), jar(ProviderVersions.BREAKING)).changeLines(), broken.changeLines());
    }

    /** The processor's own compile-time check agrees with the tool: the broken variant does not compile against v5's lock file. */
    @Test
    void processorRejectsTheBreakingVariantWithTheSameRules() {
        Path lock = work.resolve("lock-check/waymark-baseline.json");
        versions.compileVersion("v5", work.resolve("lock-check-v5"),
                List.of("-Awaymark.baseline=" + lock, "-Awaymark.baseline.update=true"));
        ProviderVersions.CompilationResult result = versions.tryCompile(ProviderVersions.BREAKING,
                work.resolve("lock-check-v6"), List.of("-Awaymark.baseline=" + lock));
        assertEquals(false, result.success(), result::describe);
        for (String rule : List.of("[WM104]", "[WM106]", "[WM109]")) {
            assertTrue(result.describe().contains(rule), () -> rule + " in\n" + result.describe());
        }
    }

    @Test
    void jsonFormat() throws IOException {
        Run run = run("schema-diff", "--format", "json", jar("v5"), jar(ProviderVersions.BREAKING));
        assertEquals(WaymarkCli.EXIT_BREAKING, run.exitCode(), run::toString);
        List<String> rules = new ArrayList<>();
        List<String> classifications = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        try (JsonParser json = new JsonFactory().createParser(run.out())) {
            String key = null;
            boolean inSummary = false;
            for (JsonToken token = json.nextToken(); token != null; token = json.nextToken()) {
                if (token == JsonToken.FIELD_NAME) {
                    key = json.currentName();
                    inSummary |= key.equals("summary");
                } else if (token.isScalarValue() && "rule".equals(key)) {
                    rules.add(json.getText());
                } else if (token.isScalarValue() && "classification".equals(key)) {
                    classifications.add(json.getText());
                } else if (token.isScalarValue() && inSummary) {
                    summary.add(key + "=" + json.getText());
                }
            }
        }
        assertEquals(List.of("WM104", "WM106", "WM109"), rules, run::toString);
        assertEquals(List.of("BREAKING", "BREAKING", "BREAKING"), classifications);
        assertEquals(List.of("changes=3", "breaking=3", "compatible=0"), summary);
    }

    // ---- usage and input errors

    @Test
    void missingFile() {
        String missing = work.resolve("no-such.jar").toString();
        Run run = run("schema-diff", missing, jar("v1"));
        assertEquals(WaymarkCli.EXIT_USAGE, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertEquals("waymark schema-diff: " + missing + ": no such file or directory", run.err().strip());
    }

    @Test
    void garbageFile() throws IOException {
        Path garbage = Files.writeString(work.resolve("garbage.json"), "this is not json\n");
        Run run = run("schema-diff", jar("v1"), garbage.toString());
        assertEquals(WaymarkCli.EXIT_USAGE, run.exitCode(), run::toString);
        assertEquals("", run.out());
        String message = run.err().strip();
        assertTrue(message.startsWith("waymark schema-diff: " + garbage + ": not a Waymark schema document, lock file or jar:"
                + " the schema document is not valid JSON: Unrecognized token 'this'"), message);
        assertTrue(message.endsWith("(line 1, column 5)"), message);
        assertEquals(1, message.lines().count(), message);
    }

    @Test
    void binaryFile() throws IOException {
        Path binary = Files.write(work.resolve("binary.bin"), new byte[] {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF});
        Run run = run("schema-diff", binary.toString(), jar("v1"));
        assertEquals(WaymarkCli.EXIT_USAGE, run.exitCode(), run::toString);
        assertEquals("waymark schema-diff: " + binary + ": not a Waymark schema document, lock file or jar: the file is not"
                + " UTF-8 text", run.err().strip());
    }

    @Test
    void wellFormedJsonThatIsNoSchema() throws IOException {
        Path other = Files.writeString(work.resolve("package.json"), "{\"name\": \"left-pad\"}\n");
        Run run = run("schema-diff", other.toString(), jar("v1"));
        assertEquals(WaymarkCli.EXIT_USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains(other + ": not a Waymark schema document, lock file or jar: document.format: expected an"
                + " integer"), run::toString);
    }

    @Test
    void jarWithoutSchemas() throws IOException {
        Path empty = work.resolve("plain.jar");
        try (OutputStream file = Files.newOutputStream(empty); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("com/acme/App.class"));
            out.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
            out.closeEntry();
        }
        Run run = run("schema-diff", empty.toString(), jar("v1"));
        assertEquals(WaymarkCli.EXIT_USAGE, run.exitCode(), run::toString);
        assertEquals("waymark schema-diff: " + empty + ": no schema documents found (the jar has no META-INF/waymark/"
                + "*.schema.json entries; was it compiled with the Waymark annotation processor?)", run.err().strip());
    }

    @Test
    void malformedDocumentInsideAJarIsNamedWithItsEntry() throws IOException {
        Path broken = work.resolve("broken.jar");
        try (OutputStream file = Files.newOutputStream(broken); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("META-INF/waymark/shop.orders.schema.json"));
            out.write("{\"format\": 1, \"provider\": \"shop.orders\"".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Run run = run("schema-diff", jar("v1"), broken.toString());
        assertEquals(WaymarkCli.EXIT_USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("waymark schema-diff: " + broken + "!/META-INF/waymark/shop.orders.schema.json: not a"
                + " Waymark schema document: the schema document is not valid JSON"), run::toString);
    }

    @Test
    void directoryWithoutSchemas() throws IOException {
        Path empty = Files.createDirectories(work.resolve("empty-classes"));
        Run run = run("schema-diff", empty.toString(), jar("v1"));
        assertEquals(WaymarkCli.EXIT_USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains(empty + ": no schema documents found (expected META-INF/waymark/*.schema.json"), run::toString);
    }

    @Test
    void twoDocumentsOfOneProviderInOneInput() throws IOException {
        Path directory = Files.createDirectories(work.resolve("twice/META-INF/waymark"));
        Files.copy(versions.document("v1"), directory.resolve("a.schema.json"));
        Files.copy(versions.document("v2"), directory.resolve("b.schema.json"));
        Run run = run("schema-diff", work.resolve("twice").toString(), jar("v1"));
        assertEquals(WaymarkCli.EXIT_USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("provider '" + P + "' is described twice"), run::toString);
    }

    @Test
    void laterDocumentFormat() throws IOException {
        Path later = Files.writeString(work.resolve("later.schema.json"),
                Files.readString(versions.document("v1")).replace("\"format\": 1", "\"format\": 99"));
        Run run = run("schema-diff", later.toString(), jar("v1"));
        assertEquals(WaymarkCli.EXIT_USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("schema document format 99 is not supported"), run::toString);
    }

    @Test
    void usageErrors() {
        Run oneArgument = run("schema-diff", jar("v1"));
        assertEquals(WaymarkCli.EXIT_USAGE, oneArgument.exitCode(), oneArgument::toString);
        assertTrue(oneArgument.err().contains("Missing required parameter: '<new>'"), oneArgument::toString);
        assertTrue(oneArgument.err().contains("Usage: waymark schema-diff"), oneArgument::toString);

        Run badFormat = run("schema-diff", "--format", "xml", jar("v1"), jar("v2"));
        assertEquals(WaymarkCli.EXIT_USAGE, badFormat.exitCode(), badFormat::toString);
        assertTrue(badFormat.err().contains("Invalid value for option '--format'"), badFormat::toString);

        Run noCommand = run();
        assertEquals(WaymarkCli.EXIT_USAGE, noCommand.exitCode(), noCommand::toString);
        assertTrue(noCommand.err().contains("Missing subcommand"), noCommand::toString);

        Run unknown = run("schema-dif", jar("v1"), jar("v2"));
        assertEquals(WaymarkCli.EXIT_USAGE, unknown.exitCode(), unknown::toString);
    }

    @Test
    void helpAndVersion() {
        Run help = run("schema-diff", "--help");
        assertEquals(WaymarkCli.EXIT_OK, help.exitCode());
        assertTrue(help.out().contains("Usage: waymark schema-diff [-hV] [--format=text|json] <old> <new>"), help::toString);
        assertTrue(help.out().contains("1   at least one breaking change"), help::toString);
        Run version = run("--version");
        assertEquals(WaymarkCli.EXIT_OK, version.exitCode());
        assertTrue(version.out().startsWith("waymark "), version::toString);
    }
}
