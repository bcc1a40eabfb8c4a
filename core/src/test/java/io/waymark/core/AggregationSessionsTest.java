package io.waymark.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.core.AggregationSnapshot.Entry;
import io.waymark.core.fixtures.AggEvents;
import io.waymark.core.fixtures.PaymentMethod;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Aggregations (docs/aggregations.md): what they count, their bounds, their errors, through the session API. */
class AggregationSessionsTest {

    private static final AggEvents EVENTS = Waymark.provider(AggEvents.class);

    @AfterEach
    void closeSessions() {
        Tracing.sessions().forEach(Session::close);
    }

    private static Session start(SessionConfig.Builder builder) {
        Session session = Tracing.createSession(builder.build());
        session.start();
        return session;
    }

    private static Map<List<Object>, Entry> byKey(AggregationSnapshot snapshot) {
        Map<List<Object>, Entry> result = new HashMap<>();
        snapshot.entries().forEach(e -> result.put(e.key(), e));
        return result;
    }

    private static Map<List<Object>, Long> counts(AggregationSnapshot snapshot) {
        Map<List<Object>, Long> result = new HashMap<>();
        snapshot.entries().forEach(e -> result.put(e.key(), e.count()));
        return result;
    }

    private static List<Object> key(Object... values) {
        return Arrays.asList(values);
    }

    @Test
    void countsByAStringAndAnEnumKeyWithoutABackend() {
        Session session = start(SessionConfig.builder("a").aggregate("coretest.agg:responseSent count() by (path, method)"));
        assertEquals(List.of("agg1 = coretest.agg:responseSent count() by (path, method)"), session.aggregations());
        PaymentMethod[] methods = {PaymentMethod.CARD, PaymentMethod.CASH, null};
        for (int i = 0; i < 30; i++) {
            EVENTS.responseSent(i % 2 == 0 ? "/cart" : "/pay", methods[i % 3], 200, i, 1.5, null);
        }
        AggregationSnapshot snapshot = session.aggregation("agg1");
        assertEquals(Map.of(key("/cart", "CARD"), 5L, key("/pay", "CASH"), 5L, key("/cart", null), 5L,
                key("/pay", "CARD"), 5L, key("/cart", "CASH"), 5L, key("/pay", null), 5L), counts(snapshot));
        assertEquals(0, snapshot.droppedKeys());
        assertEquals(0, snapshot.truncatedKeys());
    }

    @Test
    void sumMinMaxAvgOverIntegralAndFloatingFieldsAndAGuard() {
        Session session = start(SessionConfig.builder("a").aggregate(
                "s = coretest.agg:responseSent[status >= 500] sum(micros) by (status)",
                "lo = coretest.agg:responseSent min(micros)",
                "hi = coretest.agg:responseSent max(micros)",
                "mean = coretest.agg:responseSent avg(micros)",
                "money = coretest.agg:responseSent sum(amount) by (method)"));
        for (int i = 1; i <= 10; i++) {
            EVENTS.responseSent("/", PaymentMethod.CARD, i <= 4 ? 503 : 200, i * 10L, 0.25, null);
        }
        assertEquals(Map.of(key(503L), 4L), counts(session.aggregation("s")));
        assertEquals(100L, session.aggregation("s").entries().get(0).sum());
        assertEquals(10L, session.aggregation("lo").entries().get(0).min());
        assertEquals(100L, session.aggregation("hi").entries().get(0).max());
        assertEquals(55.0, session.aggregation("mean").entries().get(0).average());
        assertEquals(2.5, session.aggregation("money").entries().get(0).sum());
        assertEquals(List.of((Object) "CARD"), session.aggregation("money").entries().get(0).key());
    }

    @Test
    void histPutsValuesInLogLinearBucketsAndDerivesPercentilesWithinTheStatedBound() {
        Session session = start(SessionConfig.builder("h").aggregate("h = coretest.agg:responseSent hist(micros)"));
        long[] values = {-5, 0, 3, 7, 8, 9, 15, 16, 17, 100, 1000, 1_000_000, Long.MAX_VALUE};
        for (long v : values) {
            EVENTS.responseSent("/", PaymentMethod.CARD, 200, v, 0, null);
        }
        AggregationSnapshot snapshot = session.aggregation("h");
        Entry entry = snapshot.entries().get(0);
        assertEquals(values.length, entry.count());
        List<Long> bounds = snapshot.bucketBounds();
        assertEquals(entry.buckets().size() + 1, bounds.size());
        for (long v : values) { // each value lies in a bucket [lo, hi) that counted it
            int bucket = -1;
            for (int i = 0; i < entry.buckets().size(); i++) {
                if (v >= bounds.get(i) && (v < bounds.get(i + 1) || bounds.get(i + 1) == Long.MAX_VALUE)) {
                    bucket = i;
                }
            }
            assertTrue(bucket >= 0 && entry.buckets().get(bucket) > 0, "value " + v);
            long lo = bounds.get(bucket);
            long hi = bounds.get(bucket + 1);
            if (v >= 8 && hi != Long.MAX_VALUE) {
                assertTrue((double) (hi - lo) / lo <= 0.125, "bucket [" + lo + ", " + hi + ") is wider than 12.5%");
            } else if (v >= 0 && v < 8) {
                assertEquals(v + 1, hi);
            }
        }
        assertEquals(Long.MAX_VALUE, entry.max());
        assertEquals(-5L, entry.min());
        // percentiles: the bucket's upper bound, never above the exact maximum
        Session exact = start(SessionConfig.builder("p").aggregate("p = coretest.agg:requestReceived hist(status)"));
        for (int i = 1; i <= 1000; i++) {
            Waymark.provider(AggEvents.class).requestReceived("/", i);
        }
        AggregationSnapshot p = exact.aggregation("p");
        for (double fraction : new double[] {0.5, 0.9, 0.99, 1.0}) {
            double truth = Math.ceil(fraction * 1000);
            double derived = p.percentile(p.entries().get(0), fraction);
            assertTrue(derived >= truth && derived <= truth * 1.125, fraction + ": " + derived + " vs " + truth);
        }
    }

    @Test
    void lhistHasAnUnderflowAndAnOverflowBucket() {
        Session session = start(SessionConfig.builder("l").aggregate("coretest.agg:requestReceived lhist(status, 100, 600, 100) by (path)"));
        for (int status : new int[] {99, 100, 199, 200, 404, 599, 600, 1000}) {
            EVENTS.requestReceived("/x", status);
        }
        AggregationSnapshot snapshot = session.aggregation("agg1");
        assertEquals(List.of(Long.MIN_VALUE, 100L, 200L, 300L, 400L, 500L, 600L, Long.MAX_VALUE), snapshot.bucketBounds());
        assertEquals(List.of(1L, 2L, 1L, 0L, 1L, 1L, 2L), snapshot.entries().get(0).buckets());
    }

    @Test
    void keyedByEventAcrossAPattern() {
        Session session = start(SessionConfig.builder("e").aggregate("coretest.agg:re* count() by (event(), path)"));
        EVENTS.requestReceived("/a", 200);
        EVENTS.requestReceived("/a", 200);
        EVENTS.responseSent("/a", PaymentMethod.CARD, 200, 1, 1, null);
        assertEquals(Map.of(key("coretest.agg:requestReceived", "/a"), 2L, key("coretest.agg:responseSent", "/a"), 1L),
                counts(session.aggregation("agg1")));
    }

    @Test
    void aFullTableCountsTheKeysItDrops() {
        Session session = start(SessionConfig.builder("f").aggregationCapacity(4).aggregate("coretest.agg:requestReceived count() by (status)"));
        for (int i = 0; i < 10; i++) {
            EVENTS.requestReceived("/", i); // keys 0..3 fit
            EVENTS.requestReceived("/", i);
        }
        AggregationSnapshot snapshot = session.aggregation("agg1");
        assertEquals(Map.of(key(0L), 2L, key(1L), 2L, key(2L), 2L, key(3L), 2L), counts(snapshot));
        assertEquals(12, snapshot.droppedKeys());
        assertEquals(4, snapshot.capacity());
    }

    @Test
    void aLongStringKeyIsCutToTheKeyWidthAndCounted() {
        Session session = start(SessionConfig.builder("t").aggregationKeyBytes(8).aggregate("coretest.agg:requestReceived count() by (path)"));
        EVENTS.requestReceived("/orders/1", 200);
        EVENTS.requestReceived("/orders/2", 200);
        EVENTS.requestReceived("/orders", 200);
        EVENTS.requestReceived("/ä", 200); // UTF-8 bytes, not chars
        AggregationSnapshot snapshot = session.aggregation("agg1");
        Map<List<Object>, Entry> entries = byKey(snapshot);
        assertEquals(2, entries.get(key("/orders/")).count());
        assertTrue(entries.get(key("/orders/")).truncated());
        assertEquals(1, entries.get(key("/orders")).count());
        assertEquals(false, entries.get(key("/orders")).truncated());
        assertEquals(1, entries.get(key("/ä")).count());
        assertEquals(2, snapshot.truncatedKeys());
        assertEquals(8, snapshot.keyBytes());
    }

    @Test
    void intervalsTakenWithSinceAddUpAndTwoReadersDoNotStealCounts() {
        Session session = start(SessionConfig.builder("i").aggregate("coretest.agg:requestReceived hist(status) by (path)"));
        AggregationSnapshot readerA = session.aggregation("agg1");
        AggregationSnapshot readerB = readerA;
        long a = 0;
        long b = 0;
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 7; i++) {
                EVENTS.requestReceived(round % 2 == 0 ? "/even" : "/odd", i);
            }
            AggregationSnapshot now = session.aggregation("agg1");
            AggregationSnapshot interval = now.since(readerA);
            assertEquals(1, interval.entries().size(), "keys that counted nothing in the interval are left out");
            assertEquals(7, interval.entries().get(0).count());
            assertEquals(7L, interval.entries().get(0).buckets().stream().mapToLong(Long::longValue).sum());
            a += interval.entries().stream().mapToLong(Entry::count).sum();
            readerA = now;
            if (round % 2 == 1) { // B reads half as often
                AggregationSnapshot later = session.aggregation("agg1");
                b += later.since(readerB).entries().stream().mapToLong(Entry::count).sum();
                readerB = later;
            }
        }
        b += session.aggregation("agg1").since(readerB).entries().stream().mapToLong(Entry::count).sum();
        assertEquals(35, a);
        assertEquals(35, b);
    }

    @Test
    void anAggregationAddedToARunningSessionCountsFromThen() {
        Session session = start(SessionConfig.builder("r").aggregate("coretest.agg:requestReceived count()"));
        EVENTS.requestReceived("/", 1);
        assertEquals("late", session.aggregate("late = coretest.agg:requestReceived count() by (status)"));
        assertEquals("agg2", session.aggregate("coretest.agg:requestReceived sum(status)"));
        EVENTS.requestReceived("/", 2);
        assertEquals(2, session.aggregation("agg1").entries().get(0).count());
        assertEquals(Map.of(key(2L), 1L), counts(session.aggregation("late")));
        assertEquals(2L, session.aggregation("agg2").entries().get(0).sum());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> session.aggregation("nope"));
        assertEquals("session 'r' has no aggregation called 'nope'; it has agg1, late, agg2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> session.aggregate("late = coretest.agg:requestReceived count()"));
        assertTrue(e.getMessage().contains("already has an aggregation called 'late'"), e.getMessage());
    }

    @Test
    void aRecordingSessionAggregatesBesidesRecording() {
        io.waymark.core.fixtures.RecordingBackend.Factory factory = new io.waymark.core.fixtures.RecordingBackend.Factory("rec");
        Session session = start(SessionConfig.builder("b").backend(factory).enable("coretest.agg:requestReceived")
                .aggregate("coretest.agg:requestReceived count() by (status)"));
        EVENTS.requestReceived("/", 7);
        EVENTS.responseSent("/", PaymentMethod.CASH, 1, 1, 1, null);
        assertEquals(1, factory.last().events.size());
        assertEquals(Map.of(key(7L), 1L), counts(session.aggregation("agg1")));
    }

    @Test
    void errorsNameTheProblem() {
        assertEquals("session 'x': aggregation 'agg1': event coretest.agg:responseSent has no field 'latency'; its fields: "
                        + "path, method, status, micros, amount, body",
                createError("coretest.agg:responseSent hist(latency)"));
        assertEquals("session 'x': aggregation 'agg1': sum(path): field 'path' of coretest.agg:responseSent is String; "
                        + "sum needs a number (byte, short, int, long, float or double)",
                createError("coretest.agg:responseSent sum(path)"));
        assertTrue(createError("coretest.agg:responseSent avg(method)").contains("is enum io.waymark.core.fixtures.PaymentMethod"));
        assertTrue(createError("coretest.agg:responseSent count() by (body)").contains("is byte[], which is no key"));
        assertTrue(createError("coretest.agg:responseSent[status > \"x\"] count()").contains("status"));
        assertTrue(createError("coretest.agg:re* count() by (status, micros)").contains("has no field 'micros'"));
        assertEquals("aggregation 'coretest.agg:responseSent count() by (a, b, c, d, e)' at position 50: more than 4 keys; "
                + "an aggregation is keyed by at most 4", createError("coretest.agg:responseSent count() by (a, b, c, d, e)"));
        assertTrue(createError("coretest.agg:responseSent lhist(micros, 0, 1000000, 1)").contains("more than 1000 buckets"));
        assertTrue(createError("coretest.agg:responseSent median(micros)").contains("'median' is no function"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SessionConfig.builder("x")
                .aggregate("a = coretest.agg:responseSent count()", "a = coretest.agg:requestReceived count()").build());
        assertEquals("two aggregations are called 'a'; give each its own name", e.getMessage());
    }

    @Test
    void aTableTooBigForTheHeapIsRefusedBeforeAllocation() {
        long before = ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(Thread.currentThread().getId());
        // 4M keys: hist's values still fit a Java array (16M would not, refused for that: AggregationRefusalTest)
        String error = createError(SessionConfig.builder("x").aggregationCapacity(4_000_000)
                .aggregate("big = coretest.agg:responseSent hist(micros) by (path)"));
        long allocated = ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(Thread.currentThread().getId())
                - before;
        assertTrue(error.matches("session 'x': aggregation 'big' needs [0-9.]+ MiB for aggregationCapacity 4000000 \\(keys\\) and "
                + "aggregationKeyBytes 32 with [0-9]+ stripes, but the heap has [0-9.]+ MiB available and one table may take at most "
                + "half of it; lower aggregationCapacity \\(SessionConfig, waymark.aggregate.capacity\\) or give the JVM more heap "
                + "\\(-Xmx\\)"), error);
        assertTrue(allocated < 10_000_000, "allocated " + allocated + " bytes before refusing");
    }

    private static String createError(String spec) {
        EVENTS.hashCode();
        return assertThrows(IllegalArgumentException.class,
                () -> Tracing.createSession(SessionConfig.builder("x").aggregate(spec).build())).getMessage();
    }

    private static String createError(SessionConfig.Builder builder) {
        EVENTS.hashCode(); // the provider is loaded: checks run against it
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tracing.createSession(builder.build()));
        return e.getMessage();
    }

    @Test
    void updatingAnExistingKeyAllocatesNothing() {
        Session session = start(SessionConfig.builder("z").aggregate("coretest.agg:responseSent count() by (path, method)",
                "coretest.agg:responseSent hist(micros) by (method)"));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        String path = "/checkout/payment"; // two words of UTF-8
        Runnable work = () -> {
            for (int i = 0; i < 100_000; i++) {
                EVENTS.responseSent(path, PaymentMethod.CARD, 200, i, 1.0, null);
            }
        };
        work.run();
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            work.run();
            least = Math.min(least, threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before);
        }
        assertEquals(0, least);
        assertEquals(600_000, session.aggregation("agg1").entries().get(0).count());
        assertNull(session.aggregation("agg1").entries().get(0).sum());
    }
}
