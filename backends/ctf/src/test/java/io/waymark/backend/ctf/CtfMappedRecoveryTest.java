package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.backend.ctf.MappedTraceBuilder.PacketLayout;
import io.waymark.backend.ctf.MappedTraceBuilder.StreamFile;
import io.waymark.backend.ctf.MappedTraceBuilder.Tick;
import io.waymark.backend.ctf.internal.CtfLayout;
import io.waymark.backend.ctf.internal.Packets;
import io.waymark.backend.ctf.internal.StateFile;
import io.waymark.spi.DiscardReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery of traces in the mapped stream format (packets at fixed offsets, a {@code .waymark/state}
 * file), laid out by hand ({@link MappedTraceBuilder}) as a crash leaves them: every recovered trace is
 * read by babeltrace2 and {@link CtfTraceReader}, which must deliver exactly the whole records, in order,
 * nothing invented.
 */
class CtfMappedRecoveryTest {

    static final int S = 4096;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    static Path recorded;
    static List<Tick> ticks;

    @BeforeAll
    static void record() throws Exception {
        recorded = RecordedTrace.record(shared.resolve("recorded"), 200);
        ticks = MappedTraceBuilder.ticks(recorded);
    }

    /** Tick {@code i} of the recording. */
    static Tick t(int i) {
        return ticks.get(i);
    }

    private MappedTraceBuilder trace(String name) throws Exception {
        return new MappedTraceBuilder(recorded, dir.resolve(name), S);
    }

    /** Recovers {@code trace} beside it and returns the recovered directory (asserting something changed). */
    static Path recover(Path trace) throws Exception {
        Path out = trace.resolveSibling(trace.getFileName() + ".recovered");
        CtfRecovery.Result result = CtfRecovery.recover(trace, CtfRecovery.Options.beside().withOutput(out));
        assertTrue(result.changed(), "an unfinished trace needs recovery");
        assertFalse(Files.exists(StateFile.path(out)), "the packed trace has no state file");
        return out;
    }

    /** The events as CtfTraceReader reads them, in its order, as babeltrace2's field text; no packet skipped. */
    static List<String> read(Path trace) throws Exception {
        CtfTraceReader reader = CtfTraceReader.open(trace);
        List<String> events = new ArrayList<>();
        reader.forEach(e -> events.add("thread = " + e.getInt(0) + ", sequence = " + e.getLong(1)));
        assertEquals(List.of(), reader.skippedPackets(), "the recovered trace reads without skipping");
        return events;
    }

    /** Asserts both readers deliver exactly {@code expected}, in order. */
    static void assertEvents(Path trace, List<Tick> expected) throws Exception {
        List<String> texts = expected.stream().map(Tick::text).toList();
        assertEquals(texts, read(trace), "CtfTraceReader");
        Assumptions.assumeTrue(Babeltrace.available(), "babeltrace2 is not installed (.ci/run installs it)");
        List<String> lines = Babeltrace.events(trace);
        assertEquals(texts.size(), lines.size(), () -> String.join("\n", lines));
        for (int i = 0; i < texts.size(); i++) {
            assertTrue(lines.get(i).contains(texts.get(i)), "event " + i + ": " + lines.get(i) + ", expected " + texts.get(i));
        }
    }

    @Test
    void aCleanTraceNeedsNothing() throws Exception {
        MappedTraceBuilder b = trace("clean");
        StreamFile s = b.stream();
        s.packet().whole(t(0)).whole(t(1)).finalized(0);
        s.packet().whole(t(2)).finalized(0);
        Path trace = b.write();
        CtfRecovery.Result result = CtfRecovery.recover(trace, CtfRecovery.Options.beside());
        assertEquals(List.of(), result.changes());
        assertEvents(trace, List.of(t(0), t(1), t(2)));
    }

    @Test
    void anUnfinalizedLastPacketIsCutToItsWholeRecords() throws Exception {
        MappedTraceBuilder b = trace("unfinalized");
        StreamFile s = b.stream();
        s.packet().whole(t(0)).whole(t(1)).finalized(0);
        s.packet().whole(t(2)).whole(t(3)).whole(t(4));
        Path out = recover(b.write());
        assertEvents(out, List.of(t(0), t(1), t(2), t(3), t(4)));
        byte[] stream = Files.readAllBytes(out.resolve("stream_0"));
        int second = S; // the finalized packet is copied as it is (packet_size = S)
        int content = CtfLayout.PACKET_HEADER_SIZE + 3 * t(2).event().length;
        assertEquals(second + content, stream.length, "packed: packet_size = content_size, no trailing zeros");
        assertEquals(content * 8L, Packets.u64(stream, second + CtfLayout.CONTENT_SIZE_OFFSET));
        assertEquals(content * 8L, Packets.u64(stream, second + CtfLayout.PACKET_SIZE_OFFSET));
        assertEquals(1, Packets.u64(stream, second + CtfLayout.SEQ_NUM_OFFSET));
        assertTrue(Packets.u64(stream, second + CtfLayout.TIMESTAMP_BEGIN_OFFSET)
                <= Packets.u64(stream, second + CtfLayout.PACKET_HEADER_SIZE + CtfLayout.EVENT_TIMESTAMP_OFFSET));
    }

    @Test
    void aRecordWithTimestampZeroIsSkippedAndTheRecordsAfterItKept() throws Exception {
        MappedTraceBuilder b = trace("zero-ts");
        b.stream().packet().whole(t(0)).unstamped(t(1)).whole(t(2)).whole(t(3));
        assertEvents(recover(b.write()), List.of(t(0), t(2), t(3)));
    }

    @Test
    void zerosMidPacketAreSkipped() throws Exception {
        MappedTraceBuilder b = trace("hole");
        b.stream().packet().whole(t(0)).hole(t(1)).whole(t(2)).hole(t(3)).hole(t(4)).whole(t(5)).whole(t(6));
        assertEvents(recover(b.write()), List.of(t(0), t(2), t(5), t(6)));
    }

    @Test
    void tornAndInProgressCopiesAreSkipped() throws Exception {
        MappedTraceBuilder b = trace("torn");
        b.stream().packet().whole(t(0)).torn(t(1), 10).whole(t(2)).torn(t(3), 30).whole(t(4)).inProgress(t(5))
                .whole(t(6)).torn(t(7), 2).whole(t(8)).whole(t(9)).torn(t(10), 20);
        assertEvents(recover(b.write()), List.of(t(0), t(2), t(4), t(6), t(8), t(9)));
    }

    @Test
    void trailingPreAllocatedZerosAreDropped() throws Exception {
        MappedTraceBuilder b = trace("zeros");
        StreamFile s = b.stream();
        s.packet().whole(t(0)).finalized(0);
        s.zeros(3);
        Path trace = b.write();
        Assumptions.assumeTrue(Babeltrace.available(), "babeltrace2 is not installed (.ci/run installs it)");
        assertTrue(Babeltrace.exitStatus(trace) != 0, "babeltrace2 refuses the trailing zeros (CtfFormatAssumptionsTest)");
        Path out = recover(trace);
        assertEquals(S, Files.size(out.resolve("stream_0")));
        assertEvents(out, List.of(t(0)));
    }

    @Test
    void aPacketReleasedButNeverWrittenIsLeftOutWithoutAGap() throws Exception {
        MappedTraceBuilder b = trace("empty");
        StreamFile s = b.stream();
        s.packet().whole(t(0)).finalized(0);
        s.packet().whole(t(1)).whole(t(2));
        s.packet(); // header only: released ahead, nothing claimed in it
        s.packet();
        s.zeros(2);
        CtfRecovery.Result dry = CtfRecovery.recover(b.write(), CtfRecovery.Options.beside().withDryRun());
        assertTrue(dry.changes().stream().anyMatch(c -> c.contains("left out the packet at offset " + 2 * S)), dry::toString);
        Path out = recover(dir.resolve("empty"));
        assertEvents(out, List.of(t(0), t(1), t(2)));
        List<String> lines = Babeltrace.read(out);
        assertTrue(lines.stream().noneMatch(l -> l.contains("discarded") || l.contains("lost")),
                () -> "no packet or event reported lost: " + lines);
    }

    @Test
    void anUnfinalizedPacketBetweenFinalizedOnesCountsAsFinalizedByItsBytes() throws Exception {
        // the state is a pass old: the keeper finalized packet 1 after its last write of the state
        MappedTraceBuilder b = trace("stale-state");
        StreamFile s = b.stream();
        s.packet().whole(t(0)).finalized(0);
        s.packet().whole(t(1)).whole(t(2)).finalized(0);
        s.packet().whole(t(3)).unstamped(t(4));
        s.stateFinalized(1);
        assertEvents(recover(b.write()), List.of(t(0), t(1), t(2), t(3)));
    }

    @Test
    void discardsFromTheStateReachTheTrace() throws Exception {
        MappedTraceBuilder b = trace("discards");
        StreamFile s = b.stream();
        s.packet().whole(t(0)).finalized(2);
        s.packet().whole(t(1));
        s.discarded(DiscardReason.BUFFER_FULL, 5).discarded(DiscardReason.WRITE_FAILED, 2);
        Path out = recover(b.write());
        assertEvents(out, List.of(t(0), t(1)));
        assertEquals(7, CtfTraceReader.open(out).discardedEvents(), "the state's total, never below a packet's");

        MappedTraceBuilder late = trace("late-discards");
        late.stream().packet().whole(t(0)).finalized(0).stream.discarded(DiscardReason.BUFFER_FULL, 4).zeros(1);
        Path lateOut = recover(late.write());
        assertEvents(lateOut, List.of(t(0)));
        assertEquals(4, CtfTraceReader.open(lateOut).discardedEvents(), "an empty last packet carries them");
    }

    @Test
    void twoStreamsAreRecoveredEachOnItsOwn() throws Exception {
        MappedTraceBuilder b = trace("two");
        StreamFile s0 = b.stream();
        StreamFile s1 = b.stream();
        s0.packet().whole(t(0)).finalized(0);
        s1.packet().whole(t(200)).hole(t(201)).whole(t(202));
        s0.packet().whole(t(1)).unstamped(t(2));
        s0.zeros(1);
        assertEvents(recover(b.write()), List.of(t(0), t(200), t(202), t(1)));
    }

    @Test
    void inPlaceRecoveryRemovesTheStateAndASecondOneFindsNothing() throws Exception {
        MappedTraceBuilder b = trace("in-place");
        b.stream().packet().whole(t(0)).hole(t(1)).whole(t(2)).stream.zeros(2);
        Path trace = b.write();
        List<String> changes = CtfRecover.recover(trace);
        assertTrue(changes.stream().anyMatch(c -> c.startsWith(".waymark/state: not kept")), changes::toString);
        assertFalse(Files.exists(StateFile.path(trace)));
        assertEvents(trace, List.of(t(0), t(2)));
        assertEquals(List.of(), CtfRecover.recover(trace));
    }

    /**
     * A cleanly closed trace damaged afterwards (a copy cut short): every packet was final, so the repair is the
     * reader's, and the state file stays true: kept in place, copied beside, and no line about it.
     */
    @Test
    void aCleanTraceDamagedAfterItsCloseKeepsItsStateFile() throws Exception {
        for (boolean inPlace : new boolean[] {false, true}) {
            Path trace = dir.resolve("clean-" + inPlace);
            try (java.util.stream.Stream<Path> files = Files.walk(recorded)) {
                for (Path file : files.toList()) {
                    Files.copy(file, trace.resolve(recorded.relativize(file).toString()));
                }
            }
            assertTrue(StateFile.read(trace, CtfTraceReader.open(trace).uuid()).clean(), "the session closed it cleanly");
            Path stream = trace.resolve("stream_0");
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(stream,
                    java.nio.file.StandardOpenOption.WRITE)) {
                channel.truncate(Files.size(stream) - 30);
            }
            CtfRecovery.Options options = inPlace ? CtfRecovery.Options.beside().withInPlace() : CtfRecovery.Options.beside();
            CtfRecovery.Result result = CtfRecovery.recover(trace, options);
            assertTrue(result.changed());
            assertTrue(result.changes().stream().noneMatch(c -> c.startsWith(".waymark/")), result.changes()::toString);
            Path out = result.output();
            assertTrue(StateFile.read(out, CtfTraceReader.open(out).uuid()).clean(), "kept " + (inPlace ? "in place" : "beside"));
            assertEquals(List.of(), CtfRecovery.recover(out, CtfRecovery.Options.beside().withDryRun()).changes(),
                    "a repaired trace needs nothing more");
            assertEquals(List.of(), CtfTraceReader.open(out).skippedPackets());
        }
    }

    private Path withStatePatch(String name, int offset, byte[] patch) throws Exception {
        MappedTraceBuilder b = trace(name);
        b.stream().packet().whole(t(0));
        Path trace = b.write();
        byte[] state = Files.readAllBytes(StateFile.path(trace));
        System.arraycopy(patch, 0, state, offset, patch.length);
        Files.write(StateFile.path(trace), state);
        return trace;
    }

    @Test
    void aStateFileThisWaymarkCannotReadIsRefusedNamingTheField() throws Exception {
        for (Object[] c : new Object[][] {{0, new byte[] {'X'}, "magic"}, {10, new byte[] {7, 0}, "layout major version 7"},
                {8, new byte[] {(byte) 0xFE, (byte) 0xFF}, "big-endian"}, {30, new byte[] {9, 9}, "trace uuid"}}) {
            Path trace = withStatePatch("bad-" + c[0], (int) c[0], (byte[]) c[1]);
            CtfFormatException e = assertThrows(CtfFormatException.class,
                    () -> CtfRecovery.recover(trace, CtfRecovery.Options.beside()));
            assertTrue(e.getMessage().contains((String) c[2]), e::getMessage);
            assertTrue(e.getMessage().contains(".waymark/state"), e::getMessage);
            assertFalse(Files.exists(trace.resolveSibling(trace.getFileName() + ".recovered")), "nothing written");
        }
    }

    @Test
    void aPacketOfAnotherStreamOrSequenceIsDroppedNotRead() throws Exception {
        MappedTraceBuilder b = trace("foreign");
        StreamFile s = b.stream();
        s.packet().whole(t(0)).finalized(0);
        PacketLayout moved = s.packet().whole(t(1));
        Packets.putU64(moved.array(), CtfLayout.SEQ_NUM_OFFSET, 7);
        s.packet().whole(t(2));
        Path trace = b.write();
        CtfRecovery.Result dry = CtfRecovery.recover(trace, CtfRecovery.Options.beside().withDryRun());
        assertTrue(dry.changes().stream().anyMatch(c -> c.contains("packet_seq_num 7 at the place of sequence 1")),
                dry::toString);
        assertEvents(recover(trace), List.of(t(0), t(2)));
    }

    @Test
    void anOverwriteRingIsReadInSequenceOrderAndItsOlderGenerationLeftOut() throws Exception {
        MappedTraceBuilder b = trace("ring").overwrite();
        StreamFile s = b.stream();
        long before = CtfMappedRecoveryTest.firstTimestamp(); // older than anything laid out below
        s.ringPacket(1, 5).whole(t(10)).whole(t(11));
        s.ringPacket(2, 6).whole(t(12)).unstamped(t(13)).whole(t(14));
        // slot 0 wrapped: sequence 7 overwrote sequence 4, whose later records are still there
        s.ringPacket(0, 7).whole(t(15)).hole(t(16)).whole(t(17)).olderGeneration(List.of(t(1), t(2), t(3)), before);
        assertEvents(recover(b.write()), List.of(t(10), t(11), t(12), t(14), t(15), t(17)));
    }

    static long firstTimestamp() {
        return java.nio.ByteBuffer.wrap(t(0).event()).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getLong(CtfLayout.EVENT_TIMESTAMP_OFFSET) - 1_000_000;
    }

    @Test
    void aPacketThatChangesBetweenPlanAndWriteIsRefusedNotMisread() throws Exception {
        // the plan keeps no packet bytes (memory does not grow with the trace): the write scans again, and must agree
        MappedTraceBuilder b = trace("changing");
        b.stream().packet().whole(t(0)).whole(t(1)).whole(t(2));
        Path trace = b.write();
        CtfRecovery.Plan plan = CtfRecovery.plan(io.waymark.backend.ctf.internal.TraceSource.directory(trace));
        CtfRecovery.Piece piece = plan.streams().get(0).pieces().get(0);
        assertTrue(piece.bytes() == null && piece.recut() != null, "the plan holds what the context gets, not the bytes");
        byte[] stream = Files.readAllBytes(trace.resolve("stream_0"));
        Packets.putU64(stream, CtfLayout.PACKET_HEADER_SIZE + 2 * t(0).event().length + CtfLayout.EVENT_TIMESTAMP_OFFSET, 0);
        Files.write(trace.resolve("stream_0"), stream);
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> CtfRecovery.write(
                io.waymark.backend.ctf.internal.TraceSource.directory(trace), plan.streams().get(0),
                java.nio.channels.Channels.newChannel(new java.io.ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("changed while recovered"), e::getMessage);
    }

    @Test
    void aTraceTheBackendClosedCleanlyIsIntact() throws Exception {
        Path trace = RecordedTrace.record(dir.resolve("closed"), 300);
        StateFile.State state = StateFile.read(trace);
        assertTrue(state != null && state.clean(), "the backend leaves a state file marked clean");
        assertEquals(List.of(), CtfRecovery.recover(trace, CtfRecovery.Options.beside().withDryRun()).changes());
        assertEquals(600, CtfTraceReader.open(trace).count());
    }
}
