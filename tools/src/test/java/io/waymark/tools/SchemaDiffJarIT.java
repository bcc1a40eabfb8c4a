package io.waymark.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code waymark-tools-<version>-all.jar} as users run it: {@code java -jar} in a child
 * process (failsafe runs this after {@code package}; the jar's path comes from the build).
 */
class SchemaDiffJarIT {

    @TempDir
    static Path work;

    private static ProviderVersions versions;
    private static Path toolsJar;

    @BeforeAll
    static void compileVersions() {
        String jar = System.getProperty("waymark.tools.jar");
        assertTrue(jar != null && Files.isRegularFile(Path.of(jar)), "system property waymark.tools.jar names the -all jar: " + jar);
        toolsJar = Path.of(jar);
        versions = ProviderVersions.compile(work, "v4", "v5", ProviderVersions.BREAKING);
    }

    /** What the child process printed and returned. */
    record Result(int exitCode, String out, String err) {}

    private static Result java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", toolsJar.toString()));
        command.addAll(List.of(args));
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the tool finished");
        return new Result(process.exitValue(), Files.readString(out, Charset.defaultCharset()),
                Files.readString(err, Charset.defaultCharset()));
    }

    @Test
    void compatibleStepExitsZero() throws Exception {
        Result result = java("schema-diff", versions.jar("v4").toString(), versions.jar("v5").toString());
        assertEquals(0, result.exitCode(), result::toString);
        List<String> lines = result.out().lines().toList();
        assertEquals(4, lines.size(), result::toString);
        assertTrue(lines.get(0).startsWith("COMPATIBLE  WM202  tools.matrix.orders:orderPlaced.gift "), result::toString);
        assertTrue(lines.get(3).startsWith("OK: 0 breaking and 3 compatible changes from "), result::toString);
        assertEquals("", result.err());
    }

    @Test
    void breakingStepExitsOne() throws Exception {
        Result result = java("schema-diff", versions.jar("v5").toString(), versions.jar(ProviderVersions.BREAKING).toString());
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(3, result.out().lines().filter(line -> line.startsWith("BREAKING    WM1")).count(), result::toString);
        assertTrue(result.out().lines().anyMatch(line -> line.startsWith("BREAKING    WM109  tools.matrix.orders:orderShipped ")),
                result::toString);
    }

    @Test
    void missingInputExitsTwo() throws Exception {
        Result result = java("schema-diff", work.resolve("nothing.jar").toString(), versions.jar("v5").toString());
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("", result.out());
        assertEquals("waymark schema-diff: " + work.resolve("nothing.jar") + ": no such file or directory", result.err().strip());
    }

    @Test
    void versionFromTheManifest() throws Exception {
        Result result = java("--version");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().strip().matches("waymark \\d+\\.\\d+\\.\\d+.*"), result::toString);
    }
}
