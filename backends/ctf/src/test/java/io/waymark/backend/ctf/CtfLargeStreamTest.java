package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.backend.ctf.internal.CtfLayout;
import io.waymark.backend.ctf.internal.PacketWalker;
import io.waymark.backend.ctf.internal.Packets;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream file above 2 GiB is read packet by packet, in a JVM whose heap (48 MiB) is a fraction of
 * it, and so is the recovery's (a dry run). The file is sparse but honest: every packet is a real recorded packet (its events shifted in
 * time, its sequence number continuing the stream) padded to the largest packet size, 64 MiB, which
 * CTF allows ({@code packet_size > content_size}); the last packets start beyond 2 GiB.
 */
class CtfLargeStreamTest {

    private static final int PACKETS = 34; // 34 x 64 MiB = 2.125 GiB

    @TempDir
    Path dir;

    @Test
    void aStreamFileAbove2GiBIsReadWithAHeapFarSmallerThanIt() throws Exception {
        Path recorded = RecordedTrace.record(dir.resolve("recorded"), 100);
        byte[] packet = RecordedTrace.packets(recorded.resolve("stream_0")).get(0);
        int events = RecordedTrace.events(packet);
        Path trace = Files.createDirectories(dir.resolve("large"));
        Files.copy(recorded.resolve("metadata"), trace.resolve("metadata"));
        long begin = Packets.u64(packet, CtfLayout.TIMESTAMP_BEGIN_OFFSET);
        long shift = Packets.u64(packet, CtfLayout.TIMESTAMP_END_OFFSET) - begin + 1;
        int tickSize = CtfLayout.EVENT_HEADER_SIZE + 4 + 8;
        try (FileChannel out = FileChannel.open(trace.resolve("stream_0"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int k = 0; k < PACKETS; k++) {
                byte[] copy = packet.clone();
                for (int offset : new int[] {CtfLayout.TIMESTAMP_BEGIN_OFFSET, CtfLayout.TIMESTAMP_END_OFFSET}) {
                    Packets.putU64(copy, offset, Packets.u64(copy, offset) + k * shift);
                }
                for (int e = CtfLayout.PACKET_HEADER_SIZE; e < copy.length; e += tickSize) {
                    int at = e + CtfLayout.EVENT_TIMESTAMP_OFFSET;
                    Packets.putU64(copy, at, Packets.u64(copy, at) + k * shift);
                }
                Packets.putU64(copy, CtfLayout.SEQ_NUM_OFFSET, k);
                Packets.putU64(copy, CtfLayout.PACKET_SIZE_OFFSET, PacketWalker.MAX_PACKET_SIZE * 8L); // padded
                out.write(ByteBuffer.wrap(copy), (long) k * PacketWalker.MAX_PACKET_SIZE);
            }
            out.write(ByteBuffer.wrap(new byte[1]), (long) PACKETS * PacketWalker.MAX_PACKET_SIZE - 1); // the last padding
        }
        assertTrue(Files.size(trace.resolve("stream_0")) > (1L << 31) + PacketWalker.MAX_PACKET_SIZE);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx48m", "-cp", System.getProperty("java.class.path"),
                LargeStreamMain.class.getName(), trace.toString()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the reader finishes");
        assertEquals(0, child.exitValue(), output);
        // every packet's events, the last two packets' beyond 2 GiB among them, in time order
        assertEquals("events " + (long) events * PACKETS + " skipped 0 last ok repairs 0", output.strip());
        assertEquals(events * PACKETS, Babeltrace.events(trace).size(), "babeltrace2 reads the same trace");
    }
}
