package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.waymark.Waymark;
import io.waymark.backend.ctf.internal.CtfLayout;
import io.waymark.backend.ctf.internal.Packets;
import io.waymark.ctftest.ShopEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz targets of the trace reader and the recovery (docs/hardening.md): seeded mutations of a real
 * recorded trace, held in memory ({@link MemoryTrace}: no file per input), fed to
 * {@link CtfTraceReader} (open, every event with every field, the skipped list, the discarded count)
 * and to {@link CtfRecovery} (plan and write in memory, then read the repaired trace back). The only
 * exception allowed is the documented {@link CtfFormatException}; each batch of inputs runs under a
 * time bound. A repaired trace must read with nothing skipped and yield exactly the events the reader
 * read from the damaged one. Iterations per target: {@code -Dwaymark.fuzz.iterations} (default 1000).
 */
class CtfTraceFuzzTest {

    private static final int ITERATIONS = Integer.getInteger("waymark.fuzz.iterations", 1_000);
    private static final int BATCH = 500;
    private static final long[] INTERESTING = {0, 1, -1, 7, 8, 79, 80, 81, 0x7f, 0xff, 0x7fff, 0xffff, Integer.MAX_VALUE,
            Integer.MIN_VALUE, 0xffffffffL, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 31, 1L << 32, 4096 * 8, 4096 * 8 + 8};
    private static final String[] METADATA_TOKENS = {"2147483647", "-1", "0", "~", "=", "*/", "/*", "\n", " ", "\\",
            "\"", "INT", "STRING", "ENUM", "BYTES", "/* waymark-event ", "/* waymark-end */\n", "\\x", "\\777"};

    @TempDir
    static Path dir;

    private static MemoryTrace seed;

    @BeforeAll
    static void record() throws Exception {
        ShopEvents shop = Waymark.provider(ShopEvents.class);
        Path trace = dir.resolve("seed");
        try (Sessions sessions = new Sessions()) {
            sessions.start(trace, Map.of("streams", "2", "subbuffer-size", "1024", "subbuffer-count", "64",
                    "flush-interval-ms", "0"), "ctftest.shop:*");
            for (int thread = 0; thread < 2; thread++) {
                Thread emitter = new Thread(() -> {
                    for (int i = 0; i < 40; i++) {
                        shop.orderPlaced(i, i % 5, i % 3 == 0 ? "" : "SKU-" + i);
                        shop.allTypes(i % 2 == 0, (byte) i, (short) -i, (char) ('a' + i), i * 7, -i * 11L, i / 3f, i / 7d,
                                "text " + i, i % 4 == 3 ? null : ShopEvents.Channel.values()[i % 3], new byte[i % 9]);
                        shop.tick(i % 2, i);
                    }
                });
                emitter.start();
                emitter.join();
            }
        }
        seed = MemoryTrace.of(trace);
        CtfTraceReader reader = CtfTraceReader.open(seed);
        assertEquals(240, reader.count());
        assertEquals(List.of(), reader.skippedPackets());
    }

    @Test
    void theReaderAcceptsOrRefusesEveryMutatedTraceAsDocumented() {
        run(0x5eed_0001L, input -> {
            CtfTraceReader reader;
            try {
                reader = CtfTraceReader.open(input);
            } catch (CtfFormatException e) {
                return;
            }
            long[] sink = new long[1];
            reader.forEach(e -> {
                // every field decoded, by the writer's schema (getValue, not toString: formatting is not the reader's)
                for (int f = 0; f < e.type().fieldCount(); f++) {
                    sink[0] += java.util.Objects.hashCode(e.getValue(f));
                    if (e.type().field(f).type() == io.waymark.spi.FieldType.ENUM) {
                        sink[0] += e.getEnumOrdinal(f);
                    }
                }
            });
            reader.skippedPackets().forEach(s -> sink[0] += s.toString().length());
            sink[0] += reader.discardedEvents();
        });
    }

    @Test
    void theRecoveryRepairsEveryMutatedTraceIntoOneReadWhole() {
        run(0x5eed_0002L, input -> {
            long read;
            try {
                read = CtfTraceReader.open(input).count();
            } catch (CtfFormatException e) {
                return;
            }
            MemoryTrace repaired = input.recovered();
            CtfTraceReader reader = CtfTraceReader.open(repaired);
            List<CtfTraceReader.Skipped> skipped = reader.skippedPackets();
            if (!skipped.isEmpty()) {
                throw new AssertionError("the repaired trace still has damage: " + skipped);
            }
            if (reader.count() != read) {
                throw new AssertionError("the repaired trace holds " + reader.count() + " events, the damaged one " + read);
            }
            if (CtfRecovery.plan(repaired).changed()) {
                throw new AssertionError("a repaired trace needs more repair: " + CtfRecovery.plan(repaired).changes());
            }
        });
    }

    /** An input-consuming check that may throw only what it documents. */
    interface Target {
        void accept(MemoryTrace input) throws Exception;
    }

    private static void run(long seedValue, Target target) {
        long began = System.nanoTime();
        long[] cpu = new long[1];
        for (int start = 0; start < ITERATIONS; start += BATCH) {
            int from = start;
            int to = Math.min(ITERATIONS, start + BATCH);
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                long cpuBefore = THREADS.getCurrentThreadCpuTime();
                for (int i = from; i < to; i++) {
                    Random random = new Random(seedValue * 1_000_003L + i);
                    MemoryTrace input = mutate(random);
                    try {
                        target.accept(input);
                    } catch (CtfFormatException expected) {
                        // documented
                    } catch (Throwable t) {
                        fail("input " + i + " (seed " + Long.toHexString(seedValue) + "): " + t, t);
                    }
                }
                cpu[0] += THREADS.getCurrentThreadCpuTime() - cpuBefore;
            }, () -> "a batch of " + BATCH + " inputs did not finish within 60 s (a hang?) from input " + from);
            if (to % 1_000_000 == 0) { // a long run's progress, should it be stopped
                System.out.printf("fuzz CtfTraceFuzzTest seed %x: %,d inputs so far, %.1f s CPU%n", seedValue, to, cpu[0] / 1e9);
            }
        }
        System.out.printf("fuzz CtfTraceFuzzTest seed %x: %,d inputs, %.1f s wall, %.1f s CPU (%.1f µs/input), 0 findings%n",
                seedValue, ITERATIONS, (System.nanoTime() - began) / 1e9, cpu[0] / 1e9, cpu[0] / 1e3 / Math.max(1, ITERATIONS));
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** The seed trace with one to four mutations of its metadata or its streams. */
    static MemoryTrace mutate(Random random) {
        byte[] metadata = seed.metadata().clone();
        TreeMap<String, byte[]> streams = new TreeMap<>();
        seed.files().forEach((name, bytes) -> streams.put(name, bytes.clone()));
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            if (random.nextInt(5) == 0) {
                metadata = mutateMetadata(random, metadata);
            } else {
                List<String> names = new ArrayList<>(streams.keySet());
                String name = names.get(random.nextInt(names.size()));
                streams.put(name, mutateStream(random, streams.get(name), streams.get(names.get(random.nextInt(names.size())))));
            }
        }
        return new MemoryTrace(metadata, streams);
    }

    private static byte[] mutateMetadata(Random random, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int at = text.isEmpty() ? 0 : random.nextInt(text.length());
        int end = Math.min(text.length(), at + random.nextInt(40));
        text = switch (random.nextInt(5)) {
            case 0 -> text.substring(0, at) + text.substring(end); // delete
            case 1 -> text.substring(0, at) + METADATA_TOKENS[random.nextInt(METADATA_TOKENS.length)] + text.substring(end);
            case 2 -> text.substring(0, at) + text.substring(at, end) + text.substring(at); // duplicate
            case 3 -> { // a number replaced by an interesting one
                int digit = indexOfDigit(text, at);
                yield digit < 0 ? text : text.substring(0, digit) + INTERESTING[random.nextInt(INTERESTING.length)]
                        + text.substring(digit + 1);
            }
            default -> text.substring(0, at); // cut short
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOfDigit(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static final int[] FIELDS = {CtfLayout.MAGIC_OFFSET, CtfLayout.UUID_OFFSET, CtfLayout.STREAM_ID_OFFSET,
            CtfLayout.STREAM_INSTANCE_OFFSET, CtfLayout.TIMESTAMP_BEGIN_OFFSET, CtfLayout.TIMESTAMP_END_OFFSET,
            CtfLayout.CONTENT_SIZE_OFFSET, CtfLayout.PACKET_SIZE_OFFSET, CtfLayout.SEQ_NUM_OFFSET, CtfLayout.DISCARDED_OFFSET};

    private static byte[] mutateStream(Random random, byte[] bytes, byte[] other) {
        if (bytes.length == 0) {
            return other.length == 0 ? bytes : Arrays.copyOf(other, Math.min(other.length, 1 + random.nextInt(200)));
        }
        List<Integer> packets = packetOffsets(bytes);
        int packet = packets.get(random.nextInt(packets.size()));
        int at = random.nextInt(bytes.length);
        switch (random.nextInt(9)) {
            case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> { // an interesting value in a packet header field
                int field = packet + FIELDS[random.nextInt(FIELDS.length)];
                if (field + 8 <= bytes.length) {
                    Packets.putU64(bytes, field, INTERESTING[random.nextInt(INTERESTING.length)]);
                }
            }
            case 2 -> { // an interesting value anywhere (event ids, string lengths, timestamps)
                if (at + 8 <= bytes.length) {
                    Packets.putU64(bytes, at, INTERESTING[random.nextInt(INTERESTING.length)]);
                }
            }
            case 3 -> bytes = Arrays.copyOf(bytes, at); // cut short
            case 4 -> bytes = splice(bytes, at, slice(random, other)); // bytes of a packet (this stream or another) inserted
            case 5 -> bytes = splice(bytes, packet, slice(random, bytes)); // a packet duplicated or moved
            case 6 -> { // a region removed
                int end = Math.min(bytes.length, at + 1 + random.nextInt(300));
                byte[] cut = new byte[bytes.length - (end - at)];
                System.arraycopy(bytes, 0, cut, 0, at);
                System.arraycopy(bytes, end, cut, at, bytes.length - end);
                bytes = cut;
            }
            case 7 -> Arrays.fill(bytes, at, Math.min(bytes.length, at + random.nextInt(200)), (byte) 0); // a hole
            default -> { // two packets swapped
                int a = random.nextInt(packets.size());
                int b = random.nextInt(packets.size());
                bytes = swap(bytes, packets, Math.min(a, b), Math.max(a, b));
            }
        }
        return bytes;
    }

    /** A whole packet of {@code bytes}, or a random part of one. */
    private static byte[] slice(Random random, byte[] bytes) {
        if (bytes.length == 0) {
            return bytes;
        }
        List<Integer> packets = packetOffsets(bytes);
        int p = random.nextInt(packets.size());
        int start = packets.get(p);
        int end = p + 1 < packets.size() ? packets.get(p + 1) : bytes.length;
        if (random.nextInt(3) == 0) {
            start += random.nextInt(end - start);
            end = start + random.nextInt(end - start + 1);
        }
        return Arrays.copyOfRange(bytes, start, end);
    }

    private static byte[] splice(byte[] bytes, int at, byte[] inserted) {
        byte[] result = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, result, 0, at);
        System.arraycopy(inserted, 0, result, at, inserted.length);
        System.arraycopy(bytes, at, result, at + inserted.length, bytes.length - at);
        return result;
    }

    private static byte[] swap(byte[] bytes, List<Integer> packets, int a, int b) {
        if (a == b) {
            return bytes;
        }
        int aEnd = a + 1 < packets.size() ? packets.get(a + 1) : bytes.length;
        int bEnd = b + 1 < packets.size() ? packets.get(b + 1) : bytes.length;
        int aStart = packets.get(a);
        int bStart = packets.get(b);
        byte[] result = new byte[bytes.length];
        int w = 0;
        for (int[] range : new int[][] {{0, aStart}, {bStart, bEnd}, {aEnd, bStart}, {aStart, aEnd}, {bEnd, bytes.length}}) {
            System.arraycopy(bytes, range[0], result, w, range[1] - range[0]);
            w += range[1] - range[0];
        }
        return result;
    }

    /** Where the packets of the (possibly mutated) stream start, by their packet_size while it is plausible. */
    private static List<Integer> packetOffsets(byte[] bytes) {
        List<Integer> offsets = new ArrayList<>(List.of(0));
        int at = 0;
        while (at + CtfLayout.PACKET_HEADER_SIZE <= bytes.length) {
            long size = Packets.u64(bytes, at + CtfLayout.PACKET_SIZE_OFFSET) / 8;
            if (size < CtfLayout.PACKET_HEADER_SIZE || size > bytes.length - at) {
                break;
            }
            at += (int) size;
            if (at < bytes.length) {
                offsets.add(at);
            }
        }
        return offsets;
    }
}
