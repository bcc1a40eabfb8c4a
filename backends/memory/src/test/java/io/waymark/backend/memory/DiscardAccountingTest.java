package io.waymark.backend.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.SessionStatistics;
import io.waymark.core.Tracing;
import io.waymark.memtest.DiscardEvents.Node;
import io.waymark.memtest.DiscardEvents;
import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import io.waymark.spi.DiscardReason;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.wire.EventWriter;
import io.waymark.spi.wire.ThreadWriters;
import io.waymark.spi.wire.WireFormat;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every event a session enabled is recorded or discarded for one reason, counted once, in that session:
 * {@code recorded + Σ discarded = emitted}, exactly, per session, with two sessions on the same tracepoint of
 * which only one loses events.
 */
@Timeout(60)
class DiscardAccountingTest {

    private static final DiscardEvents EVENTS = Waymark.provider(DiscardEvents.class);
    private static final int EMITTERS = 4;
    private static final int EVENTS_PER_EMITTER = 2_000;
    private static final int EMITTED = EMITTERS * EVENTS_PER_EMITTER;

    private final List<Session> sessions = new ArrayList<>();

    @AfterEach
    void closeSessions() {
        sessions.forEach(Session::close);
    }

    private Session start(String name, BackendFactory backend, String rule, Map<String, String> settings) {
        SessionConfig.Builder config = SessionConfig.builder(name).backend(backend).enable(rule).maxBackendFailures(1_000_000);
        settings.forEach(config::setting);
        Session session = Tracing.createSession(config.build());
        sessions.add(session);
        session.start();
        return session;
    }

    /** {@link #EMITTERS} threads each emit {@link #EVENTS_PER_EMITTER} ticks, sequence 0, 1, 2, ...; returns once all are done. */
    private static void emitTicks() throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int e = 0; e < EMITTERS; e++) {
            int emitter = e;
            threads.add(new Thread(() -> {
                for (int sequence = 0; sequence < EVENTS_PER_EMITTER; sequence++) {
                    EVENTS.tick(emitter, sequence);
                }
            }, "emitter-" + e));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** The session's statistics after it stopped (the emitting threads are done): recorded and discarded as expected, adding up. */
    private static SessionStatistics assertAccounted(Session session, long emitted, long recorded, Map<DiscardReason, Long> discarded) {
        session.stop();
        SessionStatistics statistics = session.statistics();
        assertEquals(recorded, statistics.recordedEvents(), statistics::toString);
        assertEquals(discarded, statistics.discarded(), statistics::toString);
        assertEquals(emitted, statistics.emittedEvents(), () -> "recorded + discarded = emitted: " + statistics);
        return statistics;
    }

    @Test
    void aFullBufferIsCountedInTheSessionThatLostTheEventsOnly() throws Exception {
        Session small = start("discards-small", new MemoryBackendFactory(), "memtest.discards:tick", Map.of("capacity", "100"));
        Session big = start("discards-big", new MemoryBackendFactory(), "memtest.discards:tick", Map.of());

        emitTicks();

        assertAccounted(small, EMITTED, 100, Map.of(DiscardReason.BUFFER_FULL, EMITTED - 100L));
        assertAccounted(big, EMITTED, EMITTED, Map.of());
        assertEquals(EMITTED - 100L, small.statistics().discardedEvents(), "the total is the sum of the reasons");
    }

    @Test
    void aBackendThatThrowsLosesItsEventsAsBackendFailedInItsSessionOnly() throws Exception {
        Flaky.Factory flaky = new Flaky.Factory(false);
        Session failing = start("discards-failing", flaky, "memtest.discards:tick", Map.of());
        Session healthy = start("discards-healthy", new MemoryBackendFactory(), "memtest.discards:tick", Map.of());

        emitTicks();

        SessionStatistics statistics = assertAccounted(failing, EMITTED, EMITTED / 2,
                Map.of(DiscardReason.BACKEND_FAILED, (long) EMITTED / 2));
        assertEquals(EMITTED / 2, statistics.backendFailures(), "each discarded event is also a failure");
        assertEquals(EMITTED / 2, flaky.backend.kept.events().size(), "the encoded path: onEvent kept the even ones");
        assertAccounted(healthy, EMITTED, EMITTED, Map.of());
    }

    @Test
    void anArgumentConsumerThatThrowsLosesItsEventsAsBackendFailed() throws Exception {
        Flaky.Factory flaky = new Flaky.Factory(true);
        Session failing = start("discards-failing-consumer", flaky, "memtest.discards:tick", Map.of());
        Session healthy = start("discards-healthy-encoded", new MemoryBackendFactory(), "memtest.discards:tick", Map.of());

        emitTicks();

        assertAccounted(failing, EMITTED, EMITTED / 2, Map.of(DiscardReason.BACKEND_FAILED, (long) EMITTED / 2));
        assertEquals(EMITTED / 2, flaky.backend.consumed.get(), "the arguments path: the consumer took the even ones");
        assertEquals(0, flaky.backend.kept.events().size(), "nothing took the encoded path to this backend");
        assertAccounted(healthy, EMITTED, EMITTED, Map.of());
    }

    @Test
    void anEventAFilterRejectsIsNotDiscarded() throws Exception {
        Session filtered = start("discards-filtered", new MemoryBackendFactory(), "memtest.discards:tick[sequence < 10]", Map.of());
        Session small = start("discards-small-beside", new MemoryBackendFactory(), "memtest.discards:tick", Map.of("capacity", "1"));

        emitTicks();

        assertAccounted(filtered, EMITTERS * 10L, EMITTERS * 10L, Map.of());
        assertAccounted(small, EMITTED, 1, Map.of(DiscardReason.BUFFER_FULL, EMITTED - 1L));
    }

    /**
     * Tracepoints nested deeper than a thread's writers: a view accessor that emits the same event, which
     * emits it again, and so on; the event at depth {@link EventWriter#MAX_DEPTH} finds no writer.
     */
    @Test
    void nestingTooDeepIsCountedInEverySessionOfTheTracepoint() {
        Session first = start("discards-nested-1", new MemoryBackendFactory(), "memtest.discards:nested", Map.of());
        Session second = start("discards-nested-2", new MemoryBackendFactory(), "memtest.discards:nested", Map.of());
        int calls = 10;
        IntConsumer[] recurse = new IntConsumer[1];
        recurse[0] = level -> EVENTS.nested(new Node(level + 1, recurse[0])); // stops where a call finds no writer

        for (int i = 0; i < calls; i++) {
            EVENTS.nested(new Node(0, recurse[0]));
        }

        long emitted = calls * (ThreadWriters.MAX_DEPTH + 1L); // the outermost event and MAX_DEPTH nested ones per call
        long recorded = calls * (long) ThreadWriters.MAX_DEPTH;
        for (Session session : List.of(first, second)) {
            assertAccounted(session, emitted, recorded, Map.of(DiscardReason.NESTING_TOO_DEEP, (long) calls));
        }
    }

    /** A view accessor (application code) that throws: the event is never complete, and the application never sees the exception. */
    @Test
    void anEventWhoseViewAccessorThrewIsCountedAsFieldAccessorFailed() {
        Session first = start("discards-accessor-1", new MemoryBackendFactory(), "memtest.discards:nested", Map.of());
        Session second = start("discards-accessor-2", new MemoryBackendFactory(), "memtest.discards:nested", Map.of());
        for (int i = 0; i < 10; i++) {
            int level = i;
            EVENTS.nested(new Node(level, l -> {
                if (l % 2 == 1) {
                    throw new IllegalStateException("accessor failed at level " + l);
                }
            }));
        }
        for (Session session : List.of(first, second)) {
            assertAccounted(session, 10, 5, Map.of(DiscardReason.FIELD_ACCESSOR_FAILED, 5L));
        }
    }

    @Test
    void anEventLargerThanTheFormatAllowsIsCountedAsTooLarge() {
        Session session = start("discards-large", new MemoryBackendFactory(), "memtest.discards:payload", Map.of());
        byte[] tooLarge = new byte[WireFormat.MAX_RECORD_SIZE];
        for (int i = 0; i < 10; i++) {
            EVENTS.payload(i, i % 2 == 0 ? tooLarge : new byte[16]);
        }
        assertAccounted(session, 10, 5, Map.of(DiscardReason.EVENT_TOO_LARGE, 5L));
    }

    /**
     * Keeps events in a memory backend but throws on every tick whose sequence is odd: from {@link #onEvent}, or
     * from the argument consumer it offers for ticks when made to consume arguments.
     */
    static final class Flaky implements Backend {

        private static final MethodHandle CONSUME;

        static {
            try {
                CONSUME = MethodHandles.lookup().findVirtual(Flaky.class, "consume",
                        MethodType.methodType(void.class, int.class, int.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final MemoryBackend kept;
        final AtomicLong consumed = new AtomicLong();
        private final boolean consumeArguments;

        Flaky(BackendContext context, boolean consumeArguments) {
            this.kept = new MemoryBackend(context.clock(), 1_000_000);
            this.consumeArguments = consumeArguments;
        }

        @Override
        public void onEvent(Event event) {
            if (event.getInt(1) % 2 == 1) {
                throw new IllegalStateException("flaky backend: odd sequence " + event.getInt(1));
            }
            kept.onEvent(event);
        }

        @Override
        public MethodHandle argumentConsumer(EventType type, MethodType arguments) {
            return consumeArguments && type.name().equals("tick") ? CONSUME.bindTo(this) : null;
        }

        private void consume(int emitter, int sequence) {
            if (sequence % 2 == 1) {
                throw new IllegalStateException("flaky consumer: odd sequence " + sequence);
            }
            consumed.incrementAndGet();
        }

        @Override
        public long recordedEvents() {
            return kept.recordedEvents() + consumed.get();
        }

        /** Hands out one {@link Flaky} and remembers it. */
        static final class Factory implements BackendFactory {
            private final boolean consumeArguments;
            volatile Flaky backend;

            Factory(boolean consumeArguments) {
                this.consumeArguments = consumeArguments;
            }

            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public String requestedSpiVersion() {
                return BackendFactory.SPI_VERSION;
            }

            @Override
            public Backend create(BackendContext context) {
                backend = new Flaky(context, consumeArguments);
                return backend;
            }
        }
    }
}
