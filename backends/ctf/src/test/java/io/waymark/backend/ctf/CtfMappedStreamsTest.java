package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.backend.ctf.internal.CtfLayout;
import io.waymark.backend.ctf.internal.DiskCheck;
import io.waymark.backend.ctf.internal.MappedWindows;
import io.waymark.ctftest.ShopEvents;
import io.waymark.Waymark;
import io.waymark.core.Session;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discard-mode stream buffers are the stream files' pages (issue 14): what a writer committed is in the file
 * (the page cache) before the background thread did anything with it, packets sit at fixed offsets
 * ({@code s × subbuffer-size}), and close cuts the files to their packets.
 */
class CtfMappedStreamsTest {

    private static final ShopEvents SHOP = Waymark.provider(ShopEvents.class);
    private static final int S = 4096;

    @TempDir
    Path dir;

    private final Sessions sessions = new Sessions();

    @AfterEach
    void close() {
        sessions.close();
    }

    /** A committed record is in the stream file at once: read through the file (not the mapping) while the session records. */
    @Test
    void aCommittedEventIsInTheStreamFileBeforeAnythingIsWritten() throws Exception {
        Path trace = dir.resolve("live");
        try (Session session = sessions.start(trace, Map.of("streams", "1", "subbuffer-size", Integer.toString(S),
                "flush-interval-ms", "0"), "ctftest.shop:*")) {
            SHOP.orderPlaced(4242, 3, "SKU-mapped");
            // no flush, no switch: the packet is not finalized, yet its bytes are the file's
            byte[] packet = new byte[S];
            try (FileChannel file = FileChannel.open(trace.resolve("stream_0"))) {
                file.read(ByteBuffer.wrap(packet), 0);
            }
            ByteBuffer b = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(CtfLayout.MAGIC, b.getInt(CtfLayout.MAGIC_OFFSET), "the packet header was written when the slot was prepared");
            assertEquals(0, b.getLong(CtfLayout.CONTENT_SIZE_OFFSET), "the packet is not finalized yet");
            assertTrue(new String(packet, java.nio.charset.StandardCharsets.ISO_8859_1).contains("SKU-mapped"),
                    "the committed record is in the file's pages");
        }
        assertEquals(1, CtfTraceReader.open(trace).count());
    }

    /** Packets at s × S, each packet_size S but the last (cut to its content at close); babeltrace2 reads them all. */
    @Test
    void packetsSitAtFixedOffsetsAndTheFileIsCutAtClose() throws Exception {
        Path trace = dir.resolve("fixed");
        int events = 2_000;
        try (Session session = sessions.start(trace, Map.of("streams", "1", "subbuffer-size", Integer.toString(S),
                "subbuffer-count", "64", "flush-interval-ms", "0", "sync", "delivered"), "ctftest.shop:tick")) {
            for (int i = 0; i < events; i++) {
                SHOP.tick(0, i);
            }
        }
        byte[] stream = Files.readAllBytes(trace.resolve("stream_0"));
        ByteBuffer b = ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN);
        int packets = (stream.length + S - 1) / S;
        assertTrue(packets > 2, "several packets: " + packets);
        for (int s = 0; s < packets; s++) {
            assertEquals(CtfLayout.MAGIC, b.getInt(s * S + CtfLayout.MAGIC_OFFSET), "packet " + s + " at " + s * S);
            assertEquals(s, b.getLong(s * S + CtfLayout.SEQ_NUM_OFFSET));
            long packetBits = b.getLong(s * S + CtfLayout.PACKET_SIZE_OFFSET);
            assertEquals(s < packets - 1 ? 8L * S : 8L * (stream.length - s * S), packetBits, "packet " + s);
        }
        // sync=delivered makes the background thread slow (one fdatasync per pass): a fast writer may find the ring
        // full, and those events are discarded and counted, in the trace too
        CtfTraceReader reader = CtfTraceReader.open(trace);
        assertEquals(events, reader.count() + reader.discardedEvents(), "recorded + discarded = emitted");
        assertEquals(List.of(), reader.skippedPackets());
        assertEquals(reader.count(), Babeltrace.events(trace).size());
    }

    @Test
    void copyOnWriteFileSystemsAreRefusedWithTheRemedy() {
        Optional<String> btrfs = DiskCheck.copyOnWrite(Path.of("/data/traces"), "btrfs");
        assertTrue(btrfs.orElseThrow().startsWith("/data/traces is on a btrfs file system, which is copy-on-write"), btrfs::get);
        assertTrue(btrfs.get().contains("'chattr +C'") && btrfs.get().contains("'filesystem-check' to 'off'"), btrfs::get);
        assertTrue(DiskCheck.copyOnWrite(Path.of("/x"), "zfs").isPresent());
        assertEquals(Optional.empty(), DiskCheck.copyOnWrite(Path.of("/x"), "ext4"));
        assertEquals(Optional.empty(), DiskCheck.copyOnWrite(Path.of("/x"), "tmpfs"));
    }

    /** Windows are unmapped deterministically: by closing their arena on JDK 22+, with invokeCleaner on 17 to 21. */
    @Test
    void windowsAreUnmappedTheWayThisJdkAllows() {
        assertEquals(Runtime.version().feature() >= 22 ? "arena" : "cleaner", MappedWindows.unmapStrategy());
        assertEquals(4 * S, MappedWindows.windowSize(S, 4 * S + 100), "a multiple of the sub-buffer size");
        assertEquals(S, MappedWindows.windowSize(S, 10), "at least one sub-buffer");
        assertEquals(1L << 30, MappedWindows.windowSize(S, 1L << 40), "at most 1 GiB");
    }
}
