package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
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

    @Test
    void aTraceStopsAtItsMaxSizeCountsWhatItDiscardsThereAndStaysReadable() throws Exception {
        Path trace = dir.resolve("bounded");
        int perStream = 8; // packets each stream file may hold: 2 streams × 8 × 4 KiB
        long maxSize = 2L * perStream * S + S - 1; // not a whole number of packets per stream: rounded down
        int threads = 2;
        int perThread = 20_000; // tick records are about 30 bytes: ~130 per packet, far more than 16 packets hold
        Session session = sessions.start(trace, Map.of("streams", "2", "subbuffer-size", Integer.toString(S),
                "subbuffer-count", "4", "max-size", Long.toString(maxSize)), "ctftest.shop:tick");
        try {
            Thread[] emitters = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int id = t;
                emitters[t] = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        SHOP.tick(id, i);
                        if (i % 64 == 0) {
                            Thread.yield(); // let the background thread release sub-buffers: the limit, not the ring, should stop us
                        }
                    }
                });
                emitters[t].start();
            }
            for (Thread emitter : emitters) {
                emitter.join();
            }
        } finally {
            session.close();
        }
        SessionStatistics statistics = session.statistics();
        long emitted = (long) threads * perThread;
        assertEquals(emitted, statistics.recordedEvents() + statistics.discardedEvents(), "recorded + discarded = emitted");
        assertTrue(statistics.discarded(DiscardReason.SIZE_LIMIT) > 0, () -> "the limit discarded events: " + statistics);
        for (int i = 0; i < 2; i++) {
            long size = Files.size(trace.resolve("stream_" + i));
            assertTrue(size <= (long) perStream * S, "stream_" + i + " holds " + size + " bytes, more than its share "
                    + perStream * S);
        }
        CtfTraceReader reader = CtfTraceReader.open(trace);
        assertEquals(List.of(), reader.skippedPackets());
        assertEquals(statistics.recordedEvents(), reader.count(), "the trace holds what the session recorded");
        assertEquals(statistics.discardedEvents(), reader.discardedEvents(), "the trace's discarded count is the session's");
        assertEquals(reader.count(), Babeltrace.events(trace).size(), "babeltrace2 reads every recorded event");
        assertTrue(reader.count() > (threads - 1) * perStream * 100L, "the streams filled up to the limit: " + reader.count());
    }

    @Test
    void maxSizeIsValidatedWithTheRemedy() {
        Map<String, String> base = Map.of("directory", dir.resolve("x").toString(), "streams", "2",
                "subbuffer-size", Integer.toString(S), "subbuffer-count", "4");
        IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
                () -> CtfSettings.parse("s", with(base, "max-size", "16k")));
        assertTrue(tooSmall.getMessage().contains("'max-size' is '16k' (16384 bytes), less than the sub-buffers the streams fill "
                + "first: 32768 bytes") && tooSmall.getMessage().contains("raise it to at least 32768"), tooSmall::getMessage);
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
        assertEquals(-1, CtfSettings.byteSize("99999999999999999g"), "overflow refused");
        assertEquals(-1, CtfSettings.byteSize("-5m"));
        assertEquals(5L << 20, CtfSettings.byteSize("5m"));
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        var copy = new java.util.HashMap<>(base);
        copy.put(key, value);
        return copy;
    }
}
