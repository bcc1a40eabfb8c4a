package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.ctftest.ShopEvents;
import io.waymark.spi.DiscardReason;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many more threads than CPUs (16, 64, 200 platform threads; 10,000 virtual threads) record into one
 * CTF session with the default settings, at a rate the disk keeps up with: each thread numbers its
 * events, and the trace, read back with babeltrace2 and {@link CtfTraceReader}, holds every number of
 * every thread exactly once. A thread preempted in the middle of an event (certain here: 2 CPUs) must
 * hold back nothing but the delivery of its own sub-buffer: recorded + discarded = emitted exactly, and
 * nothing is discarded at all (no reason, BUFFER_FULL included, at this rate with these buffers).
 *
 * <p>The rates keep the machine's CPUs below saturation: the session's one background thread must get
 * CPU time to write packets. With the CPUs saturated (every thread runnable) it waits its turn behind
 * them, the default 64 × 256 KiB per stream fill, and events are discarded as {@code BUFFER_FULL} (still
 * counted exactly: the other assertions hold).
 */
class OversubscriptionTest {

    private static final ShopEvents SHOP = Waymark.provider(ShopEvents.class);
    private static final Pattern DISCARDED = Pattern.compile("discarded (\\d+) events?");

    @TempDir
    Path dir;

    private final Sessions sessions = new Sessions();

    @AfterEach
    void close() {
        sessions.close();
    }

    /**
     * @param threads emitting threads
     * @param events events per thread
     * @param burst events between two sleeps (the pace: every thread wakes at about the same time)
     * @param sleepMillis the sleep
     * @param virtual virtual threads (Java 21 and later) instead of platform threads
     */
    @ParameterizedTest(name = "{0} threads (virtual: {4}) × {1} events, {2} per {3} ms")
    @CsvSource({"16, 4000, 40, 1, false", "64, 1000, 20, 2, false", "200, 400, 10, 10, false", "10000, 8, 4, 1, true"})
    void everyEventOfEveryThreadIsRecordedOrCountedAndNoneIsDiscarded(int threads, int events, int burst, int sleepMillis,
            boolean virtual)
            throws Exception {
        Assumptions.assumeTrue(!virtual || Runtime.version().feature() >= 21, "virtual threads need Java 21");
        Path trace = dir.resolve("threads-" + threads);
        CtfBackend backend;
        AtomicLong emitted = new AtomicLong();
        try (Session session = sessions.start(trace, Map.of(), "ctftest.shop:tick")) { // default settings
            backend = Sessions.backend(session);
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> started = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Runnable work = () -> {
                    try {
                        start.await();
                        for (int i = 0; i < events; i++) {
                            SHOP.tick(id, i);
                            emitted.incrementAndGet();
                            spin(2_000); // some work per event: threads are preempted anywhere, mid-event too
                            if (i % burst == burst - 1) {
                                Thread.sleep(sleepMillis);
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                };
                started.add(virtual ? startVirtual(work) : start(work));
            }
            start.countDown();
            for (Thread thread : started) {
                thread.join();
            }
        }
        assertEquals((long) threads * events, emitted.get());
        Map<DiscardReason, Long> byReason = new EnumMap<>(DiscardReason.class);
        for (DiscardReason reason : DiscardReason.values()) {
            if (backend.discardedEvents(reason) != 0) {
                byReason.put(reason, backend.discardedEvents(reason));
            }
        }
        long discarded = backend.discardedEvents();

        BitSet[] seen = new BitSet[threads];
        for (int t = 0; t < threads; t++) {
            seen[t] = new BitSet(events);
        }
        long[] duplicates = {0};
        CtfTraceReader reader = CtfTraceReader.open(trace);
        reader.forEach(e -> {
            int thread = e.getInt(0);
            int sequence = (int) e.getLong(1);
            if (seen[thread].get(sequence)) {
                duplicates[0]++;
            }
            seen[thread].set(sequence);
        });
        long recorded = reader.count();
        long missing = 0;
        List<String> gaps = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int lost = events - seen[t].cardinality();
            missing += lost;
            if (lost > 0 && gaps.size() < 5) {
                gaps.add("thread " + t + " lacks " + lost + " numbers, the first " + seen[t].nextClearBit(0));
            }
        }
        List<String> output = Babeltrace.read(trace);
        long printed = output.stream().filter(l -> l.contains("ctftest.shop:tick")).count();
        long reported = 0;
        for (String line : output) {
            Matcher m = DISCARDED.matcher(line);
            if (m.find()) {
                reported += Long.parseLong(m.group(1));
            }
        }

        String summary = threads + (virtual ? " virtual" : " platform") + " threads: emitted " + emitted.get() + ", recorded "
                + recorded + ", discarded " + discarded + " " + byReason + ", gaps " + gaps;
        assertEquals(0, duplicates[0], summary);
        assertEquals(emitted.get(), recorded + discarded, "recorded + discarded = emitted: " + summary);
        assertEquals(discarded, missing, "the numbers missing are the events counted as discarded: " + summary);
        assertEquals(recorded, printed, "babeltrace2 prints every recorded event: " + summary);
        assertEquals(discarded, reported, "babeltrace2 reports the count: " + summary);
        assertEquals(discarded, reader.discardedEvents(), summary);
        assertEquals(Map.of(), byReason, "nothing discarded, for any reason: " + summary);
        assertTrue(gaps.isEmpty(), summary);
    }

    private static void spin(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
    }

    private static Thread start(Runnable work) {
        Thread thread = new Thread(work);
        thread.start();
        return thread;
    }

    private static Thread startVirtual(Runnable work) throws ReflectiveOperationException {
        Method startVirtualThread = Thread.class.getMethod("startVirtualThread", Runnable.class);
        return (Thread) startVirtualThread.invoke(null, work);
    }
}
