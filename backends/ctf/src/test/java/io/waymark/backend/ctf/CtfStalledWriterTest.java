package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.backend.ctf.internal.Stream;
import io.waymark.spi.BackendContext;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.DiscardReason;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer that claims room and never commits (its thread died between the two) holds its sub-buffer back
 * for good: closing gives it up after the close timeout, counts the events committed into it as
 * {@code WRITER_STALLED}, and writes the sub-buffers taken after it, so that recorded + discarded accounts
 * for every event that was committed.
 */
class CtfStalledWriterTest {

    @TempDir
    Path dir;

    @Test
    void closingGivesUpAStalledSubBufferCountsItsEventsAndWritesTheOthers() throws Exception {
        String previous = System.getProperty("waymark.ctf.closeTimeoutMillis");
        Path trace = dir.resolve("trace");
        System.setProperty("waymark.ctf.closeTimeoutMillis", "500"); // read when the backend is made
        CtfBackend backend;
        try {
            backend = new CtfBackendFactory().create(new BackendContext("stalled", ClockAnchor.now(), Map.of(
                "directory", trace.toString(), "streams", "1", "subbuffer-size", "4096", "subbuffer-count", "4",
                "flush-interval-ms", "0")));
        } finally {
            if (previous == null) {
                System.clearProperty("waymark.ctf.closeTimeoutMillis");
            } else {
                System.setProperty("waymark.ctf.closeTimeoutMillis", previous);
            }
        }
        Field field = CtfBackend.class.getDeclaredField("streams");
        field.setAccessible(true);
        Stream stream = ((Stream[]) field.get(backend))[0];
        byte[] record = new byte[4 + 64];
        long committed = 0;
        stream.claim(record, 4, 64); // never committed: the writer's thread "died" here, in sub-buffer 0
        while ((stream.head() >>> 32) < 2) { // the rest of sub-buffer 0, all of 1, and a little of 2
            if (stream.append(record, 4, 64)) {
                committed++;
            }
        }
        for (int i = 0; i < 5; i++) {
            if (stream.append(record, 4, 64)) {
                committed++;
            }
        }
        backend.close(); // waits the close timeout (500 ms here) for the stalled writer
        long stalled = backend.discardedEvents(DiscardReason.WRITER_STALLED);
        long recorded = backend.recordedEvents();
        assertEquals(committed + 1, recorded + stalled, "recorded " + recorded + " + stalled " + stalled + " = emitted");
        assertEquals((4096 - 80) / 64, stalled, "sub-buffer 0's events: the committed ones and the stalled writer's own");
        // the records are bare bytes (no declared event class), so the packets are checked by size: sub-buffers 1
        // and 2 are in the stream file, headers and records, after the gap where sub-buffer 0 was given up
        long packets = java.nio.file.Files.size(trace.resolve("stream_0"));
        assertTrue(packets >= 2 * 80 + recorded * 64, "stream_0 holds the packets after the stalled one: " + packets + " bytes");
        assertEquals(stalled, CtfTraceReader.open(trace).discardedEvents(), "and the trace counts the stalled events");
    }

    /**
     * The review's C1: a writer that claimed the only record of the last sub-buffer, paused past a short close
     * timeout, then resumed. Closing must not cut (or delete) the stream file under its mapped, claimed bytes:
     * the store would raise SIGBUS, an {@link InternalError} in the application thread.
     */
    @Test
    void aStalledWriterResumingAfterCloseStoresIntoItsFileNotPastItsEnd() throws Exception {
        String previous = System.getProperty("waymark.ctf.closeTimeoutMillis");
        Path trace = dir.resolve("resumed");
        System.setProperty("waymark.ctf.closeTimeoutMillis", "20");
        CtfBackend backend;
        try {
            backend = new CtfBackendFactory().create(new BackendContext("resumed", ClockAnchor.now(), Map.of(
                    "directory", trace.toString(), "stripes", "1", "subbuffer-size", "4096", "subbuffer-count", "4",
                    "flush-interval-ms", "0")));
        } finally {
            if (previous == null) {
                System.clearProperty("waymark.ctf.closeTimeoutMillis");
            } else {
                System.setProperty("waymark.ctf.closeTimeoutMillis", previous);
            }
        }
        Field field = CtfBackend.class.getDeclaredField("streams");
        field.setAccessible(true);
        Stream stream = ((Stream[]) field.get(backend))[0];
        byte[] record = new byte[4 + 64];
        long at = stream.claim(record, 4, 64); // the writer pauses here, in sub-buffer 0, its only record
        assertTrue(at >= 0);
        backend.close(); // gives the writer up after 20 ms
        Throwable failure = null;
        try {
            stream.commit(at, record, 4, 64); // the writer resumes: its store goes into its still-mapped page
            for (int i = 0; i < 1000; i++) {
                stream.append(record, 4, 64); // late (closed); a SIGBUS is delivered asynchronously: give it time
            }
        } catch (Throwable t) {
            failure = t;
        }
        assertEquals(null, failure, "the resumed writer's store faulted: the file was cut under its mapped page");
        assertTrue(java.nio.file.Files.exists(trace.resolve("stream_0")), "the stream file was kept under the stalled writer");
        // readable (an empty packet where the writer was given up), and the writer's event counted there
        assertEquals(1, CtfTraceReader.open(trace).discardedEvents());
        assertEquals(0, backend.recordedEvents());
        assertEquals(1, backend.discardedEvents(DiscardReason.WRITER_STALLED), "the stalled writer's own event");
    }
}
