package io.waymark.backend.slf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.Tracing;
import io.waymark.slf4jtest.OtherEvents;
import io.waymark.slf4jtest.ShopEvents;
import java.util.ArrayList;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Events in a Logback log written with a plain pattern layout and {@code %kvp}: one line per event, with the
 * logger, level, thread, every field and, when set, the marker, and values that cannot break the line.
 */
class LogbackPatternTest {

    private static final ShopEvents SHOP = Waymark.provider(ShopEvents.class);
    private static final OtherEvents OTHER = Waymark.provider(OtherEvents.class);

    @AfterEach
    void closeSessions() {
        Tracing.sessions().forEach(Session::close);
    }

    @Test
    void anEventIsOneLineWithItsLoggerLevelThreadMarkerAndTypedKeyValues() throws Exception {
        try (LogbackCapture log = LogbackCapture.pattern(Level.INFO)) {
            Sessions.started("pattern");
            Instant before = Instant.now().minusMillis(1);
            Sessions.onThread("emitter-1", () -> SHOP.orderPlaced(42, 3, "SKU-1"));
            Instant after = Instant.now().plusMillis(1);

            List<String> lines = log.lines();
            assertEquals(1, lines.size(), log.text());
            String line = lines.get(0);
            assertTrue(line.endsWith(" [emitter-1] INFO  waymark.slf4jtest.shop  - orderPlaced orderId=\"42\" quantity=\"3\" "
                    + "sku=\"SKU-1\" waymark.stability=\"STABLE\" waymark.version=\"1\""), line);
            Instant logged = OffsetDateTime.parse(line.substring(0, line.indexOf(' '))).toInstant();
            assertTrue(!logged.isBefore(before) && !logged.isAfter(after), logged + " within [" + before + ", " + after + "]");
        }
    }

    @Test
    void newlinesQuotesAndBackslashesAreEscapedSoThatARecordStaysOneLine() throws Exception {
        try (LogbackCapture log = LogbackCapture.pattern(Level.INFO)) {
            Sessions.started("escaped");
            SHOP.orderPlaced(1, 1, "line 1\nline 2\r\n\"quoted\" back\\slash\ttab\u2028sep\u0007bell é ✓");
            SHOP.orderPlaced(2, 1, null);

            List<String> lines = log.lines();
            assertEquals(2, lines.size(), log.text());
            assertTrue(lines.get(0).contains(" sku=\"line 1\\nline 2\\r\\n\\\"quoted\\\" back\\\\slash\\ttab\\u2028sep\\u0007bell é ✓\" "),
                    lines.get(0));
            assertTrue(lines.get(1).contains(" sku=\"\" "), "a null string reads as empty: " + lines.get(1));
        }
    }

    @Test
    void withEscapeNoneValuesPassAsTheyAre() throws Exception {
        try (LogbackCapture log = LogbackCapture.pattern(Level.INFO)) {
            Sessions.started("raw", Slf4jBackendFactory.ESCAPE, "none");
            SHOP.orderPlaced(1, 1, "a\nb");
            assertEquals(2, log.lines().size(), "the pattern layout itself does not escape: " + log.text());
        }
    }

    @Test
    void theTimeKeyCarriesTheEventsOwnTimeInNanoseconds() throws Exception {
        try (LogbackCapture log = LogbackCapture.pattern(Level.INFO)) {
            Sessions.started("time", Slf4jBackendFactory.TIME_KEY, "true");
            long before = wallNanos();
            SHOP.orderPlaced(1, 1, "x");
            long after = wallNanos();
            Matcher time = Pattern.compile(" waymark\\.time=\"(\\d+)\"").matcher(log.text());
            assertTrue(time.find(), log.text());
            long nanos = Long.parseLong(time.group(1));
            // the session's clock anchor ties System.nanoTime() to the wall clock when the session was created
            assertTrue(nanos >= before - 5_000_000 && nanos <= after + 5_000_000, nanos + " within [" + before + ", " + after + "]");
        }
    }

    @Test
    void settingsNameThePrefixAndTheMarker() throws Exception {
        try (LogbackCapture log = LogbackCapture.pattern(Level.INFO)) {
            Sessions.started("named", Slf4jBackendFactory.LOGGER_PREFIX, "waymark.events.",
                        Slf4jBackendFactory.MARKER, "waymark");
            SHOP.orderPlaced(1, 1, "x");
            assertTrue(log.text().contains(" INFO  waymark.events.slf4jtest.shop waymark - orderPlaced "), log.text());
        }
    }

    @Test
    void twoProvidersWithTheSameEventIdsEachGetTheirOwnLoggerAndName() throws Exception {
        try (LogbackCapture log = LogbackCapture.pattern(Level.INFO)) {
            Session session = Sessions.started("two");
            session.enable("slf4jtest.other:*");
            OTHER.ping(1);
            SHOP.orderPlaced(2, 2, "x");
            OTHER.ping(3);
            List<String> lines = log.lines();
            assertEquals(3, lines.size(), log.text());
            assertTrue(lines.get(0).contains(" waymark.slf4jtest.other  - ping sequence=\"1\" waymark.stability=\"UNSTABLE\" "), lines.get(0));
            assertTrue(lines.get(1).contains(" waymark.slf4jtest.shop  - orderPlaced orderId=\"2\" "), lines.get(1));
            assertTrue(lines.get(2).contains(" waymark.slf4jtest.other  - ping sequence=\"3\" "), lines.get(2));
        }
    }

    @Test
    void concurrentEventsAreWholeLinesOnTheirOwnThreads() throws Exception {
        try (LogbackCapture log = LogbackCapture.pattern(Level.INFO)) {
            Sessions.started("concurrent");
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                threads.add(new Thread(() -> {
                    for (int i = 0; i < 500; i++) {
                        SHOP.orderPlaced(thread, i, "sku\n" + thread);
                    }
                }, "worker-" + t));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            List<String> lines = log.lines();
            assertEquals(2000, lines.size());
            Pattern line = Pattern.compile(".* \\[worker-(\\d)\\] INFO  waymark\\.slf4jtest\\.shop  - orderPlaced orderId=\"(\\d)\" "
                    + "quantity=\"\\d+\" sku=\"sku\\\\n(\\d)\" waymark\\.stability=\"STABLE\" waymark\\.version=\"1\"");
            for (String each : lines) {
                Matcher matcher = line.matcher(each);
                assertTrue(matcher.matches(), each);
                assertEquals(matcher.group(1), matcher.group(2), "logged on the emitting thread: " + each);
                assertEquals(matcher.group(1), matcher.group(3), each);
            }
        }
    }

    private static long wallNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
