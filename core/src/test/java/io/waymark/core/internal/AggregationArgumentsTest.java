package io.waymark.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.core.AggregationSnapshot;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.aggregate.Aggregation;
import io.waymark.spi.probe.ProbeTarget;
import io.waymark.spi.wire.EventDecoder;
import io.waymark.spi.wire.RecordEncoder;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The arguments path of aggregations ({@code AggregatingTarget.argumentsHandle}) against the encoded path:
 * the same events, given as a tracepoint's arguments or encoded, give the same tables, for every key and
 * value type, null strings and enums, strings cut at the key width (also inside a character), a full table;
 * a table fed by both paths at once holds each key once. Existing keys are updated without allocating.
 */
class AggregationArgumentsTest {

    enum Color { RED, GREEN, BLUE }

    private static final EventType ALL = new EventType("agg.args", "all", 1, Stability.STABLE, Level.INFO, List.of(
            FieldDescriptor.of("b", FieldType.BOOLEAN), FieldDescriptor.of("y", FieldType.BYTE), FieldDescriptor.of("s", FieldType.SHORT),
            FieldDescriptor.of("c", FieldType.CHAR), FieldDescriptor.of("i", FieldType.INT), FieldDescriptor.of("l", FieldType.LONG),
            FieldDescriptor.of("f", FieldType.FLOAT), FieldDescriptor.of("d", FieldType.DOUBLE), FieldDescriptor.of("str", FieldType.STRING),
            FieldDescriptor.ofEnum("e", Color.class.getName(), List.of("RED", "GREEN", "BLUE")), FieldDescriptor.of("bytes", FieldType.BYTES),
            FieldDescriptor.of("str2", FieldType.STRING)));
    private static final MethodType ALL_ARGS = MethodType.methodType(void.class, boolean.class, byte.class, short.class, char.class,
            int.class, long.class, float.class, double.class, String.class, Color.class, byte[].class, String.class);

    private static final String[] STRINGS = {
        "", "a", "SKU-000000000042", "SKU-000000000043", "caf\u00e9", "\u20ac\u20ac\u20ac", "\ud83d\ude00 smile",
        "lone \ud800 high", "lone \udc00 low", "end\ud800", "0123456789abcdefXYZ", "0123456789abcdefXYZ-other",
        "1234567\u00e9", "123456\u20ac", "12345\ud83d\ude00", "x".repeat(300), "\u00e9".repeat(40),
    };

    private static final String[] SPECS = {
        "agg.args:all count() by (str, e)",
        "agg.args:all count() by (str, e, str2, b)",
        "agg.args:all sum(l) by (b, y)",
        "agg.args:all sum(f) by (c, s)",
        "agg.args:all min(f) by (str2)",
        "agg.args:all max(i) by (d)",
        "agg.args:all avg(d) by (f)",
        "agg.args:all avg(s) by (e)",
        "agg.args:all hist(l) by (str)",
        "agg.args:all hist(d) by (i, l)",
        "agg.args:all lhist(i, 0, 100, 7) by (e, event())",
        "agg.args:all lhist(y, -50, 50, 10) by (str, str2)",
        "agg.args:all count()",
    };

    private static SessionAggregation aggregation(String spec, int capacity, int keyBytes) {
        return new SessionAggregation("s", Aggregation.parse(spec).named("a"), capacity, keyBytes, () -> Long.MAX_VALUE);
    }

    private static ProbeTarget target(SessionAggregation aggregation) {
        ProbeTarget target = aggregation.target(ALL, e -> { throw new AssertionError(e); }, e -> { throw new AssertionError(e); });
        assertNotNull(target);
        return target;
    }

    /** One event's arguments: values chosen so that keys repeat (the table sees existing keys and new ones). */
    private static Object[] randomArguments(SplittableRandom random) {
        return new Object[] {
            random.nextBoolean(), (byte) (random.nextInt(120) - 60), (short) random.nextInt(-3, 4), (char) ('a' + random.nextInt(3)),
            random.nextInt(-10, 120), random.nextLong(-2, 3) * (random.nextBoolean() ? 1 : 1_000_003L),
            random.nextInt(3) == 0 ? Float.NaN : (float) random.nextInt(-2, 3) / 4, random.nextInt(4) * 1.5 - 1.5,
            string(random), random.nextInt(4) == 0 ? null : Color.values()[random.nextInt(3)], random.nextBoolean() ? null : new byte[3],
            string(random),
        };
    }

    /** A string of the pool, often a new instance with the same characters (found by content, then by identity), or null. */
    private static String string(SplittableRandom random) {
        int k = random.nextInt(STRINGS.length + 1);
        if (k == STRINGS.length) {
            return null;
        }
        return random.nextBoolean() ? STRINGS[k] : new String(STRINGS[k].toCharArray());
    }

    private static void encoded(ProbeTarget target, Object[] args) {
        byte[] record = RecordEncoder.encode(ALL, 0, 1, 7, Arrays.asList(args));
        target.dispatch(new EventDecoder().wrap(ALL, record, 0));
    }

    /** {@code handle} taking its arguments as an array, for {@link #direct}. */
    private static MethodHandle spread(MethodHandle handle) {
        return handle.asSpreader(Object[].class, handle.type().parameterCount()).asType(MethodType.methodType(Object.class, Object[].class));
    }

    private static void direct(MethodHandle spread, Object[] args) throws Throwable {
        assertEquals(false, (Object) spread.invokeExact(args));
    }

    /** Entries by key, without their ids (the order keys arrived in), with the table's own counters. */
    private static Map<Object, Object> content(AggregationSnapshot snapshot) {
        Map<Object, Object> byKey = new LinkedHashMap<>();
        for (AggregationSnapshot.Entry entry : snapshot.entries()) {
            Object previous = byKey.put(entry.key(), List.of(entry.truncated(), entry.count(), String.valueOf(entry.sum()),
                    String.valueOf(entry.min()), String.valueOf(entry.max()), entry.buckets()));
            assertNull(previous, "key stored twice: " + entry.key());
        }
        byKey.put("droppedKeys", snapshot.droppedKeys());
        byKey.put("truncatedKeys", snapshot.truncatedKeys());
        byKey.put("entries", snapshot.entries().size());
        return byKey;
    }

    /** assertEquals, naming only the keys that differ (the tables are large). */
    private static void assertSame(Map<Object, Object> expected, Map<Object, Object> actual, String what) {
        Map<Object, String> differences = new LinkedHashMap<>();
        for (Object key : expected.keySet()) {
            if (!java.util.Objects.equals(expected.get(key), actual.get(key))) {
                differences.put(key, expected.get(key) + " != " + actual.get(key));
            }
        }
        for (Object key : actual.keySet()) {
            if (!expected.containsKey(key)) {
                differences.put(key, "unexpected " + actual.get(key));
            }
        }
        String shown = differences.toString();
        assertEquals("{}", shown.length() > 3000 ? shown.substring(0, 3000) : shown, what);
    }

    private static void compare(int capacity, int keyBytes, int events, long seed) throws Throwable {
        for (String spec : SPECS) {
            SessionAggregation byEncoding = aggregation(spec, capacity, keyBytes);
            SessionAggregation byArguments = aggregation(spec, capacity, keyBytes);
            SessionAggregation byBoth = aggregation(spec, capacity, keyBytes);
            ProbeTarget encodedTarget = target(byEncoding);
            MethodHandle handle = target(byArguments).argumentsHandle(ALL, 0, ALL_ARGS);
            assertNotNull(handle, spec);
            assertEquals(ALL_ARGS.changeReturnType(boolean.class), handle.type());
            handle = spread(handle);
            ProbeTarget bothTarget = target(byBoth);
            MethodHandle bothHandle = spread(bothTarget.argumentsHandle(ALL, 0, ALL_ARGS));
            SplittableRandom random = new SplittableRandom(seed);
            for (int n = 0; n < events; n++) {
                Object[] args = randomArguments(random);
                encoded(encodedTarget, args);
                direct(handle, args);
                if (random.nextBoolean()) {
                    encoded(bothTarget, args);
                } else {
                    direct(bothHandle, args);
                }
            }
            Map<Object, Object> expected = content(byEncoding.snapshot());
            assertSame(expected, content(byArguments.snapshot()), spec + " (capacity " + capacity + ", keyBytes " + keyBytes + ")");
            assertSame(expected, content(byBoth.snapshot()), spec + " fed by both paths");
        }
    }

    @Test
    void theArgumentsPathCountsWhatTheEncodedPathCountsForEveryKeyAndValueType() throws Throwable {
        compare(2048, 32, 4_000, 1);
    }

    @Test
    void stringsCutAtTheKeyWidthAlsoInsideACharacterAreCountedAlike() throws Throwable {
        compare(2048, 8, 4_000, 2);
    }

    @Test
    void aFullTableDropsTheSameEvents() throws Throwable {
        compare(16, 16, 3_000, 3);
        SessionAggregation full = aggregation("agg.args:all count() by (str, e)", 16, 16);
        MethodHandle handle = spread(target(full).argumentsHandle(ALL, 0, ALL_ARGS));
        SplittableRandom random = new SplittableRandom(4);
        for (int n = 0; n < 1000; n++) {
            direct(handle, randomArguments(random));
        }
        AggregationSnapshot snapshot = full.snapshot();
        assertEquals(16, snapshot.entries().size());
        assertTrue(snapshot.droppedKeys() > 0);
        assertEquals(1000, snapshot.droppedKeys() + snapshot.entries().stream().mapToLong(AggregationSnapshot.Entry::count).sum());
    }

    @Test
    void argumentsThatDoNotMatchTheFieldsTakeTheEncodedPath() {
        ProbeTarget target = target(aggregation("agg.args:all count() by (str, e)", 64, 32));
        assertNull(target.argumentsHandle(ALL, 0, ALL_ARGS.changeParameterType(4, long.class)));
        assertNull(target.argumentsHandle(ALL, 0, ALL_ARGS.dropParameterTypes(11, 12)));
    }

    @Test
    void aGuardedAggregationTakesTheEncodedPathWhenItsFilterDoesNotCompile() throws Throwable {
        String spec = "agg.args:all[i > 3 && str == \"SKU-*\"] count() by (str, e)";
        ProbeTarget target = target(aggregation(spec, 64, 32));
        MethodHandle handle = target.argumentsHandle(ALL, 0, ALL_ARGS);
        if (ArgumentFilters.compile(Aggregation.parse(spec).check(ALL).guard(), ALL, ALL_ARGS) == null) {
            assertNull(handle);
            return;
        }
        // compiled: counts what the encoded path counts, guard included
        SessionAggregation byEncoding = aggregation(spec, 64, 32);
        SessionAggregation byArguments = aggregation(spec, 64, 32);
        ProbeTarget encodedTarget = target(byEncoding);
        MethodHandle direct = spread(target(byArguments).argumentsHandle(ALL, 0, ALL_ARGS));
        SplittableRandom random = new SplittableRandom(5);
        for (int n = 0; n < 2000; n++) {
            Object[] args = randomArguments(random);
            encoded(encodedTarget, args);
            direct(direct, args);
        }
        assertSame(content(byEncoding.snapshot()), content(byArguments.snapshot()), spec);
    }

    @Test
    void newKeysRacedForThroughBothPathsArePublishedOnceWithExactCounts() throws Exception {
        SessionAggregation aggregation = aggregation("agg.args:all sum(l) by (str, e)", 1024, 16);
        ProbeTarget target = target(aggregation);
        MethodHandle handle = spread(target.argumentsHandle(ALL, 0, ALL_ARGS));
        int threads = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
        int keys = 200; // some cut at 16 bytes: those share a key with another string
        int rounds = 20;
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(executor.submit(() -> {
                start.await();
                for (int round = 0; round < rounds; round++) {
                    for (int k = 0; k < keys; k++) {
                        int key = (k + thread * 7) % keys; // threads meet each new key at about the same time
                        Object[] args = {false, (byte) 0, (short) 0, 'a', 0, 1L, 0f, 0.0,
                            new String(("key-" + key + (key % 3 == 0 ? "-long-enough-to-be-cut" : "")).toCharArray()),
                            Color.values()[key % 3], null, ""};
                        if ((key + round + thread) % 2 == 0) {
                            encoded(target, args);
                        } else {
                            try {
                                direct(handle, args);
                            } catch (Throwable e) {
                                throw new Exception(e);
                            }
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (java.util.concurrent.Future<?> f : futures) {
            f.get(5, java.util.concurrent.TimeUnit.MINUTES);
        }
        executor.shutdown();
        AggregationSnapshot snapshot = aggregation.snapshot();
        Map<List<Object>, Long> counts = new LinkedHashMap<>();
        for (AggregationSnapshot.Entry entry : snapshot.entries()) {
            assertNull(counts.put(entry.key(), entry.count()), "key stored twice: " + entry.key());
        }
        long perKey = (long) threads * rounds;
        long cutKeys = java.util.stream.IntStream.range(0, keys).filter(k -> k % 3 == 0).count();
        // A thread that finds a new key's slot being claimed waits a bounded time; a claimer descheduled past it (more
        // threads than CPUs) makes it give up and count the event in droppedKeys (documented in AggregationSnapshot):
        // every event is then in exactly one of its key's count or droppedKeys, and no key has more than its events.
        long dropped = snapshot.droppedKeys();
        assertEquals(keys * perKey, counts.values().stream().mapToLong(Long::longValue).sum() + dropped,
                "counted + droppedKeys (" + dropped + ")");
        // each claimer descheduled past the wait can cost the other threads' events of that key: a few stalls' worth
        assertTrue(dropped <= Math.max(keys * perKey / 1000, 16L * threads), "dropped " + dropped + " of " + keys * perKey
                + ": a key's claim should rarely outlast the bounded wait");
        assertEquals(cutKeys * perKey, snapshot.truncatedKeys(), "truncation is counted before the claim");
        for (AggregationSnapshot.Entry entry : snapshot.entries()) {
            assertEquals(entry.count(), entry.sum().longValue(), entry.key().toString());
        }
        // "key-1..." cut at 16 bytes: "key-N-long-enou" differ by N, so every key stays its own
        assertEquals(keys, counts.size());
        counts.values().forEach(c -> assertTrue(c <= perKey, "a key counted more than its events: " + c));
        if (dropped == 0) {
            counts.values().forEach(c -> assertEquals(perKey, c));
        }
    }

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Bytes allocated by the least of five rounds after a warm-up (as AllocationTest counts). */
    private static long allocatedBy(ThrowingRunnable work) throws Throwable {
        work.run();
        long id = Thread.currentThread().getId();
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = THREADS.getThreadAllocatedBytes(id);
            work.run();
            least = Math.min(least, THREADS.getThreadAllocatedBytes(id) - before);
        }
        return least;
    }

    interface ThrowingRunnable {
        void run() throws Throwable;
    }

    @Test
    void updatingAnExistingKeyAllocatesNothing() throws Throwable {
        EventType paid = new EventType("agg.args", "paid", 2, Stability.STABLE, Level.INFO, List.of(FieldDescriptor.of("micros", FieldType.LONG),
                FieldDescriptor.of("sku", FieldType.STRING), FieldDescriptor.ofEnum("e", Color.class.getName(), List.of("RED", "GREEN", "BLUE"))));
        MethodType arguments = MethodType.methodType(void.class, long.class, String.class, Color.class);
        for (String spec : new String[] {"agg.args:paid count() by (sku, e)", "agg.args:paid hist(micros) by (sku, e)"}) {
            SessionAggregation aggregation = aggregation(spec, 1024, 32);
            ProbeTarget target = aggregation.target(paid, e -> { }, e -> { });
            MethodHandle handle = target.argumentsHandle(paid, 0, arguments);
            String sku = "SKU-000000000042";
            String sameCharacters = new String(sku.toCharArray()); // another instance: found by content once, by identity after
            long allocated = allocatedBy(() -> {
                for (int n = 0; n < 100_000; n++) {
                    String key = (n & 1) == 0 ? sku : sameCharacters;
                    boolean encode = (boolean) handle.invokeExact((long) n, key, Color.GREEN);
                    if (encode) {
                        throw new AssertionError("asked to encode");
                    }
                }
            });
            assertEquals(0, allocated, spec);
            AggregationSnapshot snapshot = aggregation.snapshot();
            assertEquals(1, snapshot.entries().size());
            assertEquals(600_000, snapshot.entries().get(0).count());
        }
    }
}
