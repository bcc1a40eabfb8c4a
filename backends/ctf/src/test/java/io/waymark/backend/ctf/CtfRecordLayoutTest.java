package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.backend.ctf.internal.CtfLayout;
import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.Waymark;
import io.waymark.ctftest.IndexedEvents;
import io.waymark.spi.BackendContext;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.probe.ProbeRegistry;
import io.waymark.spi.probe.RegisteredProvider;
import io.waymark.spi.wire.EncodedEvent;
import io.waymark.spi.wire.EventDecoder;
import io.waymark.spi.wire.RecordEncoder;
import io.waymark.spi.wire.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each CTF event is the canonical record; its class id is the record's identity word. */
class CtfRecordLayoutTest {

    /** The first packet's first event: right after the packet header and context. */
    private static final int FIRST_EVENT = 80;
    private static final Pattern CLASS_ID = Pattern.compile("Event class `([^`]+)` \\(ID ([\\d,]+)\\)");

    @TempDir
    Path dir;

    /** A provider of two events, {@code placed} (id 1) and {@code audited} (id 40000: its identity words exceed 2^31). */
    private static ProviderDescriptor orders(String name) {
        return new ProviderDescriptor(name, "Orders", List.of(
                new EventType(name, "placed", 1, Stability.STABLE, Level.INFO,
                        List.of(FieldDescriptor.of("orderId", FieldType.LONG), FieldDescriptor.of("sku", FieldType.STRING))),
                new EventType(name, "audited", 40_000, Stability.STABLE, Level.INFO,
                        List.of(FieldDescriptor.of("orderId", FieldType.LONG)))));
    }

    private CtfBackend backend(Path trace) {
        return new CtfBackendFactory().create(new BackendContext("layout", ClockAnchor.now(),
                Map.of("directory", trace.toString(), "streams", "1")));
    }

    private static byte[] record(EventType type, int providerIndex, long timestamp, Object... values) {
        return RecordEncoder.encode(type, providerIndex, timestamp, 11, List.of(values));
    }

    private static void emit(CtfBackend backend, EventType type, byte[] record) {
        backend.onEvent(new EventDecoder().wrap(type, record, 0));
    }

    @Test
    void eventClassIdsAreTheIdentityWordsOfTheRecords() throws Exception {
        Path trace = dir.resolve("ids");
        ProviderDescriptor shop = orders("ctftest.shop2");
        ProviderDescriptor bank = orders("ctftest.bank");
        CtfBackend backend = backend(trace);
        backend.onProviderRegistered(shop, 1);
        backend.onProviderRegistered(bank, 7);
        long now = System.nanoTime();
        emit(backend, shop.events().get(0), record(shop.events().get(0), 1, now, 10L, "a"));
        emit(backend, bank.events().get(0), record(bank.events().get(0), 7, now + 1, 20L, "b"));
        emit(backend, bank.events().get(1), record(bank.events().get(1), 7, now + 2, 21L));
        emit(backend, shop.events().get(1), record(shop.events().get(1), 1, now + 3, 11L));
        backend.close();

        Map<String, Long> expected = new TreeMap<>(Map.of(
                "ctftest.shop2:placed", Integer.toUnsignedLong(WireFormat.identityWord(1, 1)),
                "ctftest.shop2:audited", Integer.toUnsignedLong(WireFormat.identityWord(1, 40_000)),
                "ctftest.bank:placed", Integer.toUnsignedLong(WireFormat.identityWord(7, 1)),
                "ctftest.bank:audited", Integer.toUnsignedLong(WireFormat.identityWord(7, 40_000))));
        assertEquals(expected, babeltraceClassIds(trace));
        List<String> lines = Babeltrace.events(trace);
        assertEquals(4, lines.size(), lines::toString);
        assertLine(lines, 0, "ctftest.shop2:placed", "orderId = 10");
        assertLine(lines, 1, "ctftest.bank:placed", "orderId = 20");
        assertLine(lines, 2, "ctftest.bank:audited", "orderId = 21");
        assertLine(lines, 3, "ctftest.shop2:audited", "orderId = 11");

        List<String> read = new ArrayList<>();
        CtfTraceReader.open(trace).forEach(e -> read.add(e.type().qualifiedName() + " " + e.getLong(0) + " index "
                + ((EncodedEvent) e).providerIndex()));
        assertEquals(List.of("ctftest.shop2:placed 10 index 1", "ctftest.bank:placed 20 index 7",
                "ctftest.bank:audited 21 index 7", "ctftest.shop2:audited 11 index 1"), read);
    }

    @Test
    void aSessionDeclaresTheProviderIndexTheRuntimeGaveTheProvider() throws Exception {
        ProbeRegistry.register(new ProviderDescriptor("ctftest.placeholder", "Placeholder", List.of())); // takes an index first
        IndexedEvents indexed = Waymark.provider(IndexedEvents.class);
        int index = ProbeRegistry.providers().stream().filter(p -> p.descriptor().name().equals("ctftest.indexed"))
                .mapToInt(RegisteredProvider::index).findFirst().orElseThrow();
        assertTrue(index > 0, "index " + index);
        Path trace = dir.resolve("session");
        try (Sessions sessions = new Sessions()) {
            sessions.start(trace, Map.of(), "ctftest.indexed:*");
            indexed.happened(1);
        }
        assertEquals(Integer.toUnsignedLong(WireFormat.identityWord(index, 5)), babeltraceClassIds(trace).get("ctftest.indexed:happened"));
        List<String> read = new ArrayList<>();
        CtfTraceReader.open(trace).forEach(e -> read.add(e.type().qualifiedName() + " " + e.getLong(0)));
        assertEquals(List.of("ctftest.indexed:happened 1"), read);
    }

    /** Two class loaders load one provider: the same declaration, two registrations, two indexes. */
    @Test
    void oneProviderRegisteredAtTwoIndexesIsReadAsBoth() throws Exception {
        Path trace = dir.resolve("twice");
        ProviderDescriptor first = orders("ctftest.twice");
        ProviderDescriptor second = orders("ctftest.twice");
        assertEquals(first, second);
        CtfBackend backend = backend(trace);
        backend.onProviderRegistered(first, 2);
        backend.onProviderRegistered(second, 5);
        long now = System.nanoTime();
        emit(backend, first.events().get(0), record(first.events().get(0), 2, now, 1L, "from 2"));
        emit(backend, second.events().get(0), record(second.events().get(0), 5, now + 1, 2L, "from 5"));
        emit(backend, second.events().get(1), record(second.events().get(1), 5, now + 2, 3L));
        emit(backend, first.events().get(1), record(first.events().get(1), 2, now + 3, 4L));
        backend.close();
        assertEquals(0, backend.discardedEvents());

        List<String> lines = Babeltrace.events(trace);
        assertEquals(4, lines.size(), lines::toString);
        assertLine(lines, 0, "ctftest.twice:placed", "sku = \"from 2\"");
        assertLine(lines, 1, "ctftest.twice:placed", "sku = \"from 5\"");
        assertLine(lines, 2, "ctftest.twice:audited", "orderId = 3");
        assertLine(lines, 3, "ctftest.twice:audited", "orderId = 4");
        List<String> read = new ArrayList<>();
        CtfTraceReader.open(trace).forEach(e -> read.add(e.type().name() + " " + e.getLong(0) + " index "
                + ((EncodedEvent) e).providerIndex()));
        assertEquals(List.of("placed 1 index 2", "placed 2 index 5", "audited 3 index 5", "audited 4 index 2"), read);
    }

    @Test
    void aRecordOfNoDeclaredClassIsDiscardedCountedAndNeverWritten() throws Exception {
        Path trace = dir.resolve("undeclared");
        ProviderDescriptor orders = orders("ctftest.orders");
        EventType placed = orders.events().get(0);
        EventType undeclared = new EventType("ctftest.orders", "refunded", 9, Stability.STABLE, Level.INFO,
                List.of(FieldDescriptor.of("orderId", FieldType.LONG)));
        CtfBackend backend = backend(trace);
        backend.onProviderRegistered(orders, 3);
        long now = System.nanoTime();
        emit(backend, placed, record(placed, 4, now, 1L, "an index no provider has"));
        emit(backend, placed, record(placed, 3, now + 1, 2L, "kept"));
        emit(backend, undeclared, record(undeclared, 3, now + 2, 3L));
        emit(backend, placed, record(placed, 3, now + 3, 4L, "kept"));
        backend.close();

        assertEquals(2, backend.discardedEvents());
        List<String> output = Babeltrace.read(trace);
        List<String> events = Babeltrace.events(trace);
        assertEquals(2, events.size(), output::toString);
        assertTrue(events.get(0).contains("orderId = 2") && events.get(1).contains("orderId = 4"), events::toString);
        CtfTraceReader reader = CtfTraceReader.open(trace);
        assertEquals(2, reader.count());
        assertEquals(2, reader.discardedEvents(), "the trace reports the loss");
        byte[] stream = Files.readAllBytes(trace.resolve("stream_0"));
        assertEquals(FIRST_EVENT + 2 * (record(placed, 3, now, 2L, "kept").length - CtfLayout.RECORD_OFFSET), stream.length,
                "one packet holding the two kept records, nothing else");
    }

    /** The packet opened for a refused record goes back to the ring: the loss is still reported. */
    @Test
    void aTraceWhoseOnlyRecordWasRefusedReportsItsLoss() throws Exception {
        Path trace = dir.resolve("only-refused");
        ProviderDescriptor orders = orders("ctftest.orders");
        CtfBackend backend = backend(trace);
        backend.onProviderRegistered(orders, 3);
        emit(backend, orders.events().get(0), record(orders.events().get(0), 6, System.nanoTime(), 1L, "x"));
        backend.close();
        assertEquals(1, backend.discardedEvents());
        assertEquals(1, CtfTraceReader.open(trace).discardedEvents());
        assertEquals(0, CtfTraceReader.open(trace).count());
        assertTrue(Babeltrace.events(trace).isEmpty());
        byte[] stream = Files.readAllBytes(trace.resolve("stream_0"));
        assertEquals(FIRST_EVENT, stream.length, "one empty packet carrying the count");
    }

    @Test
    void aProviderSharingADeclaredIndexIsRefusedAndItsEventsAreDiscarded() throws Exception {
        Path trace = dir.resolve("shared-index");
        ProviderDescriptor first = orders("ctftest.first");
        ProviderDescriptor later = orders("ctftest.later");
        CtfBackend backend = backend(trace);
        backend.onProviderRegistered(first, 0xFFFF);
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            backend.onProviderRegistered(later, 0xFFFF);
        } finally {
            System.setErr(stderr);
        }
        String warning = captured.toString(StandardCharsets.UTF_8);
        assertTrue(warning.contains("WARN") && warning.contains("provider ctftest.later shares provider index 65535 with ctftest.first"),
                warning);
        long now = System.nanoTime();
        EventType firstPlaced = first.events().get(0);
        EventType laterPlaced = later.events().get(0);
        emit(backend, firstPlaced, record(firstPlaced, 0xFFFF, now, 1L, "first"));
        emit(backend, laterPlaced, record(laterPlaced, 0xFFFF, now + 1, 2L, "later: same identity word"));
        emit(backend, later.events().get(1), record(later.events().get(1), 0xFFFF, now + 2, 3L));
        backend.close();

        assertEquals(2, backend.discardedEvents());
        assertFalse(Files.readString(trace.resolve("metadata")).contains("ctftest.later"), "never declared");
        List<String> events = Babeltrace.events(trace);
        assertEquals(1, events.size(), events::toString);
        assertTrue(events.get(0).contains("ctftest.first:placed") && events.get(0).contains("sku = \"first\""), events.get(0));
        List<String> read = new ArrayList<>();
        CtfTraceReader.open(trace).forEach(e -> read.add(e.type().qualifiedName() + " " + e.getString(1)));
        assertEquals(List.of("ctftest.first:placed first"), read);
    }

    @Test
    void aStoredEventIsTheCanonicalRecordByteForByteSaveItsSizeWordAndItsClaimTimestamp() throws Exception {
        Path trace = dir.resolve("verbatim");
        ProviderDescriptor orders = orders("ctftest.orders");
        EventType placed = orders.events().get(0);
        EventType audited = orders.events().get(1);
        CtfBackend backend = backend(trace);
        backend.onProviderRegistered(orders, 3);
        long now = System.nanoTime();
        byte[] late = RecordEncoder.encode(placed, 3, now + 1_000_000_000, 0x0102030405060708L, List.of(-1L, "héllo"));
        byte[] early = RecordEncoder.encode(audited, 3, now, 42, List.of(7L)); // read the clock first, claimed second
        byte[] last = RecordEncoder.encode(placed, 3, now + 2_000, 43, List.of(8L, ""));
        emit(backend, placed, late);
        emit(backend, audited, early);
        emit(backend, placed, last);
        backend.close();

        // the stored timestamp is the claim's (read inside the claim loop): never going back along a stream
        byte[] stream = Files.readAllBytes(trace.resolve("stream_0"));
        int at = FIRST_EVENT;
        long previous = Long.MIN_VALUE;
        for (byte[] record : List.of(late, early, last)) {
            byte[] stored = Arrays.copyOfRange(stream, at, at += record.length - 4);
            long timestamp = ByteBuffer.wrap(stored).order(ByteOrder.LITTLE_ENDIAN).getLong(WireFormat.TIMESTAMP_OFFSET - 4);
            assertTrue(timestamp >= previous && timestamp >= now && timestamp <= System.nanoTime(), "claim time " + timestamp);
            previous = timestamp;
            byte[] stamped = record.clone();
            ByteBuffer.wrap(stamped).order(ByteOrder.LITTLE_ENDIAN).putLong(WireFormat.TIMESTAMP_OFFSET, timestamp);
            assertArrayEquals(stored(stamped), stored, "only the timestamp is the claim's");
        }
        assertEquals(stream.length, at);
    }

    /** A record as a CTF event: without its size word, which CTF readers do not need and babeltrace2 would warn about. */
    private static byte[] stored(byte[] record) {
        return Arrays.copyOfRange(record, WireFormat.PROVIDER_OFFSET, record.length);
    }

    /** A provider index beyond what a record header can carry could never match a record: refused. */
    @Test
    void aProviderIndexBeyondTheHeaderIsRefused() {
        CtfBackend backend = backend(dir.resolve("no-index"));
        try {
            assertThrows(IllegalArgumentException.class, () -> backend.onProviderRegistered(orders("ctftest.orders"), 0x10000));
        } finally {
            backend.close();
        }
    }

    /** Line {@code index} of babeltrace2's output shows event {@code event} with {@code field}. */
    private static void assertLine(List<String> lines, int index, String event, String field) {
        String line = lines.get(index);
        assertTrue(line.contains(event) && line.contains(field), () -> "line " + index + ": " + line);
    }

    /** Event class name to id, as babeltrace2 reads them from the metadata (the {@code sink.text.details} output). */
    private static Map<String, Long> babeltraceClassIds(Path trace) throws Exception {
        Map<String, Long> ids = new TreeMap<>();
        for (String line : Babeltrace.read(trace, "--component=sink.text.details")) {
            Matcher m = CLASS_ID.matcher(line);
            if (m.find()) {
                ids.put(m.group(1), Long.parseLong(m.group(2).replace(",", ""))); // printed with thousands separators
            }
        }
        return ids;
    }
}
