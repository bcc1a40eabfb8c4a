package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.backend.ctf.internal.Stream;
import io.waymark.spi.BackendContext;
import io.waymark.spi.ClockAnchor;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session's background thread must not sleep through a sub-buffer that became complete after it last
 * looked: a writer descheduled between claim and commit completes its sub-buffer later, and a commit wakes
 * nobody; once the ring is full, the writers that find it so wake the thread. Without that, the stream
 * discarded every event for the thread's whole sleep (100 ms) although its buffers could have been freed.
 */
class CtfKeeperWakeUpTest {

    @TempDir
    Path dir;

    @Test
    void aFullRingWakesTheKeeperWhenTheSubBufferHeldBackByALateCommitIsComplete() throws Exception {
        long best = Long.MAX_VALUE;
        for (int trial = 0; trial < 3; trial++) { // the best of three: a loaded machine may delay one trial's thread
            best = Math.min(best, discardingMillisAfterTheLateCommit(dir.resolve("t" + trial)));
        }
        assertTrue(best < 60, "the stream discarded for " + best + " ms after the late commit (the keeper sleeps 100 ms)");
    }

    /** How long a full two-sub-buffer stream keeps refusing events after a late commit completes its first sub-buffer. */
    private static long discardingMillisAfterTheLateCommit(Path trace) throws Exception {
        CtfBackend backend = new CtfBackendFactory().create(new BackendContext("wake-up", ClockAnchor.now(), Map.of(
                "directory", trace.toString(), "streams", "1", "subbuffer-size", "4096", "subbuffer-count", "2",
                "flush-interval-ms", "0")));
        try {
            Field field = CtfBackend.class.getDeclaredField("streams");
            field.setAccessible(true);
            Stream stream = ((Stream[]) field.get(backend))[0];
            byte[] record = new byte[4 + 64];
            long parked = stream.claim(record, 4, 64); // a writer descheduled between claim and commit, in sub-buffer 0
            while ((stream.head() >>> 32) < 1) {
                stream.append(record, 4, 64); // fills sub-buffer 0: the switch to 1 wakes the keeper, which finds 0 incomplete
            }
            Thread.sleep(10); // the keeper looked and sleeps
            while (stream.append(record, 4, 64)) {
                // fill sub-buffer 1 until the ring is full (0 is still held back)
            }
            stream.commit(parked, record, 4, 64); // completes sub-buffer 0: a commit wakes nobody
            long start = System.nanoTime();
            while (!stream.append(record, 4, 64)) { // each refused append finds the ring full
                if (System.nanoTime() - start > 2_000_000_000L) {
                    break;
                }
                Thread.onSpinWait();
            }
            return (System.nanoTime() - start) / 1_000_000;
        } finally {
            backend.close();
        }
    }
}
