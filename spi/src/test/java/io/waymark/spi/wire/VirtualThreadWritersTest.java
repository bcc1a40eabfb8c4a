package io.waymark.spi.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.DiscardReason;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.probe.CountingTarget;
import io.waymark.spi.probe.Probe;
import io.waymark.spi.probe.ProbeRegistry;
import io.waymark.spi.probe.ProbeTarget;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * Virtual threads borrow writers from a small pool instead of keeping one each. Runs on Java 21 and
 * later (`.ci/run` runs the suite on Java 25); Java 17 has no virtual threads.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadWritersTest {

    private static final EventType VISIT = new EventType("vthreadtest.visits", "visit", 1, Stability.STABLE, Level.INFO,
            List.of(FieldDescriptor.of("n", FieldType.INT), FieldDescriptor.of("who", FieldType.STRING)));

    @Test
    void manyVirtualThreadsRecordEveryEventWithTheirOwnThreadIdAndCreateNoWriterEach() throws Exception {
        Probe probe = ProbeRegistry.register(new ProviderDescriptor(VISIT.provider(), "test.visits", List.of(VISIT)))[0];
        Map<Long, String> seen = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        CountingTarget target = new CountingTarget(event -> {
            int n = event.getInt(0);
            String who = event.getString(1);
            if (!who.equals("visitor-" + n)) {
                problems.add("event " + n + " carries " + who);
            }
            if (seen.put(event.threadId(), who) != null) {
                problems.add("thread " + event.threadId() + " recorded twice");
            }
        });
        Probe.update(Map.of(probe, target));
        Method startVirtualThread = Thread.class.getMethod("startVirtualThread", Runnable.class);
        long writersBefore = ThreadWriters.writersCreated();
        int count = 20_000;
        List<Thread> threads = new ArrayList<>(count);
        Map<Long, String> expected = new ConcurrentHashMap<>();
        try {
            for (int i = 0; i < count; i++) {
                int n = i;
                String who = "visitor-" + n;
                threads.add((Thread) startVirtualThread.invoke(null, (Runnable) () -> {
                    expected.put(Thread.currentThread().getId(), who);
                    EventWriter writer = probe.begin();
                    if (writer != null) {
                        writer.putInt(n);
                        writer.putString(who, 1);
                        probe.commit(writer);
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
        } finally {
            Probe.update(Map.of(probe, ProbeTarget.NONE));
        }
        assertTrue(problems.isEmpty(), () -> problems.toString());
        long lost = target.discarded(DiscardReason.WRITER_POOL_EXHAUSTED);
        assertEquals(lost, target.discarded(), "no other reason");
        assertEquals(count, seen.size() + lost, "every event recorded or counted as dropped");
        assertTrue(lost <= count / 100, () -> lost + " of " + count + " dropped: the pool is far too small");
        seen.forEach((threadId, who) -> assertEquals(expected.get(threadId), who, "thread id of " + who));
        long created = ThreadWriters.writersCreated() - writersBefore;
        // the pool's first writers, and those it grew by: on JDK 24+ a virtual thread blocked on the callback's map (a
        // monitor) unmounts holding its writer, so more can be lent at once than the pool's initial size
        int pool = VirtualThreadWriters.size();
        assertTrue(created <= pool && pool <= Math.max(count / 100, 4 * VirtualThreadWriters.SIZE),
                () -> created + " writers created for " + count + " virtual threads; the pool holds " + pool);
    }

    @Test
    void whenEveryWriterIsLentThePoolGrowsInsteadOfDiscarding() throws Exception {
        Method startVirtualThread = Thread.class.getMethod("startVirtualThread", Runnable.class);
        int holders = 2 * VirtualThreadWriters.size() + 1; // more virtual threads inside an event than the pool holds
        java.util.concurrent.CountDownLatch lent = new java.util.concurrent.CountDownLatch(holders);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < holders; i++) {
            threads.add((Thread) startVirtualThread.invoke(null, (Runnable) () -> {
                EventWriter writer = VirtualThreadWriters.lend(Thread.currentThread());
                if (writer == null) {
                    problems.add("no writer");
                }
                lent.countDown();
                try {
                    done.await(); // blocked inside the event, as in a view accessor: the writer stays lent
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (writer != null) {
                    ThreadWriters.giveBack(writer);
                }
            }));
        }
        lent.await();
        int size = VirtualThreadWriters.size();
        done.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertTrue(problems.isEmpty(), () -> problems.size() + " virtual threads found no writer with the pool at " + size);
        assertTrue(size >= holders && size <= VirtualThreadWriters.MAX, "pool grew to " + size + " for " + holders + " holders");
    }

    /**
     * The race behind a CI failure: a thread sees the pool full and asks it to grow, but another thread
     * grew it first and the new writers were all lent before this one looked. It must grow again, not
     * discard.
     */
    @Test
    void aThreadThatSawAnOldFullPoolGrowsItAgainWhenTheNewWritersAreAllLent() {
        List<EventWriter> lentHere = new ArrayList<>();
        try {
            EventWriter[] stale = VirtualThreadWriters.pool();
            assumeTrue(stale.length * 4 <= VirtualThreadWriters.MAX, "the pool can still grow twice (" + stale.length
                    + " of at most " + VirtualThreadWriters.MAX + ")");
            // lend every writer of the pool, let the next lend grow it, then lend every writer of the grown pool
            for (int i = 0; i <= stale.length && VirtualThreadWriters.pool() == stale; i++) {
                lentHere.add(VirtualThreadWriters.lend(Thread.currentThread()));
            }
            assertTrue(VirtualThreadWriters.pool() != stale, "lending one more writer than the pool holds grew it");
            int grown = VirtualThreadWriters.size();
            while (lentHere.size() < grown) {
                lentHere.add(VirtualThreadWriters.lend(Thread.currentThread()));
            }
            assertTrue(lentHere.stream().allMatch(w -> w != null), "every writer up to the grown size is lent");
            assertEquals(grown, VirtualThreadWriters.size(), "the grown pool is full, not grown again yet");

            EventWriter late = VirtualThreadWriters.grow(stale, Thread.currentThread());
            assertTrue(late != null, "a thread that saw the old pool full found no writer with the pool at " + grown
                    + " of at most " + VirtualThreadWriters.MAX);
            lentHere.add(late);
            assertTrue(VirtualThreadWriters.size() > grown, "the pool grew again");
        } finally {
            lentHere.forEach(w -> {
                if (w != null) {
                    ThreadWriters.giveBack(w);
                }
            });
        }
    }
}
