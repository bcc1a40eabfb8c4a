package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.ctftest.LateEvents;
import io.waymark.ctftest.ShopEvents;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Late providers, discard-mode loss accounting, overwrite-mode snapshots, recovery of a cut-short trace. */
class CtfModesTest {

    private static final ShopEvents SHOP = Waymark.provider(ShopEvents.class);
    private static final Pattern SEQUENCE = Pattern.compile("sequence = (\\d+)");
    private static final Pattern DISCARDED = Pattern.compile("discarded (\\d+) events?");

    @TempDir
    Path dir;

    private final Sessions sessions = new Sessions();

    @AfterEach
    void close() {
        sessions.close();
    }

    @Test
    void aProviderLoadedWhileRecordingIsAppendedToTheMetadata() throws Exception {
        Path trace = dir.resolve("late");
        try (Session session = sessions.start(trace, Map.of(), "ctftest.*:*")) {
            SHOP.orderPlaced(1, 1, "before");
            String before = Files.readString(trace.resolve("metadata"));
            assertTrue(!before.contains("ctftest.late"), "LateEvents must not be loaded before this point");
            // First use of LateEvents in this JVM: its class registers now, while the session records.
            LateEvents late = Waymark.provider(LateEvents.class);
            late.arrived("mid-recording", 99);
            SHOP.orderPlaced(2, 1, "after");
            String after = Files.readString(trace.resolve("metadata"));
            assertTrue(after.startsWith(before) && after.length() > before.length(), "metadata is appended, not rewritten");
        }
        List<String> lines = Babeltrace.events(trace);
        assertEquals(3, lines.size(), lines::toString);
        assertTrue(lines.get(1).contains("ctftest.late:arrived") && lines.get(1).contains("what = \"mid-recording\", when = 99"),
                lines.get(1));
        List<String> read = new ArrayList<>();
        CtfTraceReader.open(trace).forEach(e -> read.add(e.type().qualifiedName()));
        assertEquals(List.of("ctftest.shop:orderPlaced", "ctftest.late:arrived", "ctftest.shop:orderPlaced"), read);
    }

    @Test
    void discardModeDropsWhenFullAndCountsExactly() throws Exception {
        Path trace = dir.resolve("discard");
        int emitted = 20_000;
        CtfBackend backend;
        try (Session session = sessions.start(trace, Map.of("subbuffer-size", "256", "subbuffer-count", "2", "streams", "1",
                "flush-interval-ms", "0"), "ctftest.shop:tick")) {
            backend = Sessions.backend(session);
            for (int i = 0; i < emitted; i++) {
                SHOP.tick(0, i);
            }
        }
        long discarded = backend.discardedEvents();
        List<String> output = Babeltrace.read(trace);
        long recorded = output.stream().filter(l -> l.contains("ctftest.shop:tick")).count();
        long reported = 0;
        for (String line : output) {
            Matcher m = DISCARDED.matcher(line);
            if (m.find()) {
                reported += Long.parseLong(m.group(1));
            }
        }
        assertTrue(discarded > 0, "a 2 x 256-byte buffer cannot hold 20000 events");
        assertTrue(recorded > 0);
        assertEquals(emitted, recorded + discarded, "every event is either in the trace or counted");
        assertEquals(discarded, reported, "babeltrace2 reports the same loss:\n" + String.join("\n",
                output.stream().filter(l -> l.contains("discarded")).toList()));
        CtfTraceReader reader = CtfTraceReader.open(trace);
        assertEquals(discarded, reader.discardedEvents());
        assertEquals(List.of(), reader.skippedPackets(), "the packet carrying the last count is in order");
        assertEquals(recorded, reader.count());
    }

    /**
     * An event the runtime discards before the backend sees it (a record above the format's 64 KiB) is in the
     * session's statistics with its reason, and in the trace's discarded count too, so that babeltrace2
     * reports what the session lost.
     */
    @Test
    void anEventTooLargeForTheFormatIsInTheSessionsAndTheTracesDiscardedCounts() throws Exception {
        Path trace = dir.resolve("too-large");
        String huge = "x".repeat(70_000);
        try (Session session = sessions.start(trace, Map.of(), "ctftest.shop:orderPlaced")) {
            SHOP.orderPlaced(1, 1, "small");
            SHOP.orderPlaced(2, 1, huge);
            SHOP.orderPlaced(3, 1, "small");
            io.waymark.core.SessionStatistics statistics = session.statistics();
            assertEquals(1, statistics.discarded(io.waymark.spi.DiscardReason.EVENT_TOO_LARGE), statistics::toString);
            assertEquals(1, statistics.discardedEvents(), statistics::toString);
        }
        List<String> output = Babeltrace.read(trace);
        assertEquals(2, output.stream().filter(l -> l.contains("ctftest.shop:orderPlaced")).count(), output::toString);
        // babeltrace2 warns of it (without a count when the stream's first packet carries it: "may have discarded")
        assertTrue(output.stream().anyMatch(l -> l.contains("WARNING: Tracer") && l.contains("discarded")),
                "babeltrace2 reports the discarded event: " + output);
        assertEquals(1, CtfTraceReader.open(trace).discardedEvents());
    }

    @Test
    void overwriteModeSnapshotsTheMostRecentPackets() throws Exception {
        Path ring = dir.resolve("ring");
        int emitted = 10_000;
        try (Session session = sessions.start(ring, Map.of("mode", "overwrite", "subbuffer-size", "1024",
                "subbuffer-count", "4", "streams", "1"), "ctftest.shop:tick")) {
            CtfBackend backend = Sessions.backend(session);
            for (int i = 0; i < emitted; i++) {
                SHOP.tick(0, i);
            }
            Path first = backend.snapshot(dir.resolve("snap1"));
            SHOP.tick(0, emitted);
            Path second = backend.snapshot(dir.resolve("snap2"));

            List<Long> sequences = sequences(Babeltrace.events(first));
            assertTrue(sequences.size() > 10 && sequences.size() < emitted, "size " + sequences.size());
            assertEquals(emitted - 1, sequences.get(sequences.size() - 1), "the newest event is kept");
            for (int i = 1; i < sequences.size(); i++) {
                assertEquals(sequences.get(i - 1) + 1, sequences.get(i), "kept events are contiguous");
            }
            assertEquals(sequences.size(), CtfTraceReader.open(first).count());
            assertEquals(List.of(), CtfTraceReader.open(first).skippedPackets(), "a snapshot's packets are in order");
            List<Long> later = sequences(Babeltrace.events(second));
            assertEquals(emitted, later.get(later.size() - 1), "recording went on after the first snapshot");
            assertThrows(IllegalStateException.class, () -> ((CtfBackend) sessions.start(dir.resolve("d"), Map.of(),
                    "ctftest.shop:tick").backend()).snapshot(dir.resolve("no")));
        }
        // after the stop the ring's directory is a trace: its packets in order, the newest event last
        assertTrue(!Files.exists(ring.resolve(".waymark")), "the state file goes once the rings are ordered");
        List<Long> atStop = sequences(Babeltrace.events(ring));
        assertTrue(atStop.size() > 10 && atStop.size() < emitted, "size " + atStop.size());
        assertEquals(emitted, atStop.get(atStop.size() - 1), "the newest event is kept");
        for (int i = 1; i < atStop.size(); i++) {
            assertEquals(atStop.get(i - 1) + 1, atStop.get(i), "kept events are contiguous");
        }
        assertEquals(atStop.size(), CtfTraceReader.open(ring).count());
        assertEquals(List.of(), CtfTraceReader.open(ring).skippedPackets());
    }

    /**
     * The ring is a memory-mapped file: what a crash leaves in the directory (copied here while threads record)
     * is the flight recorder's content, which recovery orders into a trace: the newest events, contiguous.
     */
    @Test
    void anOverwriteRingLeftByACrashIsRecovered() throws Exception {
        Path ring = dir.resolve("ring");
        Path copy = dir.resolve("as-left");
        int emitted = 10_000;
        List<Long> snapshot;
        try (Session session = sessions.start(ring, Map.of("mode", "overwrite", "subbuffer-size", "1024",
                "subbuffer-count", "4", "streams", "1"), "ctftest.shop:tick")) {
            for (int i = 0; i < emitted; i++) {
                SHOP.tick(0, i);
            }
            Files.createDirectories(copy.resolve(".waymark"));
            for (String name : List.of("metadata", "stream_0", ".waymark/state")) {
                Files.copy(ring.resolve(name), copy.resolve(name)); // the pages as a killed process leaves them
            }
            snapshot = sequences(Babeltrace.events(Sessions.backend(session).snapshot(dir.resolve("snap"))));
        }
        Path recovered = CtfRecovery.recover(copy, CtfRecovery.Options.beside().withOutput(dir.resolve("recovered"))).output();
        List<Long> sequences = sequences(Babeltrace.events(recovered));
        assertTrue(sequences.size() > 10 && sequences.size() < emitted, "size " + sequences.size());
        assertEquals(emitted - 1, sequences.get(sequences.size() - 1), "the newest event is kept");
        for (int i = 1; i < sequences.size(); i++) {
            assertEquals(sequences.get(i - 1) + 1, sequences.get(i), "kept events are contiguous");
        }
        assertEquals(sequences.size(), CtfTraceReader.open(recovered).count());
        // the ring as left holds every packet a snapshot at that moment writes (and the oldest, which the snapshot's
        // switch reuses): recovery orders the ring by the packet_seq_num each switch stored
        assertTrue(sequences.get(0) <= snapshot.get(0), "recovered from " + sequences.get(0) + ", the snapshot from "
                + snapshot.get(0));
    }

    @Test
    void recoveryRepairsAPacketCutShort() throws Exception {
        Path trace = dir.resolve("cut");
        try (Session session = sessions.start(trace, Map.of("streams", "1", "subbuffer-size", "4096", "subbuffer-count", "64"), "ctftest.shop:tick")) {
            for (int i = 0; i < 1_000; i++) {
                SHOP.tick(0, i);
            }
        }
        Path stream = trace.resolve("stream_0");
        long size = Files.size(stream);
        try (FileChannel channel = FileChannel.open(stream, StandardOpenOption.WRITE)) {
            channel.truncate(size - 30); // the last packet loses its last event and a half
        }
        long readable = CtfTraceReader.open(trace).count();
        assertTrue(readable < 1_000 && readable > 900, "the reader reads the events that fit: " + readable);

        // closed cleanly: its state file stays true after the repair (no line about it, kept in place)
        List<String> report = CtfRecover.recover(trace);
        assertTrue(Files.isRegularFile(trace.resolve(".waymark/state")), "a clean trace's state file is kept");
        assertTrue(report.get(0).startsWith("stream_0: repaired the packet at offset "), report::toString);
        assertTrue(report.get(report.size() - 1).startsWith("stream_0: kept "), report::toString);
        List<Long> sequences = sequences(Babeltrace.events(trace));
        assertEquals(readable, sequences.size());
        for (int i = 0; i < sequences.size(); i++) {
            assertEquals(i, sequences.get(i));
        }
        assertEquals(List.of(), CtfRecover.recover(trace), "a repaired trace needs nothing more");
    }

    static List<Long> sequences(List<String> lines) {
        List<Long> sequences = new ArrayList<>();
        for (String line : lines) {
            Matcher m = SEQUENCE.matcher(line);
            if (m.find()) {
                sequences.add(Long.parseLong(m.group(1)));
            }
        }
        return sequences;
    }
}
