package io.waymark.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.tools.PrintCommandTest.Result;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code waymark recover}: {@code CtfRecovery} as a command, with its options, output and exit codes. */
class RecoverCommandTest {

    @TempDir
    Path dir;

    @Test
    void repairsATraceCutShortBesideItSoThatBabeltrace2ReadsIt() throws Exception {
        Path trace = cutShort(dir.resolve("cut"));
        Path stream = largestStream(trace);
        byte[] damaged = Files.readAllBytes(stream);
        Result result = PrintCommandTest.waymark("recover", trace.toString());
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("", result.err());
        Path recovered = dir.resolve("cut.recovered");
        List<String> lines = result.lines();
        assertTrue(lines.size() >= 2, lines::toString);
        assertTrue(lines.get(0).startsWith(stream.getFileName() + ": repaired the packet at offset "), lines.get(0));
        assertEquals("repaired trace: " + recovered.toAbsolutePath(), lines.get(lines.size() - 1));
        assertArrayEquals(damaged, Files.readAllBytes(stream), "the original is left as it is");
        assertEquals(Babeltrace2.lines(recovered), PrintCommandTest.waymark("print", recovered.toString()).lines());

        Result again = PrintCommandTest.waymark("recover", recovered.toString());
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(List.of(recovered + ": intact, nothing to repair"), again.lines());
        assertFalse(Files.exists(dir.resolve("cut.recovered.recovered")), "nothing written for an intact trace");
    }

    @Test
    void anExistingOutputExitsOne() throws Exception {
        Path trace = cutShort(dir.resolve("cut"));
        Path output = Files.createDirectory(dir.resolve("taken"));
        Result result = PrintCommandTest.waymark("recover", "--output", output.toString(), trace.toString());
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals("", result.out());
        assertEquals(List.of("waymark recover: " + output + " exists: remove it, or choose another with --output DIR"),
                result.err().lines().toList());
    }

    @Test
    void outputChoosesTheDirectory() throws Exception {
        Path trace = cutShort(dir.resolve("cut"));
        Path output = dir.resolve("elsewhere");
        Result result = PrintCommandTest.waymark("recover", "--output", output.toString(), trace.toString());
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("repaired trace: " + output, result.lines().get(result.lines().size() - 1));
        assertFalse(Files.exists(dir.resolve("cut.recovered")));
        assertEquals(Babeltrace2.lines(output), PrintCommandTest.waymark("print", output.toString()).lines());
    }

    @Test
    void dryRunWritesNothing() throws Exception {
        Path trace = cutShort(dir.resolve("cut"));
        Path stream = largestStream(trace);
        byte[] damaged = Files.readAllBytes(stream);
        Result result = PrintCommandTest.waymark("recover", "--dry-run", trace.toString());
        assertEquals(0, result.exitCode(), result::toString);
        List<String> lines = result.lines();
        assertTrue(lines.size() >= 2, lines::toString);
        assertTrue(lines.get(0).startsWith(stream.getFileName() + ": repaired the packet at offset "), lines.get(0));
        assertEquals(trace + ": dry run, nothing written", lines.get(lines.size() - 1));
        assertFalse(Files.exists(dir.resolve("cut.recovered")));
        assertArrayEquals(damaged, Files.readAllBytes(stream));
        assertEquals(List.of("cut"), list(dir), "nothing written beside it either");
    }

    @Test
    void inPlaceRepairsTheTraceItself() throws Exception {
        Path trace = cutShort(dir.resolve("cut"));
        Result result = PrintCommandTest.waymark("recover", "--in-place", trace.toString());
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("repaired trace: " + trace, result.lines().get(result.lines().size() - 1));
        assertEquals(List.of("cut"), list(dir));
        assertEquals(Babeltrace2.lines(trace), PrintCommandTest.waymark("print", trace.toString()).lines());
        assertEquals(List.of(trace + ": intact, nothing to repair"),
                PrintCommandTest.waymark("recover", "--in-place", trace.toString()).lines());
    }

    @Test
    void outputAndInPlaceExcludeEachOther() throws Exception {
        Path trace = cutShort(dir.resolve("cut"));
        Result result = PrintCommandTest.waymark("recover", "--in-place", "--output", dir.resolve("x").toString(),
                trace.toString());
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("", result.out());
        assertEquals(List.of("waymark recover: --output and --in-place exclude each other: give at most one"),
                result.err().lines().toList());
        assertEquals(List.of("cut"), list(dir), "nothing written");
    }

    @Test
    void aDirectoryWithoutATraceExitsOne() {
        Result result = PrintCommandTest.waymark("recover", dir.toString());
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals("", result.out());
        List<String> err = result.err().lines().toList();
        assertEquals(1, err.size(), err::toString);
        assertTrue(err.get(0).startsWith("waymark recover: " + dir.resolve("metadata")), err.get(0));
        assertTrue(err.get(0).contains("not a Waymark CTF trace"), err.get(0));
    }

    @Test
    void aMissingArgumentIsAUsageError() {
        Result result = PrintCommandTest.waymark("recover");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("Missing required parameter: '<trace-dir>'"), result.err());
    }

    /** A recorded trace whose last event lost its tail, as when a kill interrupts the write. */
    private static Path cutShort(Path trace) throws IOException {
        RecordedTraces.shop(trace);
        Path stream = largestStream(trace);
        long size = Files.size(stream);
        try (FileChannel channel = FileChannel.open(stream, StandardOpenOption.WRITE)) {
            channel.truncate(size - 10);
        }
        return trace;
    }

    private static List<String> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static Path largestStream(Path trace) throws IOException {
        try (Stream<Path> files = Files.list(trace)) {
            return files.filter(f -> f.getFileName().toString().startsWith("stream")).max((a, b) -> {
                try {
                    return Long.compare(Files.size(a), Files.size(b));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).orElseThrow();
        }
    }
}
