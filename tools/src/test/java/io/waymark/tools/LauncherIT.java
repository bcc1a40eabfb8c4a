package io.waymark.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script ({@code src/main/sh/waymark}, attached as {@code waymark-tools:<version>:sh:launcher}) run
 * with bash against the packaged -all jar, installed as the README says: both in one directory, the script
 * linked from another.
 */
class LauncherIT {

    @TempDir
    static Path work;

    private static Path toolsJar;
    private static Path launcher;
    /** The directory where PATH finds the tools the script uses, and no java. */
    private static Path bin;

    @BeforeAll
    static void locate() throws IOException {
        toolsJar = Path.of(System.getProperty("waymark.tools.jar", ""));
        launcher = Path.of(System.getProperty("waymark.launcher", ""));
        assertTrue(Files.isRegularFile(toolsJar), "system property waymark.tools.jar names the -all jar: " + toolsJar);
        assertTrue(Files.isRegularFile(launcher), "system property waymark.launcher names the script: " + launcher);
        bin = Files.createDirectories(work.resolve("bin"));
        for (String tool : List.of("bash", "env", "dirname", "readlink", "find", "sort", "tail")) {
            Files.createSymbolicLink(bin.resolve(tool), which(tool));
        }
    }

    private static Path which(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(tool + " is not on the PATH");
    }

    /** What the script printed and returned. */
    record Result(int exitCode, String out, String err) {}

    /** Runs {@code bash script args} with only {@code env} (plus a PATH without java, unless given). */
    private static Result run(Path script, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(bin.resolve("bash").toString(), script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("PATH", bin.toString());
        builder.environment().put("TZ", ZoneId.systemDefault().getId());
        builder.environment().put("LC_ALL", "C.UTF-8"); // the text follows the console's charset (docs/command-line.md)
        builder.environment().putAll(env);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the launcher finished");
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String javaHome() {
        return System.getProperty("java.home");
    }

    /** The README's installation: jar and script side by side, the script linked from a directory on the PATH. */
    private static Path install(String name) throws IOException {
        Path lib = Files.createDirectories(work.resolve(name).resolve("lib"));
        Files.copy(toolsJar, lib.resolve(toolsJar.getFileName()));
        Path script = Files.copy(launcher, lib.resolve("waymark-tools-launcher.sh"));
        Path links = Files.createDirectories(work.resolve(name).resolve("bin"));
        return Files.createSymbolicLink(links.resolve("waymark"), script);
    }

    @Test
    void runsTheJarNextToItWithJavaHomesJava() throws Exception {
        Path waymark = install("installed");
        Result version = run(waymark, Map.of("JAVA_HOME", javaHome()), "--version");
        assertEquals(0, version.exitCode(), version::toString);
        assertTrue(version.out().startsWith("waymark ") && !version.out().contains("development"), version::toString);
        assertEquals("", version.err());

        Path trace = RecordedTraces.shop(work.resolve("trace"));
        Result print = run(waymark, Map.of("JAVA_HOME", javaHome()), "print", trace.toString());
        assertEquals(0, print.exitCode(), print::toString);
        assertEquals(Babeltrace2.lines(trace), print.out().lines().toList());
        assertEquals("", print.err());

        Result bad = run(waymark, Map.of("JAVA_HOME", javaHome()), "print", work.resolve("none").toString());
        assertEquals(2, bad.exitCode(), "the tool's exit code passes through: " + bad);
    }

    @Test
    void waymarkJarNamesTheJarAndJavaComesFromThePath() throws Exception {
        Path alone = Files.createDirectories(work.resolve("alone"));
        Path script = Files.copy(launcher, alone.resolve("waymark"));
        Files.createSymbolicLink(alone.resolve("java"), Path.of(javaHome(), "bin", "java"));
        Result result = run(script, Map.of("WAYMARK_JAR", toolsJar.toString(), "PATH", bin + ":" + alone), "--version");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().startsWith("waymark "), result::toString);
    }

    @Test
    void eachMissingPieceIsOneLineAndExitCodeTwo() throws Exception {
        Path empty = Files.createDirectories(work.resolve("empty"));
        Path script = Files.copy(launcher, empty.resolve("waymark"));
        assertFails(run(script, Map.of("JAVA_HOME", javaHome()), "--version"),
                "waymark: no waymark-tools-<version>-all.jar next to " + script + "; put the jar there or set WAYMARK_JAR");
        Path missing = work.resolve("missing.jar");
        assertFails(run(script, Map.of("WAYMARK_JAR", missing.toString(), "JAVA_HOME", javaHome()), "--version"),
                "waymark: WAYMARK_JAR=" + missing + " is not a file; point it to waymark-tools-<version>-all.jar or unset it");
        assertFails(run(script, Map.of("WAYMARK_JAR", toolsJar.toString(), "JAVA_HOME", empty.toString()), "--version"),
                "waymark: JAVA_HOME=" + empty + " has no bin/java; point JAVA_HOME to a JDK or JRE 17 or later, or unset it");
        assertFails(run(script, Map.of("WAYMARK_JAR", toolsJar.toString()), "--version"),
                "waymark: no java found: set JAVA_HOME or put java (17 or later) on the PATH");
    }

    private static void assertFails(Result result, String line) {
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("", result.out());
        assertEquals(line + "\n", result.err());
    }
}
