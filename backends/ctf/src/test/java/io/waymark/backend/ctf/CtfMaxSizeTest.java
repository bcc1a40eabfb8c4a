package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.backend.ctf.internal.StateFile;
import io.waymark.core.Session;
import io.waymark.core.SessionStatistics;
import io.waymark.ctftest.ShopEvents;
import io.waymark.spi.DiscardReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code max-size} bounds a discard-mode trace: each stream file stops at its share, in whole packets, the events
 * that find it full are discarded as {@link DiscardReason#SIZE_LIMIT} (in the session's statistics and in the
 * trace's discarded count), and the trace stays readable by babeltrace2.
 */
class CtfMaxSizeTest {

    private static final ShopEvents SHOP = Waymark.provider(ShopEvents.class);
    private static final int S = 4096;

    @TempDir
    Path dir;

    private final Sessions sessions = new Sessions();

    @AfterEach
    void close() {
        sessions.close();
    }

    /**
     * Two threads emit in batches, each batch flushed (every packet finalized, none waiting): the ring never fills, so
     * every discard is the limit's. Each stream file ends with exactly its share's packets (the last one only carrying
     * the discard count), events emitted after the limit, between the last flush and close, are counted too.
     */
    @Test
    void aTraceStopsAtItsMaxSizeCountsWhatItDiscardsThereAndStaysReadable() throws Exception {
        Path trace = dir.resolve("bounded");
        int perStream = 8; // packets each stream file may hold: 2 streams × 8 × 4 KiB, 7 of them for records
        long maxSize = 2L * perStream * S + S - 1; // not a whole number of packets per stream: rounded down
        int threads = 2;
        int batches = 24; // a flush per batch switches to a new packet per stream (the 7th seals the last): more batches than packets
        int batch = 50; // tick records are about 30 bytes: 50 fit in a 4 KiB packet, far fewer than the ring holds
        Session session = sessions.start(trace, Map.of("streams", "2", "subbuffer-size", Integer.toString(S),
                "subbuffer-count", "4", "max-size", Long.toString(maxSize)), "ctftest.shop:tick");
        CtfBackend backend = Sessions.backend(session);
        long[] next = new long[threads];
        java.util.concurrent.ExecutorService[] emitters = new java.util.concurrent.ExecutorService[threads];
        try {
            for (int t = 0; t < threads; t++) {
                emitters[t] = java.util.concurrent.Executors.newSingleThreadExecutor(); // one thread each: one writer, one home stream
            }
            for (int round = 0; round <= batches; round++) {
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    emitters[t].submit(() -> {
                        for (int i = 0; i < batch; i++) {
                            SHOP.tick(id, next[id]++);
                        }
                    }).get();
                }
                if (round < batches) {
                    backend.flush(); // the last round is emitted after the last flush: close must count it too
                }
            }
            // no packet moves any more, only discards: the background thread still writes them into the state file
            // (within ~100 ms), for a recovery after a crash
            long discarded = session.statistics().discarded(DiscardReason.SIZE_LIMIT);
            long inState = 0;
            for (long deadline = System.nanoTime() + 5_000_000_000L; System.nanoTime() - deadline < 0; Thread.sleep(20)) {
                inState = StateFile.read(trace).streams().stream()
                        .mapToLong(s -> s.discarded().getOrDefault(DiscardReason.SIZE_LIMIT, 0L)).sum();
                if (inState == discarded) {
                    break;
                }
            }
            assertEquals(discarded, inState, "the state file has the discards made after the last packet moved");
        } finally {
            for (var emitter : emitters) {
                if (emitter != null) {
                    emitter.shutdown();
                }
            }
            session.close();
        }
        SessionStatistics statistics = session.statistics();
        long emitted = (long) threads * batch * (batches + 1);
        assertEquals(emitted, statistics.recordedEvents() + statistics.discardedEvents(), "recorded + discarded = emitted");
        assertEquals(0, statistics.discarded(DiscardReason.BUFFER_FULL), () -> "flushed batches never fill the ring: " + statistics);
        assertEquals(statistics.discardedEvents(), statistics.discarded(DiscardReason.SIZE_LIMIT),
                () -> "every discard is the limit's: " + statistics);
        assertTrue(statistics.discarded(DiscardReason.SIZE_LIMIT) >= threads * batch, () -> "the limit discarded: " + statistics);
        List<Path> streams;
        try (var files = Files.list(trace)) {
            streams = files.filter(p -> p.getFileName().toString().startsWith("stream_")).sorted().toList();
        }
        assertEquals(2, streams.size(), "two emitting threads, given home streams round-robin: both stream files");
        for (Path stream : streams) {
            long size = Files.size(stream);
            assertTrue(size > (long) (perStream - 1) * S && size <= (long) perStream * S, stream.getFileName() + " holds "
                    + size + " bytes: its last packet, the discard count's, must start at " + (perStream - 1) * S
                    + " and the file must not pass its share, " + perStream * S);
        }
        CtfTraceReader reader = CtfTraceReader.open(trace);
        assertEquals(List.of(), reader.skippedPackets());
        assertEquals(statistics.recordedEvents(), reader.count(), "the trace holds what the session recorded");
        assertEquals(statistics.discardedEvents(), reader.discardedEvents(), "the trace's discarded count is the session's");
        assertEquals(reader.count(), Babeltrace.events(trace).size(), "babeltrace2 reads every recorded event");
    }

    @Test
    void maxSizeIsValidatedWithTheRemedy() {
        Map<String, String> base = Map.of("directory", dir.resolve("x").toString(), "streams", "2",
                "subbuffer-size", Integer.toString(S), "subbuffer-count", "4");
        IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
                () -> CtfSettings.parse("s", with(base, "max-size", "16k")));
        assertTrue(tooSmall.getMessage().contains("'max-size' is '16k' (16384 bytes), less than the streams need: 40960 bytes "
                + "('streams' 2 × ('subbuffer-count' 4 + 1 for the final discard count) × 'subbuffer-size' 4096); raise it to "
                + "at least 40960"), tooSmall::getMessage);
        IllegalArgumentException rounded = assertThrows(IllegalArgumentException.class,
                () -> CtfSettings.parse("s", with(with(base, "subbuffer-count", "5"), "max-size", "40k")));
        assertTrue(rounded.getMessage().contains("('subbuffer-count' 5, rounded up to 8 + 1"), rounded::getMessage);
        IllegalArgumentException garbled = assertThrows(IllegalArgumentException.class,
                () -> CtfSettings.parse("s", with(base, "max-size", "12 parsecs")));
        assertTrue(garbled.getMessage().contains("use a number of bytes with an optional suffix k, m or g"), garbled::getMessage);
        IllegalArgumentException overwrite = assertThrows(IllegalArgumentException.class,
                () -> CtfSettings.parse("s", with(with(base, "mode", "overwrite"), "max-size", "1g")));
        assertTrue(overwrite.getMessage().contains("'max-size' applies to discard mode"), overwrite::getMessage);

        assertEquals(Long.MAX_VALUE, CtfSettings.parse("s", base).packetsPerStream(), "unset: no bound");
        assertEquals(Long.MAX_VALUE, CtfSettings.parse("s", with(base, "max-size", "0")).packetsPerStream(), "0: no bound");
        assertEquals((1L << 30) / 2 / S, CtfSettings.parse("s", with(base, "max-size", "1G")).packetsPerStream());
        assertEquals(8, CtfSettings.parse("s", with(base, "max-size", "65536")).packetsPerStream());
        assertEquals(5, CtfSettings.parse("s", with(base, "max-size", "40k")).packetsPerStream(), "the least: 4 + 1 per stream");
        assertEquals(-1, CtfSettings.byteSize("99999999999999999g"), "overflow refused");
        assertEquals(-1, CtfSettings.byteSize("-5m"));
        assertEquals(5L << 20, CtfSettings.byteSize("5m"));
        assertEquals(5L << 20, CtfSettings.byteSize("5 MiB"));
        assertEquals(2L << 30, CtfSettings.byteSize("2GB"));
        assertEquals(512, CtfSettings.byteSize("512b"));
        assertEquals(-1, CtfSettings.byteSize("1 000k"));
        assertEquals(-1, CtfSettings.byteSize("5t"));
        assertEquals(-1, CtfSettings.byteSize(""));
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        var copy = new java.util.HashMap<>(base);
        copy.put(key, value);
        return copy;
    }
}
