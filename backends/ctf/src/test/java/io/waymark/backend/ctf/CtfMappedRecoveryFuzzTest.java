package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.waymark.backend.ctf.MappedTraceBuilder.PacketLayout;
import io.waymark.backend.ctf.MappedTraceBuilder.StreamFile;
import io.waymark.backend.ctf.MappedTraceBuilder.Tick;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random mapped traces as crashes leave them, recovered: with crash-shaped damage (records never stamped,
 * torn, in progress, never copied; released packets left empty; pre-allocated zeros) exactly the whole
 * records come back; with random bytes thrown where a crash leaves zeros (claimed ranges nothing was
 * copied into, the rest of torn copies, unclaimed space; in overwrite mode these hold older records) and
 * into packet headers, no event is invented or repeated. (Random bytes inside a record's own bytes are not
 * a crash's doing: a record has no checksum, and a stamp forged there would be read.) Never an exception. Seed: {@code -Dwaymark.fuzz.seed};
 * rounds: {@code -Dwaymark.fuzz.rounds} (default 200 of each).
 */
class CtfMappedRecoveryFuzzTest {

    private static final long SEED = Long.getLong("waymark.fuzz.seed", System.nanoTime());
    private static final int ROUNDS = Integer.getInteger("waymark.fuzz.rounds", 200);
    private static final int BABELTRACE_EVERY = 60;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    static Path recorded;
    static List<Tick> ticks;

    @BeforeAll
    static void record() throws Exception {
        recorded = RecordedTrace.record(shared.resolve("recorded"), 200);
        ticks = MappedTraceBuilder.ticks(recorded);
    }

    /** A random trace of 1 or 2 streams; the whole records, in timestamp order, go to {@code whole}. */
    private MappedTraceBuilder layout(Random random, String name, List<Tick> whole, List<PacketLayout> unfinalized)
            throws Exception {
        MappedTraceBuilder b = new MappedTraceBuilder(recorded, dir.resolve(name), CtfMappedRecoveryTest.S);
        int streamCount = 1 + random.nextInt(2);
        List<StreamFile> streams = new ArrayList<>();
        List<Integer> finalizedLeft = new ArrayList<>();
        List<Integer> packetsLeft = new ArrayList<>();
        for (int k = 0; k < streamCount; k++) {
            streams.add(b.stream());
            int packets = 1 + random.nextInt(4);
            packetsLeft.add(packets);
            finalizedLeft.add(random.nextInt(packets));
        }
        int next = 0;
        PacketLayout[] current = new PacketLayout[streamCount];
        int[] target = new int[streamCount];
        while (next < ticks.size() && packetsLeft.stream().anyMatch(p -> p > 0)) {
            int k = random.nextInt(streamCount);
            if (current[k] == null || current[k].records + current[k].gaps.size() >= target[k]
                    || !current[k].fits(ticks.get(next).event().length)) {
                if (current[k] != null) {
                    close(current[k], k, finalizedLeft, unfinalized);
                    current[k] = null;
                }
                if (packetsLeft.get(k) == 0) {
                    continue;
                }
                packetsLeft.set(k, packetsLeft.get(k) - 1);
                current[k] = streams.get(k).packet();
                target[k] = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(60);
                continue;
            }
            Tick tick = ticks.get(next++);
            boolean canTear = finalizedLeft.get(k) == 0;
            int kind = canTear ? random.nextInt(10) : 0;
            PacketLayout p = current[k];
            switch (kind) {
                case 6 -> p.unstamped(tick);
                case 7 -> p.hole(tick);
                case 8 -> p.torn(tick, random.nextInt(tick.event().length));
                case 9 -> p.inProgress(tick);
                default -> {
                    p.whole(tick);
                    whole.add(tick);
                }
            }
        }
        for (int k = 0; k < streamCount; k++) {
            if (current[k] != null) {
                close(current[k], k, finalizedLeft, unfinalized);
            }
            streams.get(k).zeros(random.nextInt(3));
        }
        return b;
    }

    /** Finalizes a packet while the stream's finalized prefix lasts and it has no gap; else it and every later one stay unfinalized. */
    private static void close(PacketLayout packet, int k, List<Integer> finalizedLeft, List<PacketLayout> unfinalized) {
        if (finalizedLeft.get(k) > 0 && packet.gaps.isEmpty()) {
            packet.finalized(0);
            finalizedLeft.set(k, finalizedLeft.get(k) - 1);
        } else {
            finalizedLeft.set(k, 0);
            unfinalized.add(packet);
        }
    }

    private static List<String> texts(List<Tick> ticks) {
        return ticks.stream().map(Tick::text).toList();
    }

    @Test
    void crashShapedDamageGivesBackExactlyTheWholeRecords() throws Exception {
        Random random = new Random(SEED);
        for (int round = 0; round < ROUNDS; round++) {
            List<Tick> whole = new ArrayList<>();
            MappedTraceBuilder b = layout(random, "crash-" + round, whole, new ArrayList<>());
            Path trace = b.write();
            int r = round;
            try {
                CtfRecovery.Result result = CtfRecovery.recover(trace, CtfRecovery.Options.beside());
                Path readable = result.output() != null ? result.output() : trace;
                if (round % BABELTRACE_EVERY == 0) {
                    CtfMappedRecoveryTest.assertEvents(readable, whole);
                } else {
                    assertEquals(texts(whole), CtfMappedRecoveryTest.read(readable), () -> "round " + r + ", seed " + SEED);
                }
            } catch (Exception | AssertionError e) {
                fail("round " + round + " (-Dwaymark.fuzz.seed=" + SEED + "), trace " + trace + ": " + e, e);
            }
        }
    }

    @Test
    void randomBytesOutsideWholeRecordsNeverInventAnEvent() throws Exception {
        Random random = new Random(SEED + 1);
        for (int round = 0; round < ROUNDS; round++) {
            List<Tick> whole = new ArrayList<>();
            List<PacketLayout> unfinalized = new ArrayList<>();
            MappedTraceBuilder b = layout(random, "garbage-" + round, whole, unfinalized);
            for (PacketLayout p : unfinalized) {
                List<int[]> places = new ArrayList<>(p.zeroRanges);
                places.add(new int[] {p.at, CtfMappedRecoveryTest.S});
                if (random.nextInt(8) == 0) {
                    places.add(new int[] {0, 32}); // the packet header
                }
                for (int[] place : places) {
                    if (random.nextBoolean() && place[1] > place[0]) {
                        int from = place[0] + random.nextInt(place[1] - place[0]);
                        int to = Math.min(place[1], from + 1 + random.nextInt(64));
                        byte[] bytes = p.array();
                        for (int i = from; i < to; i++) {
                            bytes[i] = (byte) random.nextInt(256);
                        }
                    }
                }
            }
            Path trace = b.write();
            try {
                CtfRecovery.Result result = CtfRecovery.recover(trace, CtfRecovery.Options.beside());
                Path readable = result.output() != null ? result.output() : trace;
                List<String> read = CtfMappedRecoveryTest.read(readable);
                assertSubsequence(texts(whole), read);
                if (round % BABELTRACE_EVERY == 0 && Babeltrace.available()) {
                    assertEquals(read.size(), Babeltrace.events(readable).size(), "babeltrace2 reads the same events");
                }
            } catch (Exception | AssertionError e) {
                fail("round " + round + " (-Dwaymark.fuzz.seed=" + SEED + "), trace " + trace + ": " + e, e);
            }
        }
    }

    /** Every event read is one of {@code whole}, in its order, none twice. */
    private static void assertSubsequence(List<String> whole, List<String> read) {
        Set<String> seen = new HashSet<>();
        int at = 0;
        for (String event : read) {
            assertTrue(seen.add(event), () -> "read twice: " + event);
            while (at < whole.size() && !whole.get(at).equals(event)) {
                at++;
            }
            assertTrue(at < whole.size(), () -> "invented or out of order: " + event + "; whole records " + whole);
            at++;
        }
    }
}
