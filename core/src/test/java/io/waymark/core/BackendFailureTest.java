package io.waymark.core;

import io.waymark.spi.BackendFactory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.core.fixtures.RecordingBackend;
import io.waymark.core.fixtures.ShopEvents;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A backend that throws never breaks the application, and one that keeps failing is detached. */
class BackendFailureTest {

    private static final ShopEvents SHOP = Waymark.provider(ShopEvents.class);

    @AfterEach
    void closeSessions() {
        Tracing.sessions().forEach(Session::close);
    }

    @Test
    void throwingBackendIsIsolatedCountedAndDetached() throws Exception {
        RecordingBackend.Factory failing = new RecordingBackend.Factory("failing", event -> {
            throw new IllegalStateException("backend bug");
        });
        RecordingBackend.Factory healthy = new RecordingBackend.Factory("healthy");
        Session bad = Tracing.createSession(SessionConfig.builder("bad").backend(failing).enable("coretest.shop:orderPlaced")
                .maxBackendFailures(5).build());
        Session good = Tracing.createSession(SessionConfig.builder("good").backend(healthy).enable("coretest.shop:orderPlaced").build());
        bad.start();
        good.start();

        for (int i = 0; i < 10; i++) {
            SHOP.orderPlaced(i, 1, "x"); // must not throw
        }

        assertEquals(5, bad.statistics().backendFailures(), "failures stop being counted once detached");
        assertTrue(bad.statistics().backendDetached());
        assertEquals(10, healthy.last().events.size(), "the other session is unaffected");
        assertEquals(List.of(), List.copyOf(failing.last().events));

        // Detaching also removes the session from the dispatch snapshot (done off the application thread).
        good.stop();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (SHOP.orderPlacedEnabled() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertFalse(SHOP.orderPlacedEnabled(), "the detached session no longer holds the tracepoint on");
    }

    @Test
    void backendThatFailsOnCreateFailsTheSetUpCallWithItsName() {
        io.waymark.spi.BackendFactory broken = new io.waymark.spi.BackendFactory() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public String requestedSpiVersion() {
                return BackendFactory.SPI_VERSION;
            }

            @Override
            public io.waymark.spi.Backend create(io.waymark.spi.BackendContext context) {
                throw new UnsupportedOperationException("disk full");
            }
        };
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Tracing.createSession(SessionConfig.builder("broken").backend(broken).build()));
        assertTrue(e.getMessage().contains("backend 'broken' could not be created"), e.getMessage());
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
    }

    @Test
    void backendThatThrowsOnFlushAndCloseDoesNotFailStopOrClose() {
        io.waymark.spi.BackendFactory factory = new io.waymark.spi.BackendFactory() {
            @Override
            public String name() {
                return "flaky-close";
            }

            @Override
            public String requestedSpiVersion() {
                return BackendFactory.SPI_VERSION;
            }

            @Override
            public io.waymark.spi.Backend create(io.waymark.spi.BackendContext context) {
                return new io.waymark.spi.Backend() {
                    @Override
                    public void onEvent(io.waymark.spi.Event event) {}

                    @Override
                    public void flush() {
                        throw new IllegalStateException("flush");
                    }

                    @Override
                    public void close() {
                        throw new IllegalStateException("close");
                    }
                };
            }
        };
        Session session = Tracing.createSession(SessionConfig.builder("flaky").backend(factory).build());
        session.start();
        session.close();
        assertEquals(SessionState.CLOSED, session.state());
        assertEquals(2, session.statistics().backendFailures());
    }
}
