package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CTF backend configured by system properties at start-up, in a child JVM whose working directory
 * is a fresh one: where the trace goes, and every start-up error listed by
 * {@link Tracing#configurationErrors()}.
 */
class CtfStartupTest {

    @TempDir
    Path dir;

    private record Outcome(String stdout, String stderr) {}

    private Outcome run(Map<String, String> properties) throws IOException, InterruptedException {
        return run(List.of(), properties, StartupMain.class);
    }

    private Outcome run(List<String> options, Map<String, String> properties, Class<?> main) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dwaymark.enable=ctftest.shop:*"));
        command.addAll(options);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add(main.getName());
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("WAYMARK_"));
        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        assertEquals(0, process.exitValue(), Files.readString(err));
        return new Outcome(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The backend's own run-time errors follow Waymark's messages: to standard error when SLF4J has no provider. */
    @Test
    void aTraceThatCannotBeWrittenIsReportedWithoutAnSlf4jProvider() throws Exception {
        String classPath = Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> !entry.contains("slf4j-simple")).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        Path trace = dir.resolve("lost");
        // a file size limit (bash's ulimit -f, KiB) that the first sub-buffers fit and the later ones do not: the keeper's
        // allocation fails with EFBIG (the JVM ignores SIGXFSZ) while the session records
        Process process = new ProcessBuilder("bash", "-c", "ulimit -f 2048 && exec \"$@\"", "bash",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData", "-cp", classPath,
                LostTraceMain.class.getName(), trace.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("No SLF4J providers were found"), "the class path really has no provider: " + output);
        assertTrue(output.contains("Waymark ERROR: CTF backend: the file system of " + trace + " cannot take the trace's next sub-buffers"
                + " (full, quota or I/O error); events are being discarded (counted as WRITE_FAILED)"),
                output);
    }

    @Test
    void theStartupLineNamesTheAbsoluteTraceDirectory() throws Exception {
        Outcome outcome = run(Map.of());
        assertTrue(outcome.stdout().contains("startup=running") && outcome.stdout().contains("errors=[]"), outcome.stdout());
        Path traces = dir.toAbsolutePath().resolve("waymark-traces");
        Path trace;
        try (Stream<Path> list = Files.list(traces)) {
            trace = list.findFirst().orElseThrow();
        }
        assertTrue(outcome.stderr().contains("Waymark: startup session recording [ctftest.shop:*] to backend 'ctf': " + trace + "\n"),
                "the default directory, relative to the working directory, is named absolutely: " + outcome.stderr());
    }

    @Test
    void everyStartupErrorIsAConfigurationError() throws Exception {
        Outcome unknownBackend = run(Map.of("waymark.backend", "kafka"));
        assertTrue(unknownBackend.stdout().contains("errors=[system property waymark.backend='kafka' names no backend on the class path; "
                + "available: [ctf]; set it to one of them, or add the jar of backend 'kafka']"), unknownBackend.stdout());

        Outcome badMode = run(Map.of("waymark.setting.mode", "sideways"));
        assertTrue(badMode.stdout().contains("errors=[ctf backend of session 'startup': setting 'mode' is 'sideways'; use 'discard'"),
                badMode.stdout());

        Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
        Outcome unwritable = run(Map.of("waymark.setting.directory", notADirectory.resolve("trace").toString()));
        assertTrue(unwritable.stdout().contains("errors=[ctf backend of session 'startup': cannot create the trace in "
                + notADirectory.resolve("trace")), unwritable.stdout());

        for (Outcome outcome : List.of(unknownBackend, badMode, unwritable)) {
            assertTrue(outcome.stdout().contains("startup=none"), outcome.stdout());
        }
    }

    @Test
    void aMisspeltStartupSettingIsAnErrorNamingTheClosestOne() throws Exception {
        Outcome outcome = run(Map.of("waymark.setting.subbufer-size", "4096"));
        String error = "system property waymark.setting.subbufer-size names no setting of backend 'ctf' (did you mean "
                + "waymark.setting.subbuffer-size?); its settings are [directory, file-mode, filesystem-check, flush-interval-ms, max-size, mode, streams, stripes, "
                + "subbuffer-count, subbuffer-size, sync, window-size]";
        assertTrue(outcome.stdout().contains("errors=[" + error + "]"), outcome.stdout());
        assertTrue(outcome.stderr().contains(error), outcome.stderr());
        assertTrue(outcome.stdout().contains("startup=none"), outcome.stdout());
    }

    @Test
    void aMisspeltSessionSettingIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tracing.createSession(
                SessionConfig.builder("misspelt").backend(new CtfBackendFactory())
                        .setting("directory", dir.resolve("trace").toString()).setting("subbufer-size", "4096").build()));
        assertEquals("session 'misspelt': backend 'ctf' has no setting 'subbufer-size' (did you mean 'subbuffer-size'?); "
                + "its settings are [directory, file-mode, filesystem-check, flush-interval-ms, max-size, mode, streams, stripes, subbuffer-count, subbuffer-size, "
                + "sync, window-size]", e.getMessage());
    }

    /** Overwrite mode's ring is a memory-mapped file, not heap: a ring four times the heap records, and its pages are the file's. */
    @Test
    void anOverwriteRingLargerThanTheHeapIsAFileNotHeap() throws Exception {
        Outcome outcome = run(List.of("-Xmx32m"), Map.of("trace", dir.resolve("parent/trace").toString()), AllocatingMain.class);
        assertTrue(outcome.stdout().contains("created, ring files of 67108864 bytes: [67108864, 67108864]"), outcome + "");
        assertTrue(outcome.stdout().contains("closed, stream files: []"), outcome + "");
    }

    /** Overwrite mode's ring is allocated in full at creation: more than the file system holds is refused before anything is created. */
    @Test
    void anOverwriteRingLargerThanTheDiskIsRefusedBeforeAnythingIsCreated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tracing.createSession(
                SessionConfig.builder("huge").backend(new CtfBackendFactory()).setting("mode", "overwrite")
                        .setting("directory", dir.resolve("huge").toString()).setting("streams", "256")
                        .setting("subbuffer-count", "1024").setting("subbuffer-size", "67108864").build()));
        assertTrue(e.getMessage().matches("ctf backend of session 'huge': the stream files need 16777216 MiB of disk for their "
                + "sub-buffers in flight, but the file system of .* has \\d+ MiB usable \\(setting 'streams' 256 × 'subbuffer-count' "
                + "1024 × 'subbuffer-size' 67108864 bytes\\); lower these settings, free space, or set 'directory' to another "
                + "directory"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("huge")));
    }

    /** Discard mode's sub-buffers are pages of the stream files: more than the disk holds is refused before anything is created. */
    @Test
    void streamFilesLargerThanTheDiskAreRefusedBeforeAnythingIsCreated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tracing.createSession(
                SessionConfig.builder("huge").backend(new CtfBackendFactory()).setting("mode", "discard")
                        .setting("directory", dir.resolve("huge").toString()).setting("streams", "256")
                        .setting("subbuffer-count", "1024").setting("subbuffer-size", "67108864").build()));
        assertTrue(e.getMessage().matches("ctf backend of session 'huge': the stream files need 16777216 MiB of disk for their "
                + "sub-buffers in flight, but the file system of .* has \\d+ MiB usable \\(setting 'streams' 256 × 'subbuffer-count' "
                + "1024 × 'subbuffer-size' 67108864 bytes\\); lower these settings, free space, or set 'directory' to another "
                + "directory"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("huge")));
    }
}
