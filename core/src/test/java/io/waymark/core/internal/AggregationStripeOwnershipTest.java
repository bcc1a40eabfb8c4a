package io.waymark.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.core.AggregationSnapshot;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.aggregate.Aggregation;
import io.waymark.spi.aggregate.CheckedAggregation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The owned stripes of {@link AggregationTable}: one stripe, so that every thread but its owner counts on
 * the shared stripe, and a stream of short-lived threads (a few alive at once), so that the owned stripe is
 * taken over again and again from an owner that ended while other threads count beside it. Counts and sums,
 * in the table and summed over intervals read meanwhile, are exact. Platform threads, and virtual ones where
 * the JDK has them. Not timed.
 */
class AggregationStripeOwnershipTest {

    enum Method { CARD, CASH }

    private static final EventType PAID = new EventType("agg.stripes", "paid", 1, Stability.STABLE, Level.INFO, List.of(
            FieldDescriptor.of("micros", FieldType.LONG), FieldDescriptor.of("sku", FieldType.STRING),
            FieldDescriptor.ofEnum("method", Method.class.getName(), List.of("CARD", "CASH"))));
    private static final MethodType ARGS = MethodType.methodType(void.class, long.class, String.class, Method.class);
    private static final String[] SKUS = {"SKU-1", "SKU-2", "SKU-3"};
    private static final int SCALE = Integer.getInteger("waymark.agg.stress", 1);

    /** A table of one owned and one shared stripe, and the tracepoint's handle into it. */
    private record Table(AggregationTable table, MethodHandle handle) {
        static Table of(String spec) {
            CheckedAggregation checked = Aggregation.parse(spec).named("a").check(PAID);
            AggregationTable table = new AggregationTable(checked, 64, 32, 1);
            MethodHandle handle = new SessionAggregation.AggregatingTarget(table, checked, table.typeIndex(PAID))
                    .argumentsHandle(PAID, 0, ARGS);
            assertNotNull(handle, spec);
            return new Table(table, handle);
        }
    }

    private static ExecutorService virtualExecutor() throws ReflectiveOperationException {
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }

    @Test
    void shortLivedThreadsTakeTheOwnedStripeOverAndEveryEventIsCountedOnce() throws Exception {
        run(false);
    }

    @Test
    void shortLivedVirtualThreadsTakeTheOwnedStripeOverAndEveryEventIsCountedOnce() throws Exception {
        if (Runtime.version().feature() >= 21) {
            run(true);
        }
    }

    private static void run(boolean virtual) throws Exception {
        Table count = Table.of("agg.stripes:paid count() by (sku, method)");
        Table sum = Table.of("agg.stripes:paid sum(micros) by (sku, method)");
        int threads = 64 * SCALE;
        int perThread = 20_000;
        int alive = 4; // more than the one owned stripe: the others count on the shared one meanwhile
        Set<Thread> owners = Collections.newSetFromMap(new IdentityHashMap<>());
        AtomicBoolean done = new AtomicBoolean();
        long[] intervals = new long[3]; // count, sum, how many
        AggregationSnapshot firstCount = count.table.snapshot("c");
        AggregationSnapshot firstSum = sum.table.snapshot("s");
        Thread reader = new Thread(() -> {
            AggregationSnapshot lastCount = firstCount;
            AggregationSnapshot lastSum = firstSum;
            while (true) {
                boolean last = done.get(); // read before the snapshots: after the emitters ended, one more full pass
                Thread owner = count.table.owner(0);
                if (owner != null) {
                    owners.add(owner);
                }
                AggregationSnapshot c = count.table.snapshot("c");
                AggregationSnapshot s = sum.table.snapshot("s");
                intervals[0] += c.since(lastCount).entries().stream().mapToLong(AggregationSnapshot.Entry::count).sum();
                intervals[1] += s.since(lastSum).entries().stream().mapToLong(e -> e.sum().longValue()).sum();
                intervals[2]++;
                lastCount = c;
                lastSum = s;
                if (last) {
                    return;
                }
            }
        });
        reader.start();
        Semaphore window = new Semaphore(alive);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService executor = virtual ? virtualExecutor() : null;
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Runnable task = () -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        String sku = (i & 15) == 0 ? new String(SKUS[i % 3].toCharArray()) : SKUS[i % 3]; // now and then by content
                        Method method = Method.values()[(i + thread) & 1];
                        boolean encodeForCount = (boolean) count.handle.invokeExact((long) i, sku, method);
                        boolean encodeForSum = (boolean) sum.handle.invokeExact((long) i, sku, method);
                        if (encodeForCount || encodeForSum) {
                            throw new AssertionError("asked to encode");
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    window.release();
                }
            };
            window.acquire();
            if (virtual) {
                executor.submit(task);
            } else {
                Thread platform = new Thread(task, "emitter-" + t);
                started.add(platform);
                platform.start();
            }
        }
        window.acquire(alive); // every task ended
        if (executor != null) {
            executor.shutdown();
            assertTrue(executor.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES));
        }
        for (Thread platform : started) {
            platform.join();
        }
        done.set(true);
        reader.join();
        assertEquals(List.of(), failures);
        long events = (long) threads * perThread;
        long sumOfMicros = (long) threads * ((long) perThread * (perThread - 1) / 2);
        AggregationSnapshot c = count.table.snapshot("c");
        AggregationSnapshot s = sum.table.snapshot("s");
        assertEquals(6, c.entries().size());
        // A thread that finds a new key's slot still being claimed after a bounded wait (its claimer descheduled: 64
        // threads starting on 2 CPUs race for the same 6 keys) gives up and counts the event in droppedKeys (documented
        // in AggregationSnapshot; failed a CI run with 2 of 1.28 M so): every event is counted once, or dropped, counted.
        long counted = c.entries().stream().mapToLong(AggregationSnapshot.Entry::count).sum();
        long sumCounted = s.entries().stream().mapToLong(AggregationSnapshot.Entry::count).sum();
        long summed = s.entries().stream().mapToLong(e -> e.sum().longValue()).sum();
        assertEquals(events, counted + c.droppedKeys(), "count() in the table (droppedKeys " + c.droppedKeys() + ")");
        assertEquals(events, sumCounted + s.droppedKeys(), "sum()'s count in the table (droppedKeys " + s.droppedKeys() + ")");
        assertTrue(c.droppedKeys() + s.droppedKeys() <= events / 1000, () -> "dropped " + c.droppedKeys() + " and "
                + s.droppedKeys() + " of " + events + ": a key's claim should rarely outlast the bounded wait");
        if (s.droppedKeys() == 0) {
            assertEquals(sumOfMicros, summed, "sum() in the table");
        } else {
            assertTrue(summed <= sumOfMicros, "sum() in the table: " + summed);
        }
        assertEquals(counted, intervals[0], "count() over " + intervals[2] + " intervals: the table's");
        assertEquals(summed, intervals[1], "sum() over the intervals: the table's");
        assertTrue(owners.size() > 1, "the owned stripe changed hands: " + owners.size() + " owners seen");
    }
}
