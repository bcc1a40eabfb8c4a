package io.waymark.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Waymark;
import io.waymark.backend.memory.RecordedEvent;
import io.waymark.core.Session;
import io.waymark.core.SessionState;
import io.waymark.core.Tracing;
import io.waymark.memtest.OrderEvents;
import io.waymark.memtest.OrderEvents.Channel;
import io.waymark.memtest.OtherEvents;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.AssertionFailedError;

class TraceRecorderTest {

    private static final OrderEvents ORDERS = Waymark.provider(OrderEvents.class);
    private static final OtherEvents OTHER = Waymark.provider(OtherEvents.class);

    /** The sessions the registered recorders used; all must be closed once the tests are done. */
    private static final Set<Session> USED_SESSIONS = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger TESTS = new AtomicInteger();

    @RegisterExtension
    final TraceRecorder trace = TraceRecorder.enable("memtest.orders:*");

    @RegisterExtension
    final TraceRecorder placedOnly = TraceRecorder.enable("memtest.orders:orderPlaced");

    @RegisterExtension
    final TraceRecorder withoutCacheMisses = TraceRecorder.enable("memtest.*", "!memtest.orders:cacheMiss");

    @RegisterExtension
    final TraceRecorder warnings = TraceRecorder.enable("memtest.orders:*").minLevel(Level.WARN);

    @RegisterExtension
    final TraceRecorder stable = TraceRecorder.enable("memtest.orders:*").stableOnly();

    @RegisterExtension
    final TraceRecorder small = TraceRecorder.enable("memtest.orders:orderShipped").capacity(2);

    @BeforeEach
    void sessionIsRunningBeforeTheTestsOwnSetUp() {
        TESTS.incrementAndGet();
        for (TraceRecorder recorder : List.of(trace, placedOnly, withoutCacheMisses, warnings, stable, small)) {
            assertEquals(SessionState.RUNNING, recorder.session().state());
            assertTrue(Tracing.sessions().contains(recorder.session()));
            USED_SESSIONS.add(recorder.session());
        }
    }

    @AfterEach
    void sessionIsStillOpenInTheTestsOwnTearDown() {
        assertEquals(SessionState.RUNNING, trace.session().state());
    }

    @AfterAll
    static void everySessionWasClosedAfterItsTest() {
        assertTrue(TESTS.get() > 1);
        assertEquals(6 * TESTS.get(), USED_SESSIONS.size(), "each recorder had its own session in each test");
        for (Session session : USED_SESSIONS) {
            assertEquals(SessionState.CLOSED, session.state(), session.name());
            assertFalse(Tracing.sessions().contains(session), session.name());
        }
    }

    private void placeAndShip() {
        ORDERS.orderPlaced(42L, 3, "SKU-1");
        ORDERS.paymentFailed(42L, Channel.WEB, "declined");
        ORDERS.orderShipped(42L);
    }

    // ---- passing assertions ----

    @Test
    void inOrderAssertionsPass() {
        placeAndShip();

        trace.assertEvents()
                .next("memtest.orders:orderPlaced").field("orderId", 42L).field("quantity", 3).field("sku", "SKU-1")
                .next("memtest.orders:paymentFailed").field("channel", Channel.WEB).field("channel", "WEB").field("reason", "declined")
                .next("memtest.orders:orderShipped").field("orderId", 42L)
                .noMore();
        trace.assertEvents().count("memtest.orders:orderPlaced", 1).count("memtest.orders:cacheMiss", 0);
        trace.assertFired("memtest.orders:paymentFailed").field("reason", "declined").next("memtest.orders:orderShipped").noMore();
        assertEquals(3, trace.events().size());
        assertEquals(1, trace.events("memtest.orders:orderShipped").size());
        assertEquals(3, trace.backend().events().size());
    }

    @Test
    void numbersAreComparedByTheRecordedFieldsType() {
        ORDERS.orderPlaced(42L, 3, "SKU-1");
        ORDERS.allTypes(true, (byte) 1, (short) 2, 'c', 4, 5L, 0.1f, 0.25, "t", Channel.STORE, new byte[] {1, 2});

        trace.assertEvents()
                .next("memtest.orders:orderPlaced").field("orderId", 42).field("quantity", 3L).field("quantity", (short) 3)
                .next("memtest.orders:allTypes")
                .field("flag", true).field("smallNumber", 1).field("mediumNumber", 2L).field("letter", 'c').field("letter", "c")
                .field("count", (byte) 4).field("total", 5).field("total", java.math.BigInteger.valueOf(5))
                .field("ratio", 0.1).field("ratio", 0.1f).field("precise", 0.25f).field("precise", 0.25)
                .field("text", "t").field("text", new StringBuilder("t")).field("channel", Channel.STORE)
                .field("payload", new byte[] {1, 2})
                .noMore();
    }

    @Test
    void nullValuesMatchOnlyNull() {
        ORDERS.allTypes(false, (byte) 0, (short) 0, 'a', 0, 0L, 0f, 0d, null, null, null);

        // null strings and arrays are recorded empty; a null enum stays null
        EventAssert event = trace.assertEvents().next("memtest.orders:allTypes")
                .field("text", "").field("channel", null).field("payload", new byte[0]);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> event.field("channel", Channel.STORE));
        assertTrue(e.getMessage().contains("field 'channel' expected Channel.STORE but was null"), e.getMessage());
        AssertionFailedError f = assertThrows(AssertionFailedError.class, () -> event.field("count", null));
        assertTrue(f.getMessage().contains("field 'count' expected null but was 0"), f.getMessage());
    }

    @Test
    void assertNonePassesWhenNothingFired() {
        ORDERS.cacheMiss("k"); // an unstable debug event
        OTHER.ping(1);

        stable.assertNone();
        warnings.assertNone();
        placedOnly.assertNone();
        placedOnly.assertEvents().noMore();
        trace.assertFired("memtest.orders:cacheMiss").noMore();
    }

    // ---- failing assertions ----

    @Test
    void wrongOrderFailsAndListsTheEvents() {
        placeAndShip();

        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> trace.assertEvents().next("memtest.orders:orderPlaced").next("memtest.orders:orderShipped"));

        assertEquals("expected event #2 to be memtest.orders:orderShipped, but it was "
                + "memtest.orders:paymentFailed{orderId=42, channel=WEB, reason=declined}\n"
                + "recorded events (3):\n"
                + "    #1 memtest.orders:orderPlaced{orderId=42, quantity=3, sku=SKU-1}\n"
                + "  > #2 memtest.orders:paymentFailed{orderId=42, channel=WEB, reason=declined}\n"
                + "    #3 memtest.orders:orderShipped{orderId=42}", e.getMessage());
        assertEquals("memtest.orders:orderShipped", e.getExpected().getValue());
        assertEquals("memtest.orders:paymentFailed", e.getActual().getValue());
    }

    @Test
    void wrongFieldValueFailsNamingEventFieldExpectedAndActual() {
        placeAndShip();

        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> trace.assertEvents().next("memtest.orders:orderPlaced").field("orderId", 42L).field("quantity", 4));

        assertTrue(e.getMessage().startsWith("event #1 memtest.orders:orderPlaced{orderId=42, quantity=3, sku=SKU-1}: "
                + "field 'quantity' expected 4 but was 3\nrecorded events (3):\n"
                + "  > #1 memtest.orders:orderPlaced"), e.getMessage());
        assertEquals("4", e.getExpected().getValue());
        assertEquals("3", e.getActual().getValue());

        AssertionFailedError wrongLong = assertThrows(AssertionFailedError.class,
                () -> trace.assertEvents().next("memtest.orders:orderPlaced").field("orderId", 43));
        assertTrue(wrongLong.getMessage().contains("field 'orderId' expected 43 but was 42"), wrongLong.getMessage());

        AssertionFailedError wrongString = assertThrows(AssertionFailedError.class,
                () -> trace.assertEvents().next("memtest.orders:orderPlaced").field("sku", "SKU-2"));
        assertTrue(wrongString.getMessage().contains("field 'sku' expected \"SKU-2\" but was \"SKU-1\""), wrongString.getMessage());

        AssertionFailedError wrongEnum = assertThrows(AssertionFailedError.class,
                () -> trace.assertEvents().next("memtest.orders:orderPlaced").next("memtest.orders:paymentFailed")
                        .field("channel", Channel.PHONE));
        assertTrue(wrongEnum.getMessage().startsWith("event #2 memtest.orders:paymentFailed{orderId=42, channel=WEB, "
                + "reason=declined}: field 'channel' expected Channel.PHONE but was \"WEB\""), wrongEnum.getMessage());
        assertTrue(wrongEnum.getMessage().contains("  > #2 memtest.orders:paymentFailed"), wrongEnum.getMessage());
    }

    @Test
    void aValueOfTheWrongKindFailsAndSaysWhichTypes() {
        ORDERS.orderPlaced(42L, 3, "1");

        AssertionFailedError numberForString = assertThrows(AssertionFailedError.class,
                () -> trace.assertEvents().next("memtest.orders:orderPlaced").field("sku", 1));
        assertTrue(numberForString.getMessage().contains("field 'sku' expected 1 but was \"1\""), numberForString.getMessage());

        AssertionFailedError fraction = assertThrows(AssertionFailedError.class,
                () -> trace.assertEvents().next("memtest.orders:orderPlaced").field("quantity", 3.0));
        assertTrue(fraction.getMessage().contains("field 'quantity' expected 3.0 but was 3"), fraction.getMessage());

        ORDERS.allTypes(true, (byte) 1, (short) 2, 'c', 4, 5L, 0.1f, 0.1, "t", Channel.STORE, new byte[] {1});
        AssertionFailedError sameText = assertThrows(AssertionFailedError.class,
                () -> trace.assertEvents().next("memtest.orders:orderPlaced").next("memtest.orders:allTypes").field("precise", 0.1f));
        assertTrue(sameText.getMessage().contains("field 'precise' expected 0.1 (Float) but was 0.1 (double field)"),
                sameText.getMessage());
        AssertionFailedError bytes = assertThrows(AssertionFailedError.class,
                () -> trace.assertEvents().next("memtest.orders:orderPlaced").next("memtest.orders:allTypes")
                        .field("payload", new byte[] {2}));
        assertTrue(bytes.getMessage().contains("field 'payload' expected [2] but was [1]"), bytes.getMessage());
    }

    @Test
    void unknownFieldFailsListingTheFields() {
        ORDERS.orderShipped(7L);

        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> trace.assertEvents().next("memtest.orders:orderShipped").field("orderID", 7L));

        assertTrue(e.getMessage().startsWith("event #1 memtest.orders:orderShipped has no field 'orderID'; its fields are [orderId]"),
                e.getMessage());
    }

    @Test
    void unexpectedExtraEventFails() {
        placeAndShip();

        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> trace.assertEvents()
                .next("memtest.orders:orderPlaced").next("memtest.orders:paymentFailed").noMore());

        assertTrue(e.getMessage().startsWith("expected no more events after #2, but 1 more was recorded, starting with "
                + "memtest.orders:orderShipped{orderId=42}\nrecorded events (3):"), e.getMessage());
        assertTrue(e.getMessage().endsWith("  > #3 memtest.orders:orderShipped{orderId=42}"), e.getMessage());

        AssertionFailedError none = assertThrows(AssertionFailedError.class, () -> trace.assertEvents().noMore());
        assertTrue(none.getMessage().startsWith("expected no events, but 3 were recorded, starting with "
                + "memtest.orders:orderPlaced{orderId=42, quantity=3, sku=SKU-1}"), none.getMessage());
    }

    @Test
    void missingEventFails() {
        ORDERS.orderPlaced(42L, 3, "SKU-1");

        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> trace.assertEvents()
                .next("memtest.orders:orderPlaced").field("orderId", 42L).next("memtest.orders:orderShipped"));

        assertEquals("expected event #2 to be memtest.orders:orderShipped, but only 1 was recorded\n"
                + "recorded events (1):\n"
                + "    #1 memtest.orders:orderPlaced{orderId=42, quantity=3, sku=SKU-1}", e.getMessage());

        AssertionFailedError notFired = assertThrows(AssertionFailedError.class,
                () -> trace.assertFired("memtest.orders:orderShipped"));
        assertEquals("expected memtest.orders:orderShipped to fire, but it did not\n"
                + "recorded events (1):\n"
                + "    #1 memtest.orders:orderPlaced{orderId=42, quantity=3, sku=SKU-1}", notFired.getMessage());

        AssertionFailedError nothing = assertThrows(AssertionFailedError.class,
                () -> placedOnly.assertEvents().next("memtest.orders:orderPlaced").next("memtest.orders:orderPlaced"));
        assertTrue(nothing.getMessage().startsWith("expected event #2 to be memtest.orders:orderPlaced, but only 1 was"),
                nothing.getMessage());
    }

    @Test
    void missingEventInAnEmptyRecordingFails() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> trace.assertEvents().next("memtest.orders:orderPlaced"));
        assertEquals("expected event #1 to be memtest.orders:orderPlaced, but no events were recorded\nrecorded events: none",
                e.getMessage());
    }

    @Test
    void wrongCountFails() {
        placeAndShip();
        ORDERS.orderShipped(43L);

        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> trace.assertEvents().count("memtest.orders:orderShipped", 1));

        assertTrue(e.getMessage().startsWith("expected 1 event memtest.orders:orderShipped, but 2 were recorded\n"
                + "recorded events (4):"), e.getMessage());
        assertTrue(e.getMessage().contains("    #4 memtest.orders:orderShipped{orderId=43}"), e.getMessage());
    }

    @Test
    void assertNoneFailsListingTheEvents() {
        ORDERS.orderShipped(1L);

        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> trace.assertNone());

        assertEquals("expected no events matching [memtest.orders:*], but 1 was recorded\n"
                + "recorded events (1):\n"
                + "    #1 memtest.orders:orderShipped{orderId=1}", e.getMessage());
    }

    @Test
    void discardedEventsAreReportedAndFailNoMore() {
        for (long id = 1; id <= 3; id++) {
            ORDERS.orderShipped(id);
        }

        assertEquals(java.util.Map.of(io.waymark.spi.DiscardReason.BUFFER_FULL, 1L), small.session().statistics().discarded());
        small.assertEvents().count("memtest.orders:orderShipped", 2);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> small.assertEvents()
                .next("memtest.orders:orderShipped").field("orderId", 1L)
                .next("memtest.orders:orderShipped").field("orderId", 2L)
                .noMore());
        assertTrue(e.getMessage().startsWith("expected no more events after #2, but 1 more arrived after the recorder was full"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("1 more event was discarded: the recorder keeps the first 2"), e.getMessage());
        assertThrows(AssertionFailedError.class, () -> small.assertNone());
    }

    @Test
    void eventsDiscardedBeforeTheRecorderSawThemFailNoMoreWithTheirReasons() {
        ORDERS.orderShipped(1L);
        EventSequenceAssert events = new EventSequenceAssert(trace.backend().events(),
                java.util.Map.of(io.waymark.spi.DiscardReason.NESTING_TOO_DEEP, 2L), 100); // as the session's statistics give them

        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> events.next("memtest.orders:orderShipped").noMore());

        assertEquals("expected no more events after #1, but 2 more were discarded (2 NESTING_TOO_DEEP)\n"
                + "recorded events (1):\n"
                + "    #1 memtest.orders:orderShipped{orderId=1}\n"
                + "2 events were discarded before the recorder saw them (2 NESTING_TOO_DEEP; see io.waymark.spi.DiscardReason)",
                e.getMessage());
    }

    @Test
    void longRecordingsAreListedAroundTheEventInQuestion() {
        for (long id = 1; id <= 120; id++) {
            ORDERS.orderShipped(id);
        }

        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> {
            EventSequenceAssert sequence = trace.assertEvents();
            for (int i = 0; i < 100; i++) {
                sequence.next("memtest.orders:orderShipped");
            }
            sequence.next("memtest.orders:orderPlaced");
        });

        String message = e.getMessage();
        assertTrue(message.contains("recorded events (120):\n    ... 70 earlier\n    #71 "), message);
        assertTrue(message.contains("  > #101 memtest.orders:orderShipped{orderId=101}"), message);
        assertTrue(message.endsWith("    #120 memtest.orders:orderShipped{orderId=120}"), message);
        assertEquals(Report.MAX_LISTED, message.lines().filter(line -> line.matches("\\s+(> )?#\\d+ .*")).count());

        AssertionFailedError first = assertThrows(AssertionFailedError.class, () -> trace.assertEvents().next("memtest.orders:x"));
        assertTrue(first.getMessage().endsWith("    #50 memtest.orders:orderShipped{orderId=50}\n    ... 70 later"),
                first.getMessage());
    }

    // ---- what is recorded ----

    @Test
    void onlyEventsMatchingThePatternsAreRecorded() {
        placeAndShip();
        ORDERS.cacheMiss("k");
        OTHER.ping(1);

        assertEquals(List.of("orderPlaced", "paymentFailed", "orderShipped", "cacheMiss"), names(trace.events()));
        assertEquals(List.of("orderPlaced"), names(placedOnly.events()));
        assertEquals(List.of("orderPlaced", "paymentFailed", "orderShipped", "ping"), names(withoutCacheMisses.events()));
    }

    @Test
    void theLevelFilterApplies() {
        ORDERS.allTypes(true, (byte) 1, (short) 2, 'c', 4, 5L, 0.1f, 0.25, "t", Channel.STORE, null); // TRACE
        ORDERS.cacheMiss("k"); // DEBUG
        placeAndShip(); // INFO, WARN, INFO

        warnings.assertEvents().next("memtest.orders:paymentFailed").noMore();
        assertEquals(5, trace.events().size(), "the default level is TRACE");
    }

    @Test
    void theStabilityFilterApplies() {
        ORDERS.cacheMiss("k");
        ORDERS.allTypes(true, (byte) 1, (short) 2, 'c', 4, 5L, 0.1f, 0.25, "t", Channel.STORE, null);
        ORDERS.orderShipped(1L);

        stable.assertEvents().next("memtest.orders:orderShipped").noMore();
    }

    @Test
    void eventsFromOtherThreadsAreRecorded() throws InterruptedException {
        Thread worker = new Thread(() -> ORDERS.orderShipped(9L), "worker");
        worker.start();
        worker.join();

        RecordedEvent event = trace.assertFired("memtest.orders:orderShipped").field("orderId", 9).event();
        assertEquals("worker", event.threadName());
    }

    @Test
    void eachTestStartsWithAnEmptyRecording() {
        trace.assertNone();
        assertTrue(trace.session().name().startsWith("test-eachTestStartsWithAnEmptyRecording()-"), trace.session().name());
    }

    @Test
    void recordersAreImmutableAndValidateTheirConfiguration() {
        TraceRecorder base = TraceRecorder.enable("memtest.orders:*");
        assertEquals("TraceRecorder[memtest.orders:*][minLevel=TRACE, capacity=100000]", base.toString());
        assertEquals("TraceRecorder[memtest.orders:*][minLevel=INFO, stableOnly, capacity=5]",
                base.minLevel(Level.INFO).stableOnly().capacity(5).toString());
        assertEquals("TraceRecorder[memtest.orders:*][minLevel=TRACE, capacity=100000]", base.toString(), "unchanged");
        assertEquals(List.of("memtest.orders:*"), base.patterns());

        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, TraceRecorder::enable);
        assertEquals("TraceRecorder.enable needs at least one pattern, such as \"shop.orders:*\"", none.getMessage());
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> TraceRecorder.enable("memtest.orders:*", "shop orders"));
        assertTrue(malformed.getMessage().contains("malformed rule 'shop orders'"), malformed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TraceRecorder.enable("!"));
        // the one rule parser of waymark.enable (docs/rules.md), not a re-implementation of the '!' prefix
        IllegalArgumentException filter = assertThrows(IllegalArgumentException.class,
                () -> TraceRecorder.enable("!memtest.orders:x[n > 1]"));
        assertTrue(filter.getMessage().contains("rule '!memtest.orders:x[n > 1]': an excluding rule ('!') takes no filter"),
                filter.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> TraceRecorder.enable("!!memtest"));
        assertTrue(twice.getMessage().contains("malformed rule '!!memtest': '!' in the provider part"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> base.capacity(0));
        assertThrows(NullPointerException.class, () -> base.minLevel(null));
    }

    @Test
    void anUnregisteredRecorderSaysHowToUseIt() {
        TraceRecorder unregistered = TraceRecorder.enable("memtest.orders:*");

        IllegalStateException events = assertThrows(IllegalStateException.class, unregistered::events);
        assertTrue(events.getMessage().contains("register it with @RegisterExtension"), events.getMessage());
        IllegalStateException session = assertThrows(IllegalStateException.class, unregistered::session);
        assertTrue(session.getMessage().contains("@RegisterExtension"), session.getMessage());
        assertThrows(IllegalStateException.class, unregistered::assertNone);
    }

    @Test
    void theRecordersBackendIsTheSessionsBackend() {
        assertSame(trace.session().backend(), trace.backend());
        assertEquals(100_000, trace.backend().capacity());
        assertEquals(2, small.backend().capacity());
    }

    private static List<String> names(List<RecordedEvent> events) {
        return events.stream().map(e -> e.type().name()).toList();
    }
}
