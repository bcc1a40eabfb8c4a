package io.waymark.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.core.fixtures.ShopEvents;
import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer decides ({@link Backend#wants}, {@link BackendContext#interestChanged()}): a backend that does not
 * want an event leaves its tracepoint dormant, and the tracepoint follows the backend's answer within a second of
 * its saying that the answer changed.
 */
class ConsumerInterestTest {

    private static final ShopEvents SHOP = Waymark.provider(ShopEvents.class);

    @AfterEach
    void closeSessions() {
        Tracing.sessions().forEach(Session::close);
    }

    /** A backend that wants what its {@link #wanted} set names; counts its events and the questions asked. */
    static class Choosy implements Backend {
        final Set<String> wanted = ConcurrentHashMap.newKeySet();
        final AtomicInteger events = new AtomicInteger();
        final AtomicInteger questions = new AtomicInteger();
        volatile BackendContext context;

        @Override
        public boolean wants(EventType type) {
            questions.incrementAndGet();
            return wanted.contains(type.qualifiedName());
        }

        @Override
        public void onEvent(Event event) {
            events.incrementAndGet();
        }
    }

    static BackendFactory factory(Choosy backend) {
        return new BackendFactory() {
            @Override
            public String name() {
                return "choosy";
            }

            @Override
            public String requestedSpiVersion() {
                return BackendFactory.SPI_VERSION;
            }

            @Override
            public Backend create(BackendContext context) {
                backend.context = context;
                return backend;
            }
        };
    }

    @Test
    void aTracepointFollowsWhatTheBackendWants() throws Exception {
        Choosy choosy = new Choosy();
        Session session = Tracing.createSession(SessionConfig.builder("choosy").backend(factory(choosy)).enable("coretest.shop:*").build());
        session.start();
        assertFalse(SHOP.orderPlacedEnabled(), "enabled by the rules but not wanted by the backend: dormant");
        SHOP.orderPlaced(1, 1, "x");
        assertEquals(0, choosy.events.get(), "a dormant tracepoint reaches no backend");

        choosy.wanted.add("coretest.shop:orderPlaced");
        choosy.context.interestChanged();
        awaitTrue(SHOP::orderPlacedEnabled, "the tracepoint follows interestChanged() within a second");
        SHOP.orderPlaced(2, 1, "x");
        assertEquals(1, choosy.events.get());

        choosy.wanted.clear();
        choosy.context.interestChanged();
        awaitTrue(() -> !SHOP.orderPlacedEnabled(), "and goes dormant again when the backend no longer wants it");
        SHOP.orderPlaced(3, 1, "x");
        assertEquals(1, choosy.events.get());
    }

    @Test
    void aBackendThatWantsNothingDoesNotKeepAnotherSessionsTracepointDormant() throws Exception {
        Choosy choosy = new Choosy();
        Session dormant = Tracing.createSession(SessionConfig.builder("choosy").backend(factory(choosy)).enable("coretest.shop:*").build());
        dormant.start();
        Choosy eager = new Choosy();
        eager.wanted.add("coretest.shop:orderPlaced");
        Session other = Tracing.createSession(SessionConfig.builder("eager").backend(factory(eager)).enable("coretest.shop:orderPlaced").build());
        other.start();
        assertTrue(SHOP.orderPlacedEnabled());
        SHOP.orderPlaced(1, 1, "x");
        assertEquals(1, eager.events.get());
        assertEquals(0, choosy.events.get(), "each session's backend decides for that session only");
    }

    @Test
    void aBurstOfChangesIsAnsweredByFewRebuilds() throws Exception {
        Choosy choosy = new Choosy();
        Session session = Tracing.createSession(SessionConfig.builder("choosy").backend(factory(choosy)).enable("coretest.shop:*").build());
        session.start();
        choosy.wanted.add("coretest.shop:orderPlaced");
        int before = choosy.questions.get();
        for (int i = 0; i < 10_000; i++) {
            choosy.context.interestChanged();
        }
        awaitTrue(SHOP::orderPlacedEnabled, "the tracepoint follows");
        Thread.sleep(200); // let any queued rebuild finish
        int asked = choosy.questions.get() - before;
        int perRebuild = Math.max(1, before); // the start-up rebuild asked once per event type
        // without coalescing, each call is a rebuild (30,000 questions); with it, a rebuild answers every call before it
        assertTrue(asked <= perRebuild * 500, "10,000 calls coalesce into far fewer rebuilds: asked " + asked + " questions, "
                + perRebuild + " per rebuild");
    }

    @Test
    void aBackendWhoseWantsThrowsIsCountedAndLeftDormant() {
        Choosy throwing = new Choosy() {
            @Override
            public boolean wants(EventType type) {
                throw new IllegalStateException("consumer gone");
            }
        };
        Session session = Tracing.createSession(SessionConfig.builder("throwing").backend(factory(throwing)).enable("coretest.shop:*").build());
        session.start();
        assertFalse(SHOP.orderPlacedEnabled());
        assertTrue(session.statistics().backendFailures() > 0, "the failure is counted like any backend failure");
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos(); // milliseconds when idle; 10 s for a loaded machine
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 10 s");
            }
            Thread.sleep(2);
        }
    }
}
