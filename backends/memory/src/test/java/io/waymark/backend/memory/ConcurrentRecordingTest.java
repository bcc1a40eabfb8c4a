package io.waymark.backend.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.memtest.StressEvents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ConcurrentRecordingTest {

    private static final StressEvents STRESS = Waymark.provider(StressEvents.class);
    private static final int EMITTERS = 4;
    private static final int EVENTS_PER_EMITTER = 10_000;

    @Test
    void recordsEveryEventOfConcurrentEmittersInEachThreadsOrder() throws Exception {
        try (Session session = Tracing.createSession(SessionConfig.builder("concurrent-all")
                .backend(new MemoryBackendFactory()).enable("memtest.stress:tick").build())) {
            session.start();
            MemoryBackend backend = (MemoryBackend) session.backend();
            AtomicBoolean emitting = new AtomicBoolean(true);
            AtomicReference<String> readerProblem = new AtomicReference<>();

            // A reader takes snapshots while the emitters run: each must be in per-thread order too.
            Thread reader = new Thread(() -> {
                while (emitting.get()) {
                    String problem = orderProblem(backend.events());
                    if (problem != null) {
                        readerProblem.compareAndSet(null, problem);
                    }
                    Thread.yield();
                }
            }, "reader");
            reader.start();
            emit(EMITTERS, EVENTS_PER_EMITTER);
            emitting.set(false);
            reader.join();

            List<RecordedEvent> events = backend.events();
            assertEquals(EMITTERS * EVENTS_PER_EMITTER, events.size(), "none lost");
            assertEquals(0, backend.discardedEvents());
            assertEquals(null, orderProblem(events));
            assertEquals(null, readerProblem.get());
            Map<Integer, Integer> perEmitter = new HashMap<>();
            for (RecordedEvent event : events) {
                perEmitter.merge((Integer) event.value("emitter"), 1, Integer::sum);
                assertEquals("emitter-" + event.value("emitter"), event.threadName());
            }
            assertEquals(Map.of(0, EVENTS_PER_EMITTER, 1, EVENTS_PER_EMITTER, 2, EVENTS_PER_EMITTER, 3, EVENTS_PER_EMITTER),
                    perEmitter);
        }
    }

    @Test
    void aFullBackendAccountsForEveryConcurrentEvent() throws Exception {
        try (Session session = Tracing.createSession(SessionConfig.builder("concurrent-bounded")
                .backend(new MemoryBackendFactory()).enable("memtest.stress:tick").setting("capacity", "1000").build())) {
            session.start();
            MemoryBackend backend = (MemoryBackend) session.backend();

            emit(EMITTERS, EVENTS_PER_EMITTER);

            List<RecordedEvent> events = backend.events();
            assertEquals(1000, events.size());
            assertEquals(EMITTERS * EVENTS_PER_EMITTER - 1000, backend.discardedEvents(), "kept + discarded = emitted");
            assertEquals(EMITTERS * EVENTS_PER_EMITTER, session.statistics().emittedEvents(), "the session's statistics agree");
            assertEquals(null, orderProblem(events));
            // The first events of each thread are kept: every emitter's kept events are 0, 1, 2, ... without a gap.
            Map<Integer, Integer> next = new HashMap<>();
            for (RecordedEvent event : events) {
                int emitter = (Integer) event.value("emitter");
                int expected = next.getOrDefault(emitter, 0);
                assertEquals(expected, event.value("sequence"), "emitter " + emitter + " kept a later event before an earlier one");
                next.put(emitter, expected + 1);
            }
        }
    }

    private static void emit(int emitters, int eventsEach) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < emitters; t++) {
            int emitter = t;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < eventsEach; i++) {
                    STRESS.tick(emitter, i);
                }
            }, "emitter-" + emitter);
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** The first violation of per-emitter order (each emitter's sequence numbers strictly increase), or null. */
    private static String orderProblem(List<RecordedEvent> events) {
        Map<Integer, Integer> last = new HashMap<>();
        for (RecordedEvent event : events) {
            int emitter = (Integer) event.value("emitter");
            int sequence = (Integer) event.value("sequence");
            Integer previous = last.put(emitter, sequence);
            if (previous != null && sequence <= previous) {
                return "emitter " + emitter + ": " + sequence + " after " + previous;
            }
        }
        assertTrue(events.size() <= EMITTERS * EVENTS_PER_EMITTER);
        return null;
    }
}
