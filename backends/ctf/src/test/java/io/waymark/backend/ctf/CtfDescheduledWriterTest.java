package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.backend.ctf.internal.CtfLayout;
import io.waymark.backend.ctf.internal.Stream;
import io.waymark.backend.ctf.internal.StreamSink;
import io.waymark.spi.BackendContext;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.wire.RecordEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer stopped between its claim and its commit (as a thread descheduled there is) holds back only
 * the delivery of its own sub-buffer: other threads keep recording into the same stream, the background
 * thread keeps releasing the slots of the later sub-buffers, and once the writer commits everything is
 * written, its record included, in order.
 */
class CtfDescheduledWriterTest {

    private static final String PROVIDER = "ctftest.parked";
    private static final EventType NOTE = new EventType(PROVIDER, "note", 1, Stability.STABLE, Level.INFO,
            List.of(FieldDescriptor.of("writer", FieldType.INT), FieldDescriptor.of("seq", FieldType.LONG)));
    private static final ProviderDescriptor DESCRIPTOR = new ProviderDescriptor(PROVIDER, "Parked", List.of(NOTE));
    private static final int PROVIDER_INDEX = 7;

    @TempDir
    Path dir;

    private static byte[] record(int writer, long seq) {
        return RecordEncoder.encode(NOTE, PROVIDER_INDEX, 0, writer, List.of(writer, seq));
    }

    @Test
    void otherThreadsKeepRecordingAndOnlyTheParkedWritersSubBufferWaits() throws Exception {
        Path trace = dir.resolve("parked");
        CtfBackend backend = new CtfBackendFactory().create(new BackendContext("parked", ClockAnchor.now(), Map.of(
                "directory", trace.toString(), "streams", "1", "subbuffer-size", "4096", "subbuffer-count", "8",
                "flush-interval-ms", "0")));
        backend.onProviderRegistered(DESCRIPTOR, PROVIDER_INDEX);
        Stream stream = ((StreamSink) backend.recordSink(NOTE, PROVIDER_INDEX)).streams()[0];

        byte[] parked = record(0, 0);
        int len = parked.length - CtfLayout.RECORD_OFFSET;
        long at = stream.claim(parked, CtfLayout.RECORD_OFFSET, len); // ... and the writer is descheduled here
        assertTrue(at >= 0);

        // 4 threads write 5 sub-buffers' worth meanwhile (8 sub-buffers: the parked one and 7 more would fit)
        int perThread = 5 * (4096 - CtfLayout.PACKET_HEADER_SIZE) / len / 4;
        AtomicInteger refused = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int w = 1; w <= 4; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    byte[] record = record(writer, i);
                    if (!stream.append(record, CtfLayout.RECORD_OFFSET, record.length - CtfLayout.RECORD_OFFSET)) {
                        refused.incrementAndGet();
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(0, refused.get(), "no thread waited for the parked one, and none was refused");
        long current = stream.head() >>> 32;
        assertTrue(current >= 4, "the stream switched on past the parked sub-buffer: at " + current);
        // the keeper takes the complete sub-buffers after the parked one and releases their slots at once
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!released(stream, 1) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(released(stream, 1), "sequence 1's slot was released for sequence 9 while sequence 0 waits");
        assertEquals(0, backend.recordedEvents(), "but nothing is written before the parked sub-buffer: packets go in order");
        try (FileChannel file = FileChannel.open(trace.resolve("stream_0"))) {
            ByteBuffer context = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            file.read(context, CtfLayout.CONTENT_SIZE_OFFSET);
            assertEquals(0, context.getLong(0), "packet 0 (the stream file's first pages) is not finalized");
        }

        long heldSince = System.nanoTime(); // at the latest: sequence 0 was switched before the threads above finished
        Thread.sleep(200); // the writer stays descheduled a while longer
        stream.commit(at, parked, CtfLayout.RECORD_OFFSET, len); // the writer runs again
        backend.flush();
        long held = System.nanoTime() - heldSince;
        assertTrue(backend.longestDeliveryDelayNanos() >= TimeUnit.MILLISECONDS.toNanos(200)
                && backend.longestDeliveryDelayNanos() <= TimeUnit.SECONDS.toNanos(20) + held,
                "the longest delivery delay is the parked writer's hold: " + backend.longestDeliveryDelayNanos() + " ns");
        long written = 4L * perThread + 1;
        assertEquals(written, backend.recordedEvents(), "everything written once the writer committed");
        backend.close();
        assertEquals(0, backend.discardedEvents());

        BitSet[] seen = {new BitSet(), new BitSet(), new BitSet(), new BitSet(), new BitSet()};
        CtfTraceReader.open(trace).forEach(e -> seen[e.getInt(0)].set((int) e.getLong(1)));
        assertEquals(1, seen[0].cardinality(), "the parked writer's record is in the trace");
        for (int w = 1; w <= 4; w++) {
            assertEquals(perThread, seen[w].cardinality(), "writer " + w);
        }
        assertEquals(written, Babeltrace.events(trace).size(), "babeltrace2 reads every event, in time order per stream");
    }

    /** Whether the slot of {@code seq} was released for its next generation. */
    private static boolean released(Stream stream, long seq) {
        return stream.slot(seq).releasedFor() == seq + stream.subBufferCount();
    }
}
