package io.waymark.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.core.AggregationSnapshot.Entry;
import io.waymark.core.fixtures.AggEvents;
import io.waymark.core.fixtures.PaymentMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The aggregation table under many threads (more than cores; virtual threads where the JDK has them):
 * new keys published once, a full table, intervals read while threads emit. Counts are exact, not
 * timed. {@code -Dwaymark.agg.stress=N} multiplies the work (the {@code agg-stress} profile of core).
 */
class AggregationConcurrencyTest {

    private static final AggEvents EVENTS = Waymark.provider(AggEvents.class);
    private static final int SCALE = Integer.getInteger("waymark.agg.stress", 1);
    private static final int THREADS = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
    private static final PaymentMethod[] METHODS = {PaymentMethod.CARD, PaymentMethod.CASH, PaymentMethod.VOUCHER, null};

    @AfterEach
    void closeSessions() {
        Tracing.sessions().forEach(Session::close);
    }

    /** Runs {@code task(thread)} on {@code threads} threads started together: platform threads, or virtual ones. */
    private static void run(int threads, boolean virtual, java.util.function.IntConsumer task) throws Exception {
        ExecutorService executor = virtual ? virtualExecutor() : Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(executor.submit(() -> {
                start.await();
                task.accept(thread);
                return null;
            }));
        }
        start.countDown();
        for (java.util.concurrent.Future<?> f : futures) {
            f.get(5, TimeUnit.MINUTES);
        }
        executor.shutdown();
    }

    /** Virtual threads on JDK 21 and later, by reflection (the tests compile for 17). */
    private static ExecutorService virtualExecutor() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static boolean hasVirtualThreads() {
        return Runtime.version().feature() >= 21;
    }

    @Test
    void newKeysRacedForByManyThreadsArePublishedOnceWithExactCounts() throws Exception {
        for (boolean virtual : hasVirtualThreads() ? new boolean[] {false, true} : new boolean[] {false}) {
            Session session = Tracing.createSession(SessionConfig.builder("publish" + virtual).aggregationCapacity(1024)
                    .aggregate("coretest.agg:hit count() by (key, method)").build());
            session.start();
            int keys = 100;
            int rounds = 20 * SCALE;
            run(THREADS, virtual, thread -> {
                for (int round = 0; round < rounds; round++) {
                    for (int k = 0; k < keys; k++) {
                        int key = (k * 7 + thread * 13 + round) % keys; // threads meet on new keys in different orders
                        EVENTS.hit(thread, "key-" + key, METHODS[key % 4]);
                    }
                }
            });
            AggregationSnapshot snapshot = session.aggregation("agg1");
            assertEquals(keys, snapshot.entries().size(), "each key once");
            Map<List<Object>, Long> counts = new HashMap<>();
            snapshot.entries().forEach(e -> counts.merge(e.key(), e.count(), Long::sum));
            assertEquals(keys, counts.size());
            // A thread that finds a new key's slot still being claimed after a bounded wait (its claimer descheduled: likely
            // with more threads than CPUs on a loaded machine) gives up and counts the event in droppedKeys (documented in
            // AggregationSnapshot): then every event is in exactly one of the counts or droppedKeys, and no key has more.
            long counted = 0;
            for (int k = 0; k < keys; k++) {
                PaymentMethod method = METHODS[k % 4];
                long count = counts.get(java.util.Arrays.asList("key-" + k, method == null ? null : method.name()));
                counted += count;
                if (snapshot.droppedKeys() == 0) {
                    assertEquals((long) THREADS * rounds, count, "key-" + k);
                } else {
                    assertTrue(count <= (long) THREADS * rounds, "key-" + k + " counted " + count);
                }
            }
            assertEquals((long) THREADS * rounds * keys, counted + snapshot.droppedKeys(),
                    "every event counted once or dropped (droppedKeys " + snapshot.droppedKeys() + ")");
            session.close();
        }
    }

    @Test
    void aTableFilledByManyThreadsHoldsCapacityKeysAndCountsTheRestAsDropped() throws Exception {
        for (boolean virtual : hasVirtualThreads() ? new boolean[] {false, true} : new boolean[] {false}) {
            int capacity = 64;
            Session session = Tracing.createSession(SessionConfig.builder("full" + virtual).aggregationCapacity(capacity)
                    .aggregate("coretest.agg:hit count() by (key)").build());
            session.start();
            int keys = 1000;
            int rounds = 5 * SCALE;
            run(THREADS, virtual, thread -> {
                for (int round = 0; round < rounds; round++) {
                    for (int k = 0; k < keys; k++) {
                        EVENTS.hit(thread, "k" + ((k + thread * 31) % keys), PaymentMethod.CARD);
                    }
                }
            });
            AggregationSnapshot snapshot = session.aggregation("agg1");
            assertEquals(capacity, snapshot.entries().size());
            long counted = 0;
            for (Entry e : snapshot.entries()) {
                assertTrue(e.count() > 0 && e.count() <= (long) THREADS * rounds, e.toString());
                counted += e.count();
            }
            assertEquals((long) THREADS * rounds * keys, counted + snapshot.droppedKeys(), "every event counted or dropped, once");
            session.close();
        }
    }

    @Test
    void intervalsReadWhileThreadsEmitAddUpToTheEventsDelivered() throws Exception {
        for (boolean virtual : hasVirtualThreads() ? new boolean[] {false, true} : new boolean[] {false}) {
            Session session = Tracing.createSession(SessionConfig.builder("interval" + virtual)
                    .aggregate("c = coretest.agg:hit count() by (method)", "h = coretest.agg:hit hist(thread) by (method)").build());
            session.start();
            int perThread = 20_000 * SCALE;
            AtomicBoolean done = new AtomicBoolean();
            long[] intervalCounts = new long[2];
            long[] intervalBuckets = new long[1];
            int[] intervals = new int[1];
            AggregationSnapshot firstC = session.aggregation("c"); // before any thread emits
            AggregationSnapshot firstH = session.aggregation("h");
            Thread reader = new Thread(() -> {
                AggregationSnapshot lastC = firstC;
                AggregationSnapshot lastH = firstH;
                while (true) {
                    boolean last = done.get(); // read before the snapshot: after the emitters ended, one more full pass
                    AggregationSnapshot c = session.aggregation("c");
                    AggregationSnapshot h = session.aggregation("h");
                    for (Entry e : c.since(lastC).entries()) {
                        intervalCounts[0] += e.count();
                    }
                    for (Entry e : h.since(lastH).entries()) {
                        intervalCounts[1] += e.count();
                        intervalBuckets[0] += e.buckets().stream().mapToLong(Long::longValue).sum();
                    }
                    lastC = c;
                    lastH = h;
                    intervals[0]++;
                    if (last) {
                        return;
                    }
                }
            });
            reader.start();
            run(THREADS, virtual, thread -> {
                for (int i = 0; i < perThread; i++) {
                    EVENTS.hit(thread, "x", METHODS[i % 4]);
                }
            });
            done.set(true);
            reader.join();
            // delivered: what the threads emitted, less what the session counted as discarded (a virtual thread that
            // finds the pooled writers exhausted discards its event: "tracing never waits")
            long dropped = session.statistics().discardedEvents();
            long total = (long) THREADS * perThread - dropped;
            assertTrue(dropped <= (long) THREADS * perThread / 2, dropped + " events dropped by the writers");
            // and less what a table counted in droppedKeys (a claimer of a new key descheduled past the bounded wait,
            // as in the test above): every delivered event is in exactly one of the table's counts or droppedKeys
            AggregationSnapshot c = session.aggregation("c");
            AggregationSnapshot h = session.aggregation("h");
            long tableC = c.entries().stream().mapToLong(Entry::count).sum();
            long tableH = h.entries().stream().mapToLong(Entry::count).sum();
            assertEquals(total, tableC + c.droppedKeys(), "count() in the table (droppedKeys " + c.droppedKeys()
                    + "), virtual threads: " + virtual);
            assertEquals(total, tableH + h.droppedKeys(), "hist in the table (droppedKeys " + h.droppedKeys() + ")");
            assertTrue(c.droppedKeys() + h.droppedKeys() <= Math.max(total / 1000, 16L * THREADS), "dropped keys " + c.droppedKeys() + " and "
                    + h.droppedKeys() + " of " + total + ": a key's claim should rarely outlast the bounded wait");
            assertEquals(tableC, intervalCounts[0], "count() over " + intervals[0] + " intervals, virtual threads: " + virtual);
            assertEquals(tableH, intervalCounts[1], "hist counts over the intervals");
            assertEquals(tableH, intervalBuckets[0], "hist buckets over the intervals");
            assertTrue(intervals[0] > 1, "the reader read while threads emitted");
            session.close();
        }
    }
}
