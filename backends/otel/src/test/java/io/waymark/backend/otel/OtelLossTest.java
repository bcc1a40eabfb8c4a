package io.waymark.backend.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.spi.DiscardReason;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With the backend's own pipeline every event ends delivered (acknowledged by the receiver) or counted
 * as discarded, exactly, whatever the receiver does; the emitting thread never waits for it, and each
 * kind of loss is reported once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against a blocked application thread, not a measurement
class OtelLossTest {

    private final Direct.Lines lines = new Direct.Lines();
    private OtlpReceiver receiver;

    @BeforeAll
    static void noRetries() {
        // the SDK's exporter retries a refused connection with back-off for seconds: the tests want the answer now
        System.setProperty("otel.java.exporter.otlp.retry.disabled", "true");
    }

    @AfterAll
    static void retries() {
        System.clearProperty("otel.java.exporter.otlp.retry.disabled");
    }

    @BeforeEach
    void start() throws Exception {
        receiver = OtlpReceiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @RepeatedTest(3)
    void receiverDownThenUpEveryEventIsDeliveredOrCounted() throws Exception {
        OtelBackend backend = Direct.backend(receiver, lines, Map.of(OtelBackendFactory.BATCH_SIZE, "100"));
        receiver.stop();
        for (int i = 0; i < 1_000; i++) {
            backend.onEvent(Direct.tick(i));
        }
        await(() -> backend.discardedEvents() == 1_000, () -> "discarded " + backend.discardedEvents());
        receiver.restart();
        for (int i = 0; i < 1_000; i++) {
            backend.onEvent(Direct.tick(1_000 + i));
        }
        backend.close();
        assertEquals(1_000, backend.deliveredEvents());
        assertEquals(1_000, receiver.accepted());
        assertEquals(1_000, backend.discardedEvents());
        assertEquals(1_000, backend.discardedEvents(DiscardReason.WRITE_FAILED), "the collector did not take them");
        assertEquals(1_000, backend.recordedEvents());
        assertEquals(1, lines.count("export to " + receiver.endpoint() + "/v1/logs failed"), lines.all()::toString);
        assertEquals(1, lines.all().size(), lines.all()::toString);
    }

    @RepeatedTest(3)
    void slowReceiverFillsTheBufferAndEveryDropIsCounted() throws Exception {
        receiver.delay(50);
        OtelBackend backend = Direct.backend(receiver, lines, Map.of(OtelBackendFactory.BUFFER_SIZE, "64",
                OtelBackendFactory.BATCH_SIZE, "32"));
        int perThread = 10_000;
        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            int base = t * perThread;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    backend.onEvent(Direct.tick(base + i));
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        backend.close();
        long emitted = (long) perThread * threads.length;
        assertTrue(backend.discardedEvents() > 0, "a 64-slot buffer before a 50 ms receiver must overflow");
        assertEquals(emitted, backend.deliveredEvents() + backend.discardedEvents());
        assertEquals(backend.discardedEvents(), backend.discardedEvents(DiscardReason.BUFFER_FULL), "all for a full buffer");
        assertEquals(receiver.accepted(), backend.deliveredEvents());
        assertEquals(receiver.received(), backend.deliveredEvents());
        assertEquals(1, lines.count("the buffer was full"), lines.all()::toString);
    }

    @Test
    void theApplicationThreadNeverWaitsForTheCollector() throws Exception {
        receiver.hold(); // the receiver takes the first request and never answers it until released
        OtelBackend backend = Direct.backend(receiver, lines, Map.of(OtelBackendFactory.BUFFER_SIZE, "1024",
                OtelBackendFactory.BATCH_SIZE, "100"));
        for (int i = 0; i < 100_000; i++) {
            backend.onEvent(Direct.tick(i)); // would hang here (and time out) if an event waited for the export
        }
        long discardedWhileHeld = backend.discardedEvents();
        receiver.release();
        backend.close();
        assertTrue(discardedWhileHeld >= 100_000 - 1024 - 100, "dropped while held: " + discardedWhileHeld);
        assertEquals(100_000, backend.deliveredEvents() + backend.discardedEvents());
        assertEquals(receiver.accepted(), backend.deliveredEvents());
    }

    @ParameterizedTest
    @EnumSource(value = OtlpReceiver.Answer.class, names = {"BAD_REQUEST", "UNAVAILABLE", "GARBAGE"})
    void errorsAndUnreadableAnswersAreCountedAndReportedOnce(OtlpReceiver.Answer answer) {
        receiver.answer(answer);
        OtelBackend backend = Direct.backend(receiver, lines, Map.of(OtelBackendFactory.BATCH_SIZE, "10"));
        for (int i = 0; i < 50; i++) {
            backend.onEvent(Direct.tick(i));
        }
        backend.close();
        assertEquals(0, backend.deliveredEvents());
        assertEquals(50, backend.discardedEvents());
        assertEquals(50, backend.discardedEvents(DiscardReason.WRITE_FAILED));
        assertEquals(50, receiver.received());
        assertTrue(receiver.requests().size() >= 5);
        List<String> reported = lines.all();
        assertEquals(1, reported.size(), reported::toString);
        assertTrue(reported.get(0).contains(answer == OtlpReceiver.Answer.GARBAGE ? "no OTLP response" : "failed"),
                reported::toString);
    }

    @Test
    void aPartialSuccessCountsTheRejectedRecords() {
        receiver.answer(OtlpReceiver.Answer.PARTIAL);
        receiver.rejectPerRequest(3);
        OtelBackend backend = Direct.backend(receiver, lines, Map.of(OtelBackendFactory.BATCH_SIZE, "10"));
        for (int i = 0; i < 50; i++) {
            backend.onEvent(Direct.tick(i));
        }
        backend.close();
        int requests = receiver.requests().size();
        assertEquals(3L * requests, backend.discardedEvents());
        assertEquals(50 - 3L * requests, backend.deliveredEvents());
        assertEquals(receiver.accepted(), backend.deliveredEvents());
        List<String> reported = lines.all();
        assertEquals(1, reported.size(), reported::toString);
        assertTrue(reported.get(0).contains("rejected 3 of") && reported.get(0).contains("too many attributes"), reported::toString);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"200", "0"})
    void closingNeverBlocksLongerThanItsTimeoutAndCountsWhatItLeaves(String closeTimeout) throws Exception {
        receiver.hold();
        OtelBackend backend = Direct.backend(receiver, lines, Map.of(OtelBackendFactory.BATCH_SIZE, "10",
                OtelBackendFactory.CLOSE_TIMEOUT, closeTimeout,
                OtelBackendFactory.EXPORT_TIMEOUT, "600000")); // the request never times out on its own within the test
        for (int i = 0; i < 100; i++) {
            backend.onEvent(Direct.tick(i));
        }
        backend.close(); // returns although the receiver never answers: the @Timeout guard would fail otherwise
        // the export thread gives up the batch in flight and counts it with the rest, without waiting for an answer
        await(() -> backend.deliveredEvents() + backend.discardedEvents() == 100,
                () -> backend.deliveredEvents() + " delivered, " + backend.discardedEvents() + " discarded");
        receiver.release();
        assertEquals(0, backend.deliveredEvents());
        assertEquals(100, backend.discardedEvents());
    }

    /** Waits for a condition of the background export, with a generous guard against a hang. */
    static void await(BooleanSupplier condition, java.util.function.Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached in 30 s: " + state.get());
            }
            Thread.sleep(5);
        }
    }
}
