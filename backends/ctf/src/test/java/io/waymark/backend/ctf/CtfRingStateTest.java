package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.backend.ctf.internal.StateFile;
import io.waymark.core.Session;
import io.waymark.ctftest.ShopEvents;
import io.waymark.spi.DiscardReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overwrite mode keeps its ring files' state block current while it records (a shared background thread writes it
 * every 100 ms), so that the recovery of a crashed ring carries the discards counted before the crash, as a
 * discard-mode trace's does.
 */
class CtfRingStateTest {

    private static final ShopEvents SHOP = Waymark.provider(ShopEvents.class);

    @TempDir
    Path dir;

    private final Sessions sessions = new Sessions();

    @AfterEach
    void close() {
        sessions.close();
    }

    @Test
    void aCrashedRingsRecoveryCarriesTheDiscardsCountedWhileItRecorded() throws Exception {
        Path trace = dir.resolve("ring");
        Session session = sessions.start(trace, Map.of("mode", "overwrite", "streams", "1", "subbuffer-size", "4096",
                "subbuffer-count", "4"), "ctftest.shop:orderPlaced");
        for (int i = 0; i < 10; i++) {
            SHOP.orderPlaced(i, 0, "sku-" + i);
        }
        String tooLarge = "S".repeat(5000); // larger than a 4 KiB packet: discarded as EVENT_TOO_LARGE
        for (int i = 0; i < 3; i++) {
            SHOP.orderPlaced(100 + i, 0, tooLarge);
        }
        assertEquals(3, session.statistics().discarded(DiscardReason.EVENT_TOO_LARGE));

        // while the session records: the state block gets the discards (and the ring's position) within 100 ms
        long inState = 0;
        StateFile.StreamState block = null;
        for (long deadline = System.nanoTime() + 5_000_000_000L; inState != 3 && System.nanoTime() - deadline < 0; Thread.sleep(10)) {
            block = StateFile.read(trace).streams().get(0);
            inState = block.discardedTotal();
        }
        assertEquals(3, inState, "the ring's state block's discards while recording: " + block);
        assertEquals(Map.of(DiscardReason.EVENT_TOO_LARGE, 3L), block.discarded());
        assertTrue(block.head() != 0 && block.updatedAt() != 0, block::toString);

        // a crash now: the ring files and the state file as they are (what the page cache keeps of a killed process)
        Path crashed = dir.resolve("crashed");
        copy(trace, crashed);
        CtfRecovery.recover(crashed, CtfRecovery.Options.beside());
        Path recovered = dir.resolve("crashed.recovered");
        CtfTraceReader reader = CtfTraceReader.open(recovered);
        List<Long> numbers = new java.util.ArrayList<>();
        reader.forEach(e -> numbers.add(e.getLong(0)));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), numbers);
        assertEquals(3, reader.discardedEvents(), "the recovered trace's discarded count");
        List<String> printed = Babeltrace.read(recovered); // exit 0 or the test fails
        assertEquals(10, printed.stream().filter(line -> line.contains("orderPlaced")).count(), () -> String.join("\n", printed));
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
