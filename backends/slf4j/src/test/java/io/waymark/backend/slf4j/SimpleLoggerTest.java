package io.waymark.backend.slf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.Tracing;
import io.waymark.slf4jtest.ShopEvents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * With slf4j-simple as the SLF4J provider and no Logback on the class path (the surefire execution
 * {@code slf4j-simple}): one line per event on standard error, values escaped, and the level decides.
 */
class SimpleLoggerTest {

    private static ShopEvents SHOP;

    /** Only in its own execution: {@code -Dtest=...} would also run it where Logback is the provider. */
    @BeforeAll
    static void onlyWithSlf4jSimple() {
        assumeTrue(Boolean.getBoolean("waymark.test.slf4j-simple"), "runs in the surefire execution 'slf4j-simple'");
        SHOP = Waymark.provider(ShopEvents.class);
    }

    @AfterEach
    void closeSessions() {
        Tracing.sessions().forEach(Session::close);
    }

    @Test
    void theProviderIsSlf4jSimpleAndLogbackIsAbsent() {
        assertEquals("org.slf4j.simple.SimpleLoggerFactory", LoggerFactory.getILoggerFactory().getClass().getName());
        assertThrows(ClassNotFoundException.class, () -> Class.forName("ch.qos.logback.classic.Logger"));
    }

    @Test
    void anEventIsOneLineWithItsKeyValuesAndTheMarkerWhenSet() throws Exception {
        Session session = Sessions.started("simple");
        assertEquals(List.of("[simple-emitter] INFO waymark.slf4jtest.shop - orderId=42 quantity=3 "
                + "sku=line 1\\nline 2 \\\"quoted\\\" waymark.stability=STABLE waymark.version=1 orderPlaced"), orderPlaced());
        session.close();

        Sessions.started("simple-marker", Slf4jBackendFactory.MARKER, "waymark");
        assertEquals(List.of("[simple-emitter] INFO waymark.slf4jtest.shop - waymark orderId=42 quantity=3 "
                + "sku=line 1\\nline 2 \\\"quoted\\\" waymark.stability=STABLE waymark.version=1 orderPlaced"), orderPlaced());
    }

    private static List<String> orderPlaced() {
        return standardError(() -> {
            try {
                Sessions.onThread("simple-emitter", () -> SHOP.orderPlaced(42, 3, "line 1\nline 2 \"quoted\""));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void theLevelDecidesAndIsCheckedPeriodically() {
        // system properties of the execution: default level info
        Sessions.started("simple-levels");
        assertTrue(SHOP.orderPlacedEnabled(), "INFO event at level info");
        assertFalse(SHOP.cacheMissEnabled(), "DEBUG event at level info: dormant");
        assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("waymark-slf4j-levels-simple-levels")),
                "slf4j-simple reports no level changes: the backend checks the levels every second");
    }

    private static List<String> standardError(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
