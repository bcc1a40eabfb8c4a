package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.backend.ctf.internal.CtfLayout;
import io.waymark.core.Session;
import io.waymark.ctftest.ShopEvents;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overwrite mode (the flight recorder): 4 threads write as fast as they can, each numbering its events,
 * while 50 snapshots are taken. The ring is small (4 × 4 KiB per stream), so it goes round many times
 * during each snapshot's copy: a snapshot must leave out a sub-buffer that a writer is still copying into
 * or that the ring overwrote while it was copied, and keep every other one whole.
 *
 * <p>Each snapshot is read three ways: babeltrace2 (exit 0, the same events), {@link CtfTraceReader}
 * (nothing skipped) and packet by packet from the stream files, where inside each packet each thread's
 * numbers must rise by exactly one (no torn or half-written record, no record of another generation),
 * and across two consecutive packets of a stream a thread's numbers may skip only if the later packet's
 * {@code events_discarded} grew.
 */
class SnapshotWhileWritingTest {

    private static final ShopEvents SHOP = Waymark.provider(ShopEvents.class);
    private static final Pattern TICK = Pattern.compile("thread = (\\d+), sequence = (\\d+)");
    private static final int WRITERS = 4;
    private static final int SNAPSHOTS = 50;
    /** A tick event in a packet: event header and context, then {@code int thread, long sequence}. */
    private static final int TICK_SIZE = CtfLayout.EVENT_HEADER_SIZE + 4 + 8;

    @TempDir
    Path dir;

    private final Sessions sessions = new Sessions();

    @AfterEach
    void close() {
        sessions.close();
    }

    @Test
    void snapshotsTakenWhileThreadsWriteAreCompleteAndReadable() throws Exception {
        List<Path> snapshots = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        long[] written = new long[WRITERS];
        List<Thread> writers = new ArrayList<>();
        try (Session session = sessions.start(dir.resolve("unused"), Map.of("mode", "overwrite", "subbuffer-size", "4096",
                "subbuffer-count", "4"), "ctftest.shop:tick")) {
            CtfBackend backend = Sessions.backend(session);
            for (int t = 0; t < WRITERS; t++) {
                int id = t;
                Thread writer = new Thread(() -> {
                    long i = 0;
                    while (!stop.get()) {
                        SHOP.tick(id, i++);
                    }
                    written[id] = i;
                }, "snapshot-writer-" + t);
                writer.start();
                writers.add(writer);
            }
            try {
                Thread.sleep(50); // the ring has gone round before the first snapshot
                for (int k = 0; k < SNAPSHOTS; k++) {
                    snapshots.add(backend.snapshot(dir.resolve("snap-" + k)));
                    Thread.sleep(2);
                }
            } finally {
                stop.set(true);
                for (Thread writer : writers) {
                    writer.join();
                }
            }
        }
        long packets = 0;
        long events = 0;
        for (Path snapshot : snapshots) {
            Snapshot read = checkPackets(snapshot);
            packets += read.packets;
            events += read.events;
            checkReaders(snapshot, read.events);
        }
        assertTrue(packets >= SNAPSHOTS, "every snapshot holds packets: " + packets);
        System.out.printf("%d snapshots while %d threads wrote %d events: %d packets, %d events in the snapshots%n",
                SNAPSHOTS, WRITERS, java.util.Arrays.stream(written).sum(), packets, events);
    }

    record Snapshot(long packets, long events) {}

    /** Walks every packet of every stream file of {@code snapshot}: records whole, numbers gap-free inside a packet. */
    private static Snapshot checkPackets(Path snapshot) throws IOException {
        long packets = 0;
        long events = 0;
        List<Path> files;
        try (Stream<Path> list = Files.list(snapshot)) {
            files = list.filter(p -> p.getFileName().toString().startsWith(CtfLayout.STREAM_FILE_PREFIX)).sorted().toList();
        }
        assertTrue(!files.isEmpty(), snapshot + " has stream files");
        for (Path file : files) {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            long previousSeq = -1;
            long previousDiscarded = -1;
            Map<Integer, Long> last = new HashMap<>(); // per thread: the last number of the previous packet
            int id = -1;
            for (int at = 0; at < b.limit(); ) {
                String where = file + " packet at " + at;
                assertEquals(CtfLayout.MAGIC, b.getInt(at + CtfLayout.MAGIC_OFFSET), where + ": magic");
                long content = b.getLong(at + CtfLayout.CONTENT_SIZE_OFFSET) / 8;
                long size = b.getLong(at + CtfLayout.PACKET_SIZE_OFFSET) / 8;
                long seq = b.getLong(at + CtfLayout.SEQ_NUM_OFFSET);
                long discarded = b.getLong(at + CtfLayout.DISCARDED_OFFSET);
                long begin = b.getLong(at + CtfLayout.TIMESTAMP_BEGIN_OFFSET);
                long end = b.getLong(at + CtfLayout.TIMESTAMP_END_OFFSET);
                assertTrue(size >= content && at + size <= b.limit(), where + ": sizes " + content + "/" + size);
                assertTrue(seq > previousSeq, where + ": packet_seq_num " + seq + " after " + previousSeq);
                assertTrue(discarded >= previousDiscarded, where + ": events_discarded went back");
                long payload = content - CtfLayout.PACKET_HEADER_SIZE;
                assertEquals(0, payload % TICK_SIZE, where + ": content " + content + " is not whole tick records");
                boolean consecutive = seq == previousSeq + 1;
                Map<Integer, Long> inPacket = new HashMap<>();
                long previousTs = begin;
                for (int e = at + CtfLayout.PACKET_HEADER_SIZE; e < at + content; e += TICK_SIZE) {
                    int eventId = b.getInt(e + CtfLayout.EVENT_ID_OFFSET);
                    if (id < 0) {
                        id = eventId;
                    }
                    assertEquals(id, eventId, where + ": event at " + e + " is a tick (a torn or unwritten record is not)");
                    long ts = b.getLong(e + CtfLayout.EVENT_TIMESTAMP_OFFSET);
                    assertTrue(ts >= previousTs && ts <= end, where + ": event at " + e + " has timestamp " + ts
                            + " outside [" + previousTs + ", " + end + "] (unwritten or of another generation)");
                    previousTs = ts;
                    int thread = b.getInt(e + CtfLayout.EVENT_HEADER_SIZE);
                    long number = b.getLong(e + CtfLayout.EVENT_HEADER_SIZE + 4);
                    assertTrue(thread >= 0 && thread < WRITERS, where + ": thread " + thread);
                    Long before = inPacket.get(thread);
                    if (before != null) {
                        assertEquals(before + 1, number, where + ": thread " + thread + "'s numbers inside the packet");
                    } else if (consecutive && last.containsKey(thread) && number != last.get(thread) + 1) {
                        assertTrue(number > last.get(thread) && discarded > previousDiscarded, where + ": thread " + thread
                                + " goes from " + last.get(thread) + " to " + number + " across consecutive packets, "
                                + "discarded " + previousDiscarded + " -> " + discarded);
                    }
                    inPacket.put(thread, number);
                    events++;
                }
                if (!consecutive) {
                    last.clear();
                }
                last.putAll(inPacket);
                previousSeq = seq;
                previousDiscarded = discarded;
                packets++;
                at += (int) size;
            }
        }
        return new Snapshot(packets, events);
    }

    /** babeltrace2 and {@link CtfTraceReader} read the snapshot whole: the same events, each thread's numbers rising. */
    private static void checkReaders(Path snapshot, long events) throws IOException, InterruptedException {
        CtfTraceReader reader = CtfTraceReader.open(snapshot);
        assertEquals(List.of(), reader.skippedPackets(), snapshot + ": nothing skipped");
        long[] lastSeen = new long[WRITERS];
        java.util.Arrays.fill(lastSeen, -1);
        long[] read = {0};
        reader.forEach(e -> {
            int thread = e.getInt(0);
            long number = e.getLong(1);
            assertTrue(number > lastSeen[thread], snapshot + ": reader, thread " + thread + " goes from " + lastSeen[thread]
                    + " to " + number);
            lastSeen[thread] = number;
            read[0]++;
        });
        assertEquals(events, read[0], snapshot + ": CtfTraceReader reads every event of the packets");

        java.util.Arrays.fill(lastSeen, -1);
        long printed = 0;
        for (String line : Babeltrace.events(snapshot)) {
            Matcher m = TICK.matcher(line);
            assertTrue(m.find(), snapshot + ": babeltrace2 line " + line);
            int thread = Integer.parseInt(m.group(1));
            long number = Long.parseLong(m.group(2));
            assertTrue(number > lastSeen[thread], snapshot + ": babeltrace2, thread " + thread + " goes from "
                    + lastSeen[thread] + " to " + number);
            lastSeen[thread] = number;
            printed++;
        }
        assertEquals(events, printed, snapshot + ": babeltrace2 prints every event of the packets");
    }
}
