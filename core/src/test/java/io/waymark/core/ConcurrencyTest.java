package io.waymark.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.core.fixtures.RecordingBackend;
import io.waymark.core.fixtures.StressEvents;
import io.waymark.spi.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Enabling, disabling, starting and stopping sessions while other threads emit. */
class ConcurrencyTest {

    private static final StressEvents STRESS = Waymark.provider(StressEvents.class);
    private static final int THREADS = 4;

    @AfterEach
    void closeSessions() {
        Tracing.sessions().forEach(Session::close);
    }

    @Test
    void togglingWhileEmittingNeverThrowsAndDeliversOnlyEnabledEvents() throws Exception {
        // Each session checks every event it receives against what it enabled at that moment.
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong tickSeen = new AtomicLong();
        AtomicLong tockSeen = new AtomicLong();
        RecordingBackend.Factory ticks = new RecordingBackend.Factory("ticks", event -> {
            if (!event.type().name().equals("tick")) {
                failure.compareAndSet(null, new AssertionError("tick-only session got " + event.type()));
            }
            tickSeen.incrementAndGet();
        });
        RecordingBackend.Factory tocks = new RecordingBackend.Factory("tocks", event -> {
            if (!event.type().name().equals("tock")) {
                failure.compareAndSet(null, new AssertionError("tock-only session got " + event.type()));
            }
            tockSeen.incrementAndGet();
        });
        Session tickSession = Tracing.createSession(SessionConfig.builder("ticks").backend(ticks).enable("coretest.stress:tick").build());
        Session tockSession = Tracing.createSession(SessionConfig.builder("tocks").backend(tocks).build());

        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch started = new CountDownLatch(THREADS);
        List<Thread> emitters = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                started.countDown();
                long seq = 0;
                try {
                    while (running.get()) {
                        STRESS.tick(id, seq);
                        STRESS.tock(id, seq);
                        seq++;
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            thread.start();
            emitters.add(thread);
        }
        started.await();
        for (int round = 0; round < 200; round++) {
            tickSession.start();
            tockSession.enable("coretest.stress:tock");
            tockSession.start();
            Thread.sleep(0, 200_000);
            tockSession.disable("coretest.stress:tock");
            tickSession.stop();
            tockSession.stop();
        }
        running.set(false);
        for (Thread thread : emitters) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertTrue(tickSeen.get() > 0, "the tick session saw events");
        assertTrue(tockSeen.get() > 0, "the tock session saw events");
        assertEquals(0, tickSession.statistics().backendFailures());
    }

    @Test
    void afterStopReturnsNoEventArrives() throws Exception {
        AtomicLong afterStop = new AtomicLong();
        AtomicLong lastBeforeStop = new AtomicLong(Long.MAX_VALUE); // the emitter's number when stop() had returned
        RecordingBackend.Factory factory = new RecordingBackend.Factory("stop", event -> {
            if (event.getLong(1) > lastBeforeStop.get()) {
                afterStop.incrementAndGet();
            }
        });
        Session session = Tracing.createSession(SessionConfig.builder("stop").backend(factory).enable("coretest.stress:*").build());
        session.start();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong current = new AtomicLong(-1);
        Thread emitter = new Thread(() -> {
            long seq = 0;
            while (running.get()) {
                current.set(seq); // before the call: a number above what main reads after stop() was emitted after it
                STRESS.tick(0, seq++);
            }
        });
        emitter.start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (current.get() < 10_000) {
            assertTrue(emitter.isAlive() && System.nanoTime() - deadline < 0, "the emitter emits");
            Thread.onSpinWait(); // the session records
        }
        session.stop();
        long last = current.get(); // events up to this one may have been inside the call when stop() flipped the switch
        lastBeforeStop.set(last);
        while (current.get() < last + 10_000) {
            assertTrue(emitter.isAlive() && System.nanoTime() - deadline < 0, "the emitter emits after stop()");
            Thread.onSpinWait(); // no sleep: however late the emitter runs, it emits 10,000 more after stop() returned
        }
        running.set(false);
        emitter.join();
        assertEquals(0, afterStop.get(), "events emitted after stop() returned (after number " + last + ") were delivered");
    }

    @Test
    void perThreadOrderIsPreserved() throws Exception {
        Map<Long, Long> lastSeqByThread = new ConcurrentHashMap<>();
        AtomicReference<String> disorder = new AtomicReference<>();
        RecordingBackend.Factory factory = new RecordingBackend.Factory("order", (Event event) -> {
            long thread = event.getInt(0);
            long seq = event.getLong(1);
            Long previous = lastSeqByThread.put(thread, seq);
            if (previous != null && previous >= seq) {
                disorder.compareAndSet(null, "thread " + thread + ": " + previous + " then " + seq);
            }
        });
        Session session = Tracing.createSession(SessionConfig.builder("order").backend(factory).enable("coretest.stress:tick").build());
        session.start();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                for (long seq = 0; seq < 20_000; seq++) {
                    STRESS.tick(id, seq);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        session.close();
        assertEquals(null, disorder.get());
        for (int t = 0; t < THREADS; t++) {
            assertEquals(19_999L, lastSeqByThread.get((long) t), "every event of thread " + t + " arrived");
        }
        assertEquals(THREADS * 20_000, factory.last().events.size());
    }
}
