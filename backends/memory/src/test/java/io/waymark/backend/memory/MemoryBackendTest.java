package io.waymark.backend.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.SessionState;
import io.waymark.core.Tracing;
import io.waymark.memtest.OrderEvents;
import io.waymark.memtest.OrderEvents.Channel;
import io.waymark.memtest.OtherEvents;
import io.waymark.memtest.TestEvent;
import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.ProviderDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemoryBackendTest {

    private static final OrderEvents ORDERS = Waymark.provider(OrderEvents.class);
    private static final OtherEvents OTHER = Waymark.provider(OtherEvents.class);
    private static final AtomicInteger SESSION_NUMBERS = new AtomicInteger();

    /** A type for driving the backend directly, without a session. */
    private static final EventType PLACED = new EventType("memtest.direct", "placed", 1, Stability.STABLE, Level.INFO,
            List.of(FieldDescriptor.of("orderId", FieldType.LONG)));

    private final List<Session> sessions = new ArrayList<>();

    @AfterEach
    void closeSessions() {
        sessions.forEach(Session::close);
    }

    private Session start(SessionConfig.Builder builder) {
        Session session = Tracing.createSession(builder.backend(new MemoryBackendFactory()).build());
        sessions.add(session);
        session.start();
        return session;
    }

    private static SessionConfig.Builder config() {
        return SessionConfig.builder("memory-backend-test-" + SESSION_NUMBERS.incrementAndGet());
    }

    private static MemoryBackend backendOf(Session session) {
        return (MemoryBackend) session.backend();
    }

    @Test
    void recordsEveryFieldTypeExactly() {
        Session session = start(config().enable("memtest.orders:allTypes"));
        byte[] payload = {1, -2, 127};

        ORDERS.allTypes(true, (byte) -7, (short) -300, 'λ', Integer.MIN_VALUE, Long.MAX_VALUE, 1.5f, Math.PI, "héllo",
                Channel.PHONE, payload);
        payload[0] = 99; // the application reuses its buffer: the recording must not change

        List<RecordedEvent> events = backendOf(session).events();
        assertEquals(1, events.size());
        RecordedEvent event = events.get(0);
        assertEquals("memtest.orders:allTypes", event.qualifiedName());
        assertEquals(List.of("flag", "smallNumber", "mediumNumber", "letter", "count", "total", "ratio", "precise", "text",
                "channel", "payload"), event.fieldNames());
        List<Object> values = event.values();
        assertEquals(Boolean.TRUE, values.get(0));
        assertEquals(Byte.valueOf((byte) -7), values.get(1));
        assertEquals(Short.valueOf((short) -300), values.get(2));
        assertEquals(Character.valueOf('λ'), values.get(3));
        assertEquals(Integer.valueOf(Integer.MIN_VALUE), values.get(4));
        assertEquals(Long.valueOf(Long.MAX_VALUE), values.get(5));
        assertEquals(Float.valueOf(1.5f), values.get(6));
        assertEquals(Double.valueOf(Math.PI), values.get(7));
        assertEquals("héllo", values.get(8));
        assertEquals("PHONE", values.get(9), "an enum is recorded by its label");
        assertArrayEquals(new byte[] {1, -2, 127}, (byte[]) values.get(10));
        assertEquals("memtest.orders:allTypes{flag=true, smallNumber=-7, mediumNumber=-300, letter=λ, count=-2147483648, "
                + "total=9223372036854775807, ratio=1.5, precise=3.141592653589793, text=héllo, channel=PHONE, "
                + "payload=[1, -2, 127]}", event.toString());
    }

    @Test
    void recordsNullReferencesAsTheEncodingWritesThem() {
        Session session = start(config().enable("memtest.orders:allTypes"));

        ORDERS.allTypes(false, (byte) 0, (short) 0, 'a', 0, 0L, 0f, 0d, null, null, null);

        RecordedEvent event = backendOf(session).events().get(0);
        assertEquals("", event.value("text"), "a null String is recorded as empty");
        assertNull(event.value("channel"), "a null enum keeps its own encoding (ordinal -1)");
        assertArrayEquals(new byte[0], (byte[]) event.value("payload"), "a null byte[] is recorded as empty");
        assertTrue(event.toString().endsWith("text=, channel=null, payload=[]}"), event.toString());
    }

    @Test
    void recordsTimeAndThreadFromTheEvent() {
        Session session = start(config().enable("memtest.orders:orderPlaced"));
        long before = System.nanoTime();

        ORDERS.orderPlaced(42L, 3, "SKU-1");

        long after = System.nanoTime();
        MemoryBackend backend = backendOf(session);
        RecordedEvent event = backend.events().get(0);
        assertTrue(event.timestampNanos() >= before && event.timestampNanos() <= after);
        assertEquals(backend.clock().toInstant(event.timestampNanos()), event.time());
        assertEquals(Thread.currentThread().getId(), event.threadId());
        assertEquals(Thread.currentThread().getName(), event.threadName());
        assertEquals("memtest.orders:orderPlaced{orderId=42, quantity=3, sku=SKU-1}", event.toString());
    }

    @Test
    void readsValuesByNameAndIndex() {
        Session session = start(config().enable("memtest.orders:orderPlaced"));
        ORDERS.orderPlaced(42L, 3, "SKU-1");
        RecordedEvent event = backendOf(session).events().get(0);

        assertEquals(42L, event.value("orderId"));
        assertEquals(3, event.value(1));
        assertEquals("SKU-1", event.value("sku"));

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> event.value("orderID"));
        assertEquals("event memtest.orders:orderPlaced has no field 'orderID'; its fields are [orderId, quantity, sku]",
                unknown.getMessage());
        IndexOutOfBoundsException outside = assertThrows(IndexOutOfBoundsException.class, () -> event.value(3));
        assertTrue(outside.getMessage().contains("has 3 fields [orderId, quantity, sku], no field 3"), outside.getMessage());
    }

    @Test
    void filtersByExactQualifiedName() {
        Session session = start(config().enable("memtest.orders:*", "memtest.other"));
        ORDERS.orderPlaced(1L, 1, "a");
        OTHER.ping(1);
        ORDERS.orderShipped(1L);
        ORDERS.orderPlaced(2L, 1, "b");

        MemoryBackend backend = backendOf(session);
        assertEquals(List.of(1L, 2L), backend.events("memtest.orders:orderPlaced").stream().map(e -> e.value("orderId")).toList());
        assertEquals(1, backend.events("memtest.other:ping").size());
        assertEquals(List.of(), backend.events("memtest.orders:order*"), "the name is matched exactly, not as a glob");
        assertEquals(List.of("memtest.orders:orderPlaced", "memtest.other:ping", "memtest.orders:orderShipped",
                "memtest.orders:orderPlaced"), backend.events().stream().map(RecordedEvent::qualifiedName).toList());
    }

    @Test
    void keepsTheFirstEventsAndCountsTheRestAsDiscarded() {
        Session session = start(config().enable("memtest.orders:orderShipped").setting("capacity", "3"));

        for (long id = 1; id <= 5; id++) {
            ORDERS.orderShipped(id);
        }

        MemoryBackend backend = backendOf(session);
        assertEquals(3, backend.capacity());
        assertEquals(List.of(1L, 2L, 3L), backend.events().stream().map(e -> e.value("orderId")).toList());
        assertEquals(2, backend.discardedEvents());
        assertEquals(2, session.statistics().discarded(io.waymark.spi.DiscardReason.BUFFER_FULL),
                "the session's statistics report the backend's count, by reason");
        assertEquals(2, session.statistics().discardedEvents());
        assertEquals(3, session.statistics().recordedEvents());
        assertEquals(5, session.statistics().emittedEvents());
    }

    @Test
    void theDefaultCapacityIsAHundredThousand() {
        Session session = start(config().enable("memtest.orders:orderShipped"));
        assertEquals(100_000, backendOf(session).capacity());
        assertEquals(MemoryBackendFactory.DEFAULT_CAPACITY, backendOf(session).capacity());
    }

    @Test
    void capacityAcrossSeveralChunks() {
        MemoryBackend backend = new MemoryBackend(ClockAnchor.now(), 2500);
        for (long i = 0; i < 3000; i++) {
            backend.onEvent(TestEvent.of(PLACED, i, i));
        }
        List<RecordedEvent> events = backend.events();
        assertEquals(2500, events.size());
        for (int i = 0; i < events.size(); i++) {
            assertEquals((long) i, events.get(i).value(0));
        }
        assertEquals(500, backend.discardedEvents());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "0", "-5", "", "2147483648", "1.5"})
    void rejectsAMalformedCapacity(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tracing.createSession(config()
                .backend(new MemoryBackendFactory()).enable("memtest.orders:*").setting("capacity", value).build()));
        String message = e.getMessage();
        assertTrue(message.contains("setting 'capacity'"), message);
        assertTrue(message.contains("'" + value + "'"), message);
        assertTrue(message.contains("not a positive integer"), message);
        assertTrue(message.contains("set it to the number of events to keep"), message);
        assertTrue(message.contains("default 100000"), message);
    }

    @Test
    void refusesAMisspeltSettingNamingCapacity() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tracing.createSession(config()
                .backend(new MemoryBackendFactory()).enable("memtest.orders:*").setting("capacty", "10").build()));
        assertTrue(e.getMessage().endsWith("backend 'memory' has no setting 'capacty' (did you mean 'capacity'?); "
                + "its settings are [capacity]"), e.getMessage());
    }

    @Test
    void acceptsACapacityWithSurroundingSpaces() {
        MemoryBackend backend = new MemoryBackendFactory().create(
                new BackendContext("direct", ClockAnchor.now(), Map.of("capacity", " 10 ", "unrelated", "x")));
        assertEquals(10, backend.capacity());
    }

    @Test
    void rejectsANonPositiveCapacityInTheConstructor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MemoryBackend(ClockAnchor.now(), 0));
        assertEquals("capacity must be positive, was 0", e.getMessage());
    }

    @Test
    void ignoresEventsAfterClose() {
        Session session = start(config().enable("memtest.orders:orderShipped"));
        ORDERS.orderShipped(1L);
        MemoryBackend backend = backendOf(session);

        session.close();
        assertEquals(SessionState.CLOSED, session.state());
        assertTrue(backend.isClosed(), "closing the session closes its backend");
        ORDERS.orderShipped(2L);
        backend.onEvent(TestEvent.of(PLACED, 0, 3L)); // even when called directly

        assertEquals(List.of(1L), backend.events().stream().map(e -> e.value(0)).toList(), "what was recorded stays readable");
        assertEquals(0, backend.discardedEvents(), "ignored events are not discarded ones");
    }

    @Test
    void clearForgetsEventsAndDiscardsButKeepsProviders() {
        Session session = start(config().enable("memtest.orders:orderShipped").setting("capacity", "1"));
        ORDERS.orderShipped(1L);
        ORDERS.orderShipped(2L);
        MemoryBackend backend = backendOf(session);
        assertEquals(1, backend.discardedEvents());

        backend.clear();

        assertEquals(List.of(), backend.events());
        assertEquals(0, backend.discardedEvents());
        assertFalse(backend.providers().isEmpty());
        ORDERS.orderShipped(3L);
        assertEquals(List.of(3L), backend.events().stream().map(e -> e.value(0)).toList(), "the capacity is available again");
    }

    @Test
    void knowsTheProvidersOnceEachAcrossRestarts() {
        Session session = start(config().enable("memtest.orders:*"));
        MemoryBackend backend = backendOf(session);
        ProviderDescriptor orders = descriptor(backend, "memtest.orders");
        assertEquals(OrderEvents.class.getName(), orders.interfaceName());
        assertEquals(List.of("orderPlaced", "cacheMiss", "paymentFailed", "orderShipped", "allTypes"),
                orders.events().stream().map(EventType::name).toList());

        session.stop();
        session.start(); // the runtime announces every provider again

        long ordersCount = backend.providers().stream().filter(p -> p.name().equals("memtest.orders")).count();
        assertEquals(1, ordersCount, backend.providers().toString());
        assertEquals(Tracing.providers().size(), backend.providers().size(), "every registered provider, once");
    }

    private static ProviderDescriptor descriptor(MemoryBackend backend, String name) {
        return backend.providers().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + backend.providers()));
    }

    @Test
    void eventsIsAnImmutableSnapshot() {
        Session session = start(config().enable("memtest.orders:orderShipped"));
        ORDERS.orderShipped(1L);
        List<RecordedEvent> snapshot = backendOf(session).events();

        ORDERS.orderShipped(2L);

        assertEquals(1, snapshot.size());
        assertThrows(UnsupportedOperationException.class, () -> snapshot.add(snapshot.get(0)));
        assertEquals(2, backendOf(session).events().size());
    }

    @Test
    void theFactoryIsFoundAsAServiceAndByName() {
        List<String> names = new ArrayList<>();
        for (BackendFactory factory : ServiceLoader.load(BackendFactory.class)) {
            names.add(factory.name());
        }
        assertTrue(names.contains("memory"), names.toString());
        assertTrue(Tracing.backendNames().contains("memory"), Tracing.backendNames().toString());
        assertEquals("memory", new MemoryBackendFactory().name());

        Session session = Tracing.createSession(config().backend("memory").enable("memtest.orders:orderShipped").build());
        sessions.add(session);
        session.start();
        ORDERS.orderShipped(5L);
        assertInstanceOf(MemoryBackend.class, session.backend());
        assertEquals(1, backendOf(session).events().size());
    }

    @Test
    void eachSessionHasItsOwnBackend() {
        Session all = start(config().enable("memtest.orders:*"));
        Session placedOnly = start(config().enable("memtest.orders:orderPlaced"));

        ORDERS.orderPlaced(1L, 1, "a");
        ORDERS.orderShipped(1L);

        assertEquals(2, backendOf(all).events().size());
        assertEquals(1, backendOf(placedOnly).events().size());
        assertFalse(backendOf(all) == backendOf(placedOnly));
    }

    @Test
    void aRecordedEventCanBeBuiltDirectlyAndValidatesItsValues() {
        EventType type = new EventType("memtest.direct", "mixed", 2, Stability.STABLE, Level.INFO, List.of(
                FieldDescriptor.of("id", FieldType.LONG), FieldDescriptor.of("data", FieldType.BYTES),
                FieldDescriptor.ofEnum("color", "x.Color", List.of("RED"))));
        ClockAnchor clock = ClockAnchor.now();
        List<Object> values = new ArrayList<>(List.of(1L, new byte[] {1, 2}));
        values.add(null);

        RecordedEvent event = new RecordedEvent(type, 5, clock.toInstant(5), 1, "main", values);
        values.set(0, 2L);
        ((byte[]) values.get(1))[0] = 9;

        assertEquals(1L, event.value("id"), "the values were copied in");
        assertArrayEquals(new byte[] {1, 2}, (byte[]) event.value("data"));
        ((byte[]) event.value("data"))[0] = 9;
        assertArrayEquals(new byte[] {1, 2}, (byte[]) event.value("data"), "byte arrays are copied out");
        assertThrows(UnsupportedOperationException.class, () -> event.values().set(0, 3L));
        assertEquals(new RecordedEvent(type, 5, clock.toInstant(5), 1, "main", java.util.Arrays.asList(1L, new byte[] {1, 2}, null)),
                event, "equal when the byte arrays have equal content");
        assertEquals(event.hashCode(),
                new RecordedEvent(type, 5, clock.toInstant(5), 1, "main", java.util.Arrays.asList(1L, new byte[] {1, 2}, null)).hashCode());

        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> new RecordedEvent(type, 5, clock.toInstant(5), 1, "main", List.of(1, new byte[0], "RED")));
        assertEquals("event memtest.direct:mixed: field 'id' is LONG, held as Long, but the value is Integer 1",
                wrongType.getMessage());
        IllegalArgumentException nullPrimitive = assertThrows(IllegalArgumentException.class,
                () -> new RecordedEvent(type, 5, clock.toInstant(5), 1, "main", java.util.Arrays.asList(null, null, null)));
        assertTrue(nullPrimitive.getMessage().contains("field 'id' is LONG, held as Long, but the value is null"),
                nullPrimitive.getMessage());
        IllegalArgumentException wrongCount = assertThrows(IllegalArgumentException.class,
                () -> new RecordedEvent(type, 5, clock.toInstant(5), 1, "main", List.of(1L)));
        assertEquals("event memtest.direct:mixed has 3 fields, got 1 values", wrongCount.getMessage());
    }

    @Test
    void copiesADirectlyDrivenEvent() {
        MemoryBackend backend = new MemoryBackend(new ClockAnchor(1_000_000_000L, 500L), 10);
        backend.onEvent(TestEvent.of(PLACED, 1_500L, 42L));

        RecordedEvent event = backend.events().get(0);
        assertEquals(1_500L, event.timestampNanos());
        assertEquals(java.time.Instant.ofEpochSecond(1, 1_000), event.time(), "epoch + (timestamp - monotonic)");
        assertEquals(7, event.threadId());
        assertEquals("#7", event.threadName(), "a record read back from bytes has no thread name: the id stands in");
        assertSame(PLACED, event.type());
        assertEquals("MemoryBackend[capacity=10, recorded=1, discarded=0]", backend.toString());
    }
}
