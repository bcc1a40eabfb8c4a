package io.waymark.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

/** {@code waymark recover}: what {@code CtfRecover} did as a command, with its output and exit codes. */
class RecoverCommandTest {

    @TempDir
    Path dir;

    @Test
    void repairsATraceCutShortSoThatBabeltrace2ReadsIt() throws Exception {
        Path trace = RecordedTraces.shop(dir.resolve("cut"));
        Path stream = largestStream(trace);
        long size = Files.size(stream);
        try (FileChannel channel = FileChannel.open(stream, StandardOpenOption.WRITE)) {
            channel.truncate(size - 10); // the last event loses its tail, as when a kill interrupts the write
        }
        Result result = PrintCommandTest.waymark("recover", trace.toString());
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("", result.err());
        List<String> repairs = result.out().lines().toList();
        assertEquals(1, repairs.size(), repairs::toString);
        assertTrue(repairs.get(0).startsWith(stream.getFileName() + ": kept 0 packets, repaired the last one to its "),
                repairs.get(0));
        assertEquals(Babeltrace2.lines(trace), PrintCommandTest.waymark("print", trace.toString()).lines());

        Result again = PrintCommandTest.waymark("recover", trace.toString());
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals("", again.out(), "an intact trace needs no repair and prints nothing");
    }

    @Test
    void aDirectoryWithoutATraceExitsOne() throws Exception {
        Result result = PrintCommandTest.waymark("recover", dir.toString());
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals("", result.out());
        assertEquals("waymark recover: " + dir + " holds no CTF trace (no metadata file)", result.err().strip());
    }

    @Test
    void aMissingArgumentIsAUsageError() {
        Result result = PrintCommandTest.waymark("recover");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("Missing required parameter: '<trace-dir>'"), result.err());
        assertNotEquals("", result.err());
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
