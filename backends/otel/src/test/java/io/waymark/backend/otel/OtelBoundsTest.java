package io.waymark.backend.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.oteltest.ShopEvents;
import io.waymark.spi.Event;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the reviewer found: a session's stop and close must not block the application longer than
 * {@code close-timeout-ms} (close: flush and close together), and an event whose copy into the buffer
 * throws must not stall the export of every later one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against a blocked application thread, not a measurement
class OtelBoundsTest {

    private static final ShopEvents SHOP = Waymark.provider(ShopEvents.class);
    /** The bound is close-timeout-ms; the margin only absorbs scheduling on a loaded machine. */
    private static final long CLOSE_TIMEOUT_MS = 3_000;
    private static final long MARGIN_MS = 1_500;

    private final Direct.Lines lines = new Direct.Lines();
    private OtlpReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = OtlpReceiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void stopAndCloseOfASessionBlockAtMostTheCloseTimeoutWhenTheCollectorNeverAnswers() throws Exception {
        receiver.hold(); // takes the first request and never answers it
        Session session = Tracing.createSession(SessionConfig.builder("otel-bounds").backend(new OtelBackendFactory())
                .enable("oteltest.shop:*")
                .setting(OtelBackendFactory.ENDPOINT, receiver.endpoint())
                .setting(OtelBackendFactory.USE_GLOBAL, "false")
                .setting(OtelBackendFactory.EXPORT_INTERVAL, "20")
                .setting(OtelBackendFactory.EXPORT_TIMEOUT, "10000") // below the @Timeout guard even when flush waits twice it
                .setting(OtelBackendFactory.CLOSE_TIMEOUT, Long.toString(CLOSE_TIMEOUT_MS)).build());
        OtelBackend backend = (OtelBackend) session.backend();
        try {
            session.start();
            for (int i = 0; i < 10; i++) {
                SHOP.tick(1, i);
            }
            long stopMillis = millis(session::stop);
            assertTrue(stopMillis <= CLOSE_TIMEOUT_MS + MARGIN_MS, "stop() blocked " + stopMillis + " ms");

            session.start();
            for (int i = 10; i < 20; i++) {
                SHOP.tick(1, i);
            }
            long closeMillis = millis(session::close); // flushes, then closes: one budget for both
            assertTrue(closeMillis <= CLOSE_TIMEOUT_MS + MARGIN_MS, "close() blocked " + closeMillis + " ms");
        } finally {
            session.close();
        }
        OtelLossTest.await(() -> backend.deliveredEvents() + backend.discardedEvents() == 20,
                () -> backend.deliveredEvents() + " delivered, " + backend.discardedEvents() + " discarded");
        receiver.release();
        assertEquals(0, backend.deliveredEvents());
        assertEquals(20, backend.discardedEvents());
    }

    @Test
    void anEventWhoseCopyThrowsIsCountedAndLaterEventsFlow() throws InterruptedException {
        OtelBackend backend = Direct.backend(receiver, lines, Map.of(OtelBackendFactory.BATCH_SIZE, "10",
                OtelBackendFactory.CLOSE_TIMEOUT, "2000"));
        for (int i = 0; i < 50; i++) {
            backend.onEvent(Direct.tick(i));
        }
        // the runtime's sink catches what a backend throws; the backend must still release the slot it took
        assertThrows(IllegalStateException.class, () -> backend.onEvent(failingCopy(Direct.tick(50))));
        for (int i = 51; i < 100; i++) {
            backend.onEvent(Direct.tick(i));
        }
        // delivered before close: a fork's first export (class loading) may outlast close()'s 2 s budget on a loaded
        // machine; a slot the failing copy kept would stall delivery and fail here all the same
        OtelLossTest.await(() -> backend.deliveredEvents() == 99,
                () -> backend.deliveredEvents() + " delivered, " + backend.discardedEvents() + " discarded");
        backend.close();
        assertEquals(99, backend.deliveredEvents());
        assertEquals(0, backend.discardedEvents(), "the throw reached the runtime, which counts the event (BACKEND_FAILED)");
        assertEquals(receiver.accepted(), backend.deliveredEvents());
        assertEquals(1, lines.count("copying the event into the buffer failed"), lines.all()::toString);
    }

    /** {@code event}, except that copying its record throws, as a broken event view would. */
    private static Event failingCopy(Event event) {
        return (Event) Proxy.newProxyInstance(Event.class.getClassLoader(), new Class<?>[] {Event.class}, (proxy, method, args) -> {
            if (method.getName().equals("copyEncodedTo")) {
                throw new IllegalStateException("broken view");
            }
            try {
                return method.invoke(event, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private static long millis(Runnable action) {
        long started = System.nanoTime();
        action.run();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }
}
