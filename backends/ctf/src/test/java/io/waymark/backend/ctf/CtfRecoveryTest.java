package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.backend.ctf.internal.CtfLayout;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery keeps every intact packet, never writes through a symbolic link, writes beside the
 * original unless told to repair in place, and has a dry run.
 */
class CtfRecoveryTest {

    private static final int PER_THREAD = 500;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path original;

    @BeforeAll
    static void record() throws Exception {
        original = RecordedTrace.record(shared.resolve("original"), PER_THREAD);
    }

    /** A copy of the trace whose stream_0 has packet 1's magic destroyed; returns that packet. */
    private Path damaged(String name, List<byte[]> packets) throws Exception {
        Path trace = RecordedTrace.copy(original, dir.resolve(name));
        packets.addAll(RecordedTrace.packets(trace.resolve("stream_0")));
        packets.get(1)[CtfLayout.MAGIC_OFFSET] ^= 0x55;
        RecordedTrace.write(trace.resolve("stream_0"), packets);
        return trace;
    }

    @Test
    void everyIntactPacketAfterADamagedOneIsKept() throws Exception {
        List<byte[]> packets = new ArrayList<>();
        Path trace = damaged("middle", packets);
        long expected = 2L * PER_THREAD - RecordedTrace.events(packets.get(1));
        assertEquals(expected, CtfTraceReader.open(trace).count(), "the reader reads on after the damage");
        List<CtfTraceReader.Skipped> skipped = CtfTraceReader.open(trace).skippedPackets();
        assertEquals(1, skipped.size(), skipped::toString);
        assertEquals(RecordedTrace.offsetOf(packets, 1), skipped.get(0).offset());
        assertEquals(packets.get(1).length, skipped.get(0).length());
        assertEquals("no packet magic", skipped.get(0).reason());

        List<String> report = CtfRecover.recover(trace); // in place, the programmatic form the tests used so far
        assertEquals(List.of("stream_0: dropped " + packets.get(1).length + " bytes at offset "
                + RecordedTrace.offsetOf(packets, 1) + ": no packet magic", "stream_0: kept " + (packets.size() - 1)
                + " packets"), report);
        assertEquals(expected, Babeltrace.events(trace).size(), "babeltrace2 reads every intact packet");
        assertEquals(List.of(), CtfRecover.recover(trace), "a repaired trace needs nothing more");
    }

    @Test
    void aSymlinkedStreamIsRefusedAndItsTargetLeftAlone() throws Exception {
        List<byte[]> packets = new ArrayList<>();
        Path trace = damaged("link", packets);
        Path outside = dir.resolve("outside-stream");
        Files.move(trace.resolve("stream_0"), outside);
        Files.createSymbolicLink(trace.resolve("stream_0"), outside);
        byte[] before = Files.readAllBytes(outside);

        CtfFormatException e = assertThrows(CtfFormatException.class, () -> CtfRecover.recover(trace));
        assertEquals(trace.resolve("stream_0"), e.file());
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertThrows(CtfFormatException.class, () -> CtfRecovery.recover(trace, CtfRecovery.Options.beside()));
        assertArrayEquals(before, Files.readAllBytes(outside), "the link's target is untouched");
        assertTrue(Files.isSymbolicLink(trace.resolve("stream_0")));
        assertFalse(Files.exists(dir.resolve("link.recovered")));
    }

    @Test
    void aDirectoryWithoutMetadataIsNoTrace() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CtfFormatException e = assertThrows(CtfFormatException.class,
                () -> CtfRecovery.recover(empty, CtfRecovery.Options.beside().withDryRun()));
        assertEquals(empty.resolve("metadata"), e.file());
        assertTrue(e.getMessage().contains("not a Waymark CTF trace"), e.getMessage());
    }

    @Test
    void byDefaultTheRepairedTraceIsWrittenBesideAndTheOriginalLeftAsItIs() throws Exception {
        List<byte[]> packets = new ArrayList<>();
        Path trace = damaged("beside", packets);
        byte[] before = Files.readAllBytes(trace.resolve("stream_0"));

        CtfRecovery.Result result = CtfRecovery.recover(trace, CtfRecovery.Options.beside());
        assertEquals(dir.resolve("beside.recovered"), result.output());
        assertArrayEquals(before, Files.readAllBytes(trace.resolve("stream_0")), "the original is untouched");
        // the recovered trace's packets are packed, so the state file (.waymark) of the recorded one is not copied
        assertEquals(names(trace).stream().filter(n -> !n.equals(".waymark")).toList(), names(result.output()));
        assertEquals(2L * PER_THREAD - RecordedTrace.events(packets.get(1)), Babeltrace.events(result.output()).size());
        assertThrows(FileAlreadyExistsException.class, () -> CtfRecovery.recover(trace, CtfRecovery.Options.beside()),
                "an earlier result is never overwritten");

        Path elsewhere = dir.resolve("elsewhere");
        assertEquals(elsewhere, CtfRecovery.recover(trace, CtfRecovery.Options.beside().withOutput(elsewhere)).output());
        assertEquals(result.changes(), CtfRecovery.recover(trace, CtfRecovery.Options.beside().withDryRun()).changes());
    }

    @Test
    void aDryRunReportsAndWritesNothing() throws Exception {
        List<byte[]> packets = new ArrayList<>();
        Path trace = damaged("dry", packets);
        byte[] before = Files.readAllBytes(trace.resolve("stream_0"));
        for (CtfRecovery.Options options : List.of(CtfRecovery.Options.beside().withDryRun(),
                CtfRecovery.Options.beside().withInPlace().withDryRun())) {
            CtfRecovery.Result result = CtfRecovery.recover(trace, options);
            assertNull(result.output());
            assertEquals(2, result.changes().size(), result::toString);
            assertTrue(result.changes().get(0).contains("at offset " + RecordedTrace.offsetOf(packets, 1)), result::toString);
        }
        assertArrayEquals(before, Files.readAllBytes(trace.resolve("stream_0")));
        assertEquals(List.of("dry"), names(dir));
    }

    @Test
    void inPlaceReplacesOnlyTheDamagedFiles() throws Exception {
        List<byte[]> packets = new ArrayList<>();
        Path trace = damaged("in-place", packets);
        byte[] untouched = Files.readAllBytes(trace.resolve("stream_1"));
        CtfRecovery.Result result = CtfRecovery.recover(trace, CtfRecovery.Options.beside().withInPlace());
        assertEquals(trace, result.output());
        assertEquals(List.of(".waymark", "metadata", "stream_0", "stream_1"), names(trace), "no temporary file is left");
        assertArrayEquals(untouched, Files.readAllBytes(trace.resolve("stream_1")));
        assertEquals(List.of(), CtfTraceReader.open(trace).skippedPackets());
        assertFalse(CtfRecovery.recover(trace, CtfRecovery.Options.beside()).changed());
        assertFalse(Files.exists(dir.resolve("in-place.recovered")), "an intact trace is not copied");
    }

    private static List<String> names(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
