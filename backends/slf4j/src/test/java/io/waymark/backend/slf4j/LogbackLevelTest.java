package io.waymark.backend.slf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.Tracing;
import io.waymark.slf4jtest.ShopEvents;
import io.waymark.Stability;
import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.EventType;
import io.waymark.spi.Reporter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.ILoggerFactory;

/**
 * The logger decides: a tracepoint whose Logback logger is off for its level is dormant (its generated
 * {@code ...Enabled()} says so), and a level change reaches the tracepoint within a second.
 */
class LogbackLevelTest {

    private static final ShopEvents SHOP = Waymark.provider(ShopEvents.class);
    private static final String LOGGER = "waymark.slf4jtest.shop";
    /** Milliseconds when the machine is idle; 10 s so that a loaded CI machine does not fail what merely came late. */
    private static final Duration WAIT = Duration.ofSeconds(10);

    @AfterEach
    void closeSessions() {
        Tracing.sessions().forEach(Session::close);
    }

    @Test
    void aLoggerThatIsOffLeavesTheTracepointDormant() throws Exception {
        try (LogbackCapture log = LogbackCapture.pattern(Level.WARN)) {
            Sessions.started("off");
            assertFalse(SHOP.orderPlacedEnabled(), "INFO event, logger at WARN: dormant");
            assertFalse(SHOP.cacheMissEnabled(), "DEBUG event, logger at WARN: dormant");
            assertTrue(SHOP.everyTypeEnabled(), "WARN event, logger at WARN: enabled");
            SHOP.orderPlaced(1, 1, "x");
            assertEquals("", log.text());
        }
    }

    @Test
    void aLevelChangeInLogbackReachesTheTracepointWithoutPolling() throws Exception {
        try (LogbackCapture log = LogbackCapture.pattern(Level.WARN)) {
            Sessions.started("follow");
            assertFalse(SHOP.orderPlacedEnabled());
            assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("waymark-slf4j-levels")),
                    "with Logback the backend listens, it does not poll");

            LogbackCapture.setLevel(LOGGER, Level.INFO);
            Sessions.awaitTrue(SHOP::orderPlacedEnabled, WAIT, "INFO event after the logger's level became INFO");
            assertFalse(SHOP.cacheMissEnabled(), "the DEBUG event stays dormant");
            SHOP.orderPlaced(7, 1, "x");
            assertEquals(1, log.lines().size(), log.text());

            LogbackCapture.setLevel("waymark", Level.TRACE); // a parent's level: the child inherits it
            LogbackCapture.setLevel(LOGGER, null);
            Sessions.awaitTrue(SHOP::cacheMissEnabled, WAIT, "DEBUG event after the parent logger's level became TRACE");

            LogbackCapture.setLevel("waymark", Level.OFF);
            Sessions.awaitTrue(() -> !SHOP.orderPlacedEnabled() && !SHOP.everyTypeEnabled(), WAIT, "dormant again after OFF");
        }
    }

    @Test
    void aProviderThatReportsNothingIsCheckedPeriodically() throws Exception {
        LoggerContext logback = LogbackCapture.context();
        ILoggerFactory anonymous = logback::getLogger; // Logback's loggers, but the backend cannot know it is Logback
        try (LogbackCapture log = LogbackCapture.pattern(Level.WARN)) {
            Sessions.started("polled", new Slf4jBackendFactory(anonymous), Slf4jBackendFactory.LEVEL_CHECK_INTERVAL, "200");
            assertFalse(SHOP.orderPlacedEnabled());
            LogbackCapture.setLevel(LOGGER, Level.INFO);
            Sessions.awaitTrue(SHOP::orderPlacedEnabled, WAIT, "the periodic check (every 200 ms) sees the new level");
            SHOP.orderPlaced(1, 1, "x");
            assertEquals(1, log.lines().size(), log.text());
        }
    }

    @Test
    void withoutPeriodicChecksFlushChecksTheLevels() throws Exception {
        ILoggerFactory anonymous = LogbackCapture.context()::getLogger;
        try (LogbackCapture log = LogbackCapture.pattern(Level.WARN)) {
            Session session = Sessions.started("flushed", new Slf4jBackendFactory(anonymous),
                    Slf4jBackendFactory.LEVEL_CHECK_INTERVAL, "0");
            LogbackCapture.setLevel(LOGGER, Level.INFO);
            Thread.sleep(300);
            assertFalse(SHOP.orderPlacedEnabled(), "no check, no change");
            session.backend().flush();
            Sessions.awaitTrue(SHOP::orderPlacedEnabled, WAIT, "flush() checks the levels");
            SHOP.orderPlaced(1, 1, "x");
            assertEquals(1, log.lines().size(), log.text());
        }
    }

    /**
     * A change the backend noticed is remembered when it asks the runtime, not only when the runtime asks
     * back: a stopped session is never asked again, and a periodic check must not ask for a rebuild at
     * every tick from then on.
     */
    @Test
    void aChangeIsReportedOnceEvenWhenTheRuntimeDoesNotAskBack() {
        AtomicInteger asked = new AtomicInteger();
        ILoggerFactory anonymous = LogbackCapture.context()::getLogger;
        LogbackCapture.setLevel(LOGGER, Level.WARN);
        BackendContext context = new BackendContext("asked-once", ClockAnchor.now(),
                Map.of(Slf4jBackendFactory.LEVEL_CHECK_INTERVAL, "0"), Reporter.STANDARD_ERROR, asked::incrementAndGet);
        Backend backend = new Slf4jBackendFactory(anonymous).create(context);
        try {
            EventType placed = new EventType("slf4jtest.shop", "orderPlaced", 1, Stability.STABLE, io.waymark.Level.INFO, List.of());
            assertFalse(backend.wants(placed));
            LogbackCapture.setLevel(LOGGER, Level.INFO);
            backend.flush();
            backend.flush();
            backend.flush();
            assertEquals(1, asked.get(), "one change, one request, however often the levels are checked");
        } finally {
            backend.close();
            LogbackCapture.setLevel(LOGGER, Level.WARN);
        }
    }
}
