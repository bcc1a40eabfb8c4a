package io.waymark.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.core.fixtures.FilterEvents;
import io.waymark.core.fixtures.FilterLateEvents;
import io.waymark.core.fixtures.PaymentMethod;
import io.waymark.core.fixtures.RecordingBackend;
import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.wire.RecordSink;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Filters at the source (docs/filters.md): set through every API, checked when set, applied per session. */
class FilterSessionsTest {

    private static final FilterEvents EVENTS = Waymark.provider(FilterEvents.class);

    private final RecordingBackend.Factory factory = new RecordingBackend.Factory("recording");

    @AfterEach
    void closeSessions() {
        Tracing.sessions().forEach(Session::close);
    }

    private Session start(SessionConfig.Builder builder) {
        Session session = Tracing.createSession(builder.backend(factory).build());
        session.start();
        return session;
    }

    /** Ten orders: ids 995..1004, items 0..9, customers alternating "alice"/"bob", methods cycling, with null. */
    private static void emitOrders() {
        PaymentMethod[] methods = {PaymentMethod.CARD, PaymentMethod.CASH, PaymentMethod.VOUCHER, null};
        for (int i = 0; i < 10; i++) {
            EVENTS.orderPlaced(995 + i, i, i % 2 == 0 ? "alice" : "bob", methods[i % 4], new byte[i % 3]);
        }
    }

    private static String order(int i) {
        PaymentMethod[] methods = {PaymentMethod.CARD, PaymentMethod.CASH, PaymentMethod.VOUCHER, null};
        return "coretest.filter:orderPlaced[" + (995 + i) + ", " + i + ", " + (i % 2 == 0 ? "alice" : "bob") + ", " + methods[i % 4]
                + ", " + java.util.Arrays.toString(new byte[i % 3]) + "]";
    }

    private static List<String> orders(int... indexes) {
        return java.util.Arrays.stream(indexes).mapToObj(FilterSessionsTest::order).toList();
    }

    private static List<String> recorded(RecordingBackend backend) {
        return backend.events.stream().map(e -> e.replaceAll("\\[B@[0-9a-f]+", "")).toList();
    }

    @Test
    void aConfiguredFilterDeliversExactlyTheMatchingEvents() {
        Session session = start(SessionConfig.builder("s").rule("coretest.filter:orderPlaced[orderId > 1000 && customer == \"a*\"]"));
        assertEquals(List.of("coretest.filter:orderPlaced[orderId > 1000 && customer == \"a*\"]"), session.rules());
        emitOrders();
        assertEquals(texts(orders(6, 8)), texts(factory.last()));
    }

    /** Byte arrays print as identities in RecordingBackend: compare their lengths instead. */
    private static List<String> texts(List<String> expected) {
        return expected.stream().map(FilterSessionsTest::normalise).toList();
    }

    private static List<String> texts(RecordingBackend backend) {
        return backend.events.stream().map(FilterSessionsTest::normalise).toList();
    }

    private static String normalise(String event) {
        return event.replaceAll("\\[B@[0-9a-f]+", "bytes").replaceAll("\\[(0(, )?)*\\]", "bytes");
    }

    @Test
    void enumsNullsAndLengthsFilterThroughEnable() {
        Session session = start(SessionConfig.builder("s").enable("nothing:*"));
        session.enable("coretest.filter:orderPlaced[method in (CASH, null) || len(note) == 2 && method == \"V*\"]");
        emitOrders();
        // CASH: 1, 5, 9; null: 3, 7; len 2 and VOUCHER: i % 3 == 2 and i % 4 == 2: 2
        assertEquals(texts(orders(1, 2, 3, 5, 7, 9)), texts(factory.last()));
    }

    /** On the arguments as on the encoded event: a null String or array is empty, a null enum is null, an unpaired surrogate is '?'. */
    @Test
    void nullsAndUnpairedSurrogatesFilterAsTheEncodedEventReadsThem() {
        start(SessionConfig.builder("s").enable("coretest.filter:orderPlaced[customer == \"\" && method == null && len(note) == 0"
                + " || customer == \"x?\" && len(note) == 1]"));
        EVENTS.orderPlaced(1, 1, null, null, null);
        EVENTS.orderPlaced(2, 1, "", PaymentMethod.CARD, null);
        EVENTS.orderPlaced(3, 1, "x\ud800", PaymentMethod.CARD, new byte[1]);
        EVENTS.orderPlaced(4, 1, "x\ud800\udc00", PaymentMethod.CARD, new byte[1]);
        assertEquals(List.of("coretest.filter:orderPlaced[1, 1, , null, bytes]", "coretest.filter:orderPlaced[3, 1, x?, CARD, bytes]"),
                texts(factory.last()));
    }

    @Test
    void eachSessionsFilterDecidesForThatSession() {
        RecordingBackend.Factory second = new RecordingBackend.Factory("second");
        RecordingBackend.Factory third = new RecordingBackend.Factory("third");
        start(SessionConfig.builder("big").enable("coretest.filter:orderPlaced[items >= 8]"));
        Session bob = Tracing.createSession(SessionConfig.builder("bob").backend(second)
                .enable("coretest.filter:orderPlaced[customer == \"bob\"]").build());
        bob.start();
        Session all = Tracing.createSession(SessionConfig.builder("all").backend(third).enable("coretest.filter:*").build());
        all.start();
        emitOrders();
        assertEquals(texts(orders(8, 9)), texts(factory.last()));
        assertEquals(texts(orders(1, 3, 5, 7, 9)), texts(second.last()));
        assertEquals(texts(orders(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)), texts(third.last()), "a rule without filter takes every event");
    }

    @Test
    void theLastMatchingRuleDecidesWithItsFilter() {
        Session session = start(SessionConfig.builder("s").enable("coretest.filter:*"));
        session.enable("coretest.filter:orderPlaced[items == 4]");
        emitOrders();
        assertEquals(texts(orders(4)), texts(factory.last()));
        session.enable("coretest.filter:orderPlaced");
        emitOrders();
        assertEquals(11, factory.last().events.size(), "a later rule without filter takes every event again");
        session.disable("coretest.filter:orderPlaced");
        emitOrders();
        assertEquals(11, factory.last().events.size());
    }

    @Test
    void aFilterThatDoesNotFitALoadedEventIsRefusedWhenSetAndNothingChanges() {
        Session session = start(SessionConfig.builder("s").enable("coretest.filter:orderPlaced[items > 3]"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> session.enable("coretest.filter:*[itemz > 3]"));
        assertEquals("session 's': rule 'coretest.filter:*[itemz > 3]': filter 'itemz > 3' on event coretest.filter:orderPlaced, "
                + "at position 0: event coretest.filter:orderPlaced has no field 'itemz'; its fields: orderId (long), items (int), "
                + "customer (String), method (enum io.waymark.core.fixtures.PaymentMethod), note (byte[])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> session.enable("coretest.filter:*[items > 3]"));
        assertTrue(e.getMessage().contains("on event coretest.filter:probed, at position 0: event coretest.filter:probed has no "
                + "field 'items'; its fields: key (String), hit (boolean)"), "checked against every matching event: " + e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> session.enable("coretest.filter:orderPlaced[customer > 3]"));
        assertTrue(e.getMessage().contains("type mismatch: field 'customer' (String) > the integer 3"), e.getMessage());
        assertEquals(List.of("coretest.filter:orderPlaced[items > 3]"), session.rules(), "nothing changed");

        e = assertThrows(IllegalArgumentException.class, () -> Tracing.createSession(SessionConfig.builder("bad")
                .backend(factory).rule("coretest.filter:orderPlaced[method == CHEQUE]").build()));
        assertTrue(e.getMessage().startsWith("session 'bad': rule 'coretest.filter:orderPlaced[method == CHEQUE]': filter "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("'CHEQUE' is not a constant of enum io.waymark.core.fixtures.PaymentMethod (field "
                + "'method'); its constants: CARD, CASH, VOUCHER"), e.getMessage());
        assertFalse(Tracing.sessions().stream().anyMatch(s -> s.name().equals("bad")), "no session was created");
    }

    @Test
    void aFilterThatDoesNotFitALateProviderFailsClosedAndIsReported() {
        assertFalse(Tracing.providers().stream().anyMatch(p -> p.name().equals("coretest.filterlate")),
                "precondition: FilterLateEvents has not loaded yet (no other test may touch it)");
        Session wrong = start(SessionConfig.builder("wrong").enable("coretest.filterlate:ping[nmae == \"x*\"]"));
        RecordingBackend wrongBackend = factory.last();
        RecordingBackend.Factory second = new RecordingBackend.Factory("second");
        Session right = Tracing.createSession(SessionConfig.builder("right").backend(second)
                .enable("coretest.filterlate:ping[name == \"x*\" && n > 1]").build());
        right.start();

        FilterLateEvents late = Waymark.provider(FilterLateEvents.class);
        late.ping(1, "xa");
        late.ping(2, "xb");
        late.ping(3, "yc");

        assertEquals(List.of(), List.copyOf(wrongBackend.events), "fails closed: no event of a type the filter does not fit");
        assertEquals(List.of("coretest.filterlate:ping[2, xb]"), List.copyOf(second.last().events));
        String error = "session 'wrong': rule 'coretest.filterlate:ping[nmae == \"x*\"]' does not fit event coretest.filterlate:ping "
                + "as loaded: filter 'nmae == \"x*\"' on event coretest.filterlate:ping, at position 0: event coretest.filterlate:ping "
                + "has no field 'nmae'; its fields: n (int), name (String)";
        assertTrue(Tracing.configurationErrors().contains(error), Tracing.configurationErrors().toString());
        assertEquals(1, Tracing.configurationErrors().stream().filter(error::equals).count(), "reported once");
        assertFalse(wrong.wants(type("coretest.filterlate", "ping")));
        assertTrue(right.wants(type("coretest.filterlate", "ping")));
    }

    private static EventType type(String provider, String event) {
        return Tracing.providers().stream().filter(p -> p.name().equals(provider)).findFirst().orElseThrow()
                .events().stream().filter(t -> t.name().equals(event)).findFirst().orElseThrow();
    }

    /**
     * A filter compiled to the tracepoint's arguments runs before anything is encoded: the one filtering
     * session's backend may write in place again, and room is claimed only for the events that passed.
     */
    @Test
    void aFilterOnTheArgumentsDecidesBeforeAnythingIsEncoded() {
        AtomicInteger claims = new AtomicInteger();
        RecordingBackend recording = new RecordingBackend(event -> {});
        BackendFactory inPlace = new BackendFactory() {
            @Override
            public String name() {
                return "in-place";
            }

            @Override
            public String requestedSpiVersion() {
                return BackendFactory.SPI_VERSION;
            }

            @Override
            public Backend create(BackendContext context) {
                return new Backend() {
                    @Override
                    public void onEvent(Event event) {
                        recording.onEvent(event);
                    }

                    @Override
                    public RecordSink recordSink(EventType type, int providerIndex) {
                        return record -> claims.incrementAndGet(); // keeps nothing, counts the commit
                    }
                };
            }
        };
        Session session = Tracing.createSession(SessionConfig.builder("s").backend(inPlace)
                .enable("coretest.filter:orderPlaced[items == 3]").build());
        session.start();
        emitOrders();
        assertEquals(1, claims.get(), "a record committed for the one event that passed (items == 3), none for the nine rejected");
        assertEquals(List.of(), texts(recording));
    }
}
