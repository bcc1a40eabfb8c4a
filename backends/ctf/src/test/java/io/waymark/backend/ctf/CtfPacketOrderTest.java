package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.backend.ctf.internal.CtfLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packets out of place in a real recorded trace (duplicated, copied into another stream, swapped, of
 * another trace) are skipped and listed by the reader, never delivered; babeltrace2 refuses these
 * traces; the recovery drops them and babeltrace2 then reads every sound event.
 */
class CtfPacketOrderTest {

    private static final int PER_THREAD = 500;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path original;

    @BeforeAll
    static void record() throws Exception {
        original = RecordedTrace.record(shared.resolve("original"), PER_THREAD);
        assertTrue(RecordedTrace.packets(original.resolve("stream_0")).size() >= 4, "several packets per stream");
        assertTrue(RecordedTrace.packets(original.resolve("stream_1")).size() >= 4, "several packets per stream");
    }

    @Test
    void theRecordedTraceIsReadWholeWithNothingSkipped() throws Exception {
        CtfTraceReader reader = CtfTraceReader.open(original);
        assertEquals(2L * PER_THREAD, reader.count());
        assertEquals(List.of(), reader.skippedPackets());
        assertEquals(2 * PER_THREAD, Babeltrace.events(original).size());
    }

    @Test
    void aDuplicatedPacketIsSkippedNotDeliveredTwice() throws Exception {
        Path trace = RecordedTrace.copy(original, dir.resolve("duplicated"));
        List<byte[]> packets = new ArrayList<>(RecordedTrace.packets(trace.resolve("stream_0")));
        packets.add(2, packets.get(1));
        RecordedTrace.write(trace.resolve("stream_0"), packets);

        assertReadsInOrder(trace, 2L * PER_THREAD);
        CtfTraceReader.Skipped skipped = onlySkipped(trace);
        assertEquals(trace.resolve("stream_0"), skipped.file());
        assertEquals(RecordedTrace.offsetOf(packets, 2), skipped.offset());
        assertEquals(packets.get(2).length, skipped.length());
        assertTrue(skipped.reason().startsWith("packet_seq_num 1 after 1"), skipped.reason());
        assertRecoveredWhole(trace, 2L * PER_THREAD);
    }

    @Test
    void aPacketCopiedIntoAnotherStreamIsSkipped() throws Exception {
        Path trace = RecordedTrace.copy(original, dir.resolve("moved"));
        List<byte[]> packets = new ArrayList<>(RecordedTrace.packets(trace.resolve("stream_0")));
        packets.add(2, RecordedTrace.packets(trace.resolve("stream_1")).get(2));
        RecordedTrace.write(trace.resolve("stream_0"), packets);

        assertReadsInOrder(trace, 2L * PER_THREAD);
        CtfTraceReader.Skipped skipped = onlySkipped(trace);
        assertEquals(RecordedTrace.offsetOf(packets, 2), skipped.offset());
        assertTrue(skipped.reason().startsWith("packet of stream 1 in the file of stream 0"), skipped.reason());
        assertRecoveredWhole(trace, 2L * PER_THREAD);
    }

    @Test
    void swappedPacketsNeverInvertTimestamps() throws Exception {
        Path trace = RecordedTrace.copy(original, dir.resolve("swapped"));
        List<byte[]> packets = new ArrayList<>(RecordedTrace.packets(trace.resolve("stream_0")));
        byte[] second = packets.get(1);
        packets.set(1, packets.get(2));
        packets.set(2, second);
        RecordedTrace.write(trace.resolve("stream_0"), packets);

        // packet 2 comes first (a gap: packet 1 lost, as babeltrace2 reads a gap), then packet 1 goes back: skipped
        long expected = 2L * PER_THREAD - RecordedTrace.events(second);
        assertReadsInOrder(trace, expected);
        CtfTraceReader.Skipped skipped = onlySkipped(trace);
        assertEquals(RecordedTrace.offsetOf(packets, 2), skipped.offset());
        assertTrue(skipped.reason().startsWith("packet_seq_num 1 after 2"), skipped.reason());
        assertRecoveredWhole(trace, expected);
    }

    @Test
    void aPacketOfAnotherTraceIsSkipped() throws Exception {
        Path trace = RecordedTrace.copy(original, dir.resolve("foreign"));
        List<byte[]> packets = new ArrayList<>(RecordedTrace.packets(trace.resolve("stream_0")));
        byte[] foreign = packets.get(1).clone();
        foreign[CtfLayout.UUID_OFFSET] ^= 1;
        packets.add(2, foreign);
        RecordedTrace.write(trace.resolve("stream_0"), packets);

        assertReadsInOrder(trace, 2L * PER_THREAD);
        CtfTraceReader.Skipped skipped = onlySkipped(trace);
        assertEquals(RecordedTrace.offsetOf(packets, 2), skipped.offset());
        assertEquals(foreign.length, skipped.length());
        assertTrue(skipped.reason().startsWith("packet of another trace"), skipped.reason());
        assertRecoveredWhole(trace, 2L * PER_THREAD);
    }

    /** Every sequence of each thread comes once, in order, with timestamps that never go back. */
    private static void assertReadsInOrder(Path trace, long expected) throws Exception {
        long[] last = {-1, -1};
        long[] previousTimestamp = {Long.MIN_VALUE};
        long[] count = {0};
        CtfTraceReader.open(trace).forEach(e -> {
            int thread = e.getInt(0);
            long sequence = e.getLong(1);
            assertTrue(sequence > last[thread], "thread " + thread + ": " + sequence + " after " + last[thread]);
            last[thread] = sequence;
            assertTrue(e.timestampNanos() >= previousTimestamp[0], "timestamps never go back");
            previousTimestamp[0] = e.timestampNanos();
            count[0]++;
        });
        assertEquals(expected, count[0]);
    }

    private static CtfTraceReader.Skipped onlySkipped(Path trace) throws Exception {
        List<CtfTraceReader.Skipped> skipped = CtfTraceReader.open(trace).skippedPackets();
        assertEquals(1, skipped.size(), skipped::toString);
        return skipped.get(0);
    }

    /** babeltrace2 refuses the trace; recovered beside it, the trace is whole for both readers. */
    private static void assertRecoveredWhole(Path trace, long expected) throws Exception {
        assertNotEquals(0, Babeltrace.exitStatus(trace), "babeltrace2 refuses the trace");
        CtfRecovery.Result result = CtfRecovery.recover(trace, CtfRecovery.Options.beside());
        assertTrue(result.changed(), result::toString);
        assertEquals(trace.resolveSibling(trace.getFileName() + ".recovered"), result.output());
        CtfTraceReader recovered = CtfTraceReader.open(result.output());
        assertEquals(List.of(), recovered.skippedPackets());
        assertEquals(expected, recovered.count());
        assertEquals(expected, Babeltrace.events(result.output()).size());
    }
}
