package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.BackendContext;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.wire.EventDecoder;
import io.waymark.spi.wire.RecordEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The names other tools show: the trace's, and the fields' (docs/ctf-backend.md, "Field names"). */
class CtfNamesTest {

    private static final long TID = 11;

    @TempDir
    Path dir;

    private CtfBackend backend(String sessionName, Path trace) {
        return new CtfBackendFactory().create(new BackendContext(sessionName, ClockAnchor.now(),
                Map.of("directory", trace.toString(), "streams", "1")));
    }

    /** Records one event of {@code type} (provider index 1) with {@code values}, and returns the trace. */
    private Path record(String name, EventType type, List<Object> values) {
        Path trace = dir.resolve(name);
        CtfBackend backend = backend("names", trace);
        backend.onProviderRegistered(new ProviderDescriptor(type.provider(), "Names", List.of(type)), 1);
        backend.onEvent(new EventDecoder().wrap(type, RecordEncoder.encode(type, 1, System.nanoTime(), TID, values), 0));
        backend.close();
        return trace;
    }

    @Test
    void theTraceIsNamedAfterTheSessionInTheEnvironmentAndAfterTheHostByBabeltrace() throws Exception {
        // quotes, backslashes, line breaks, control characters, non-ASCII, NUL, and a line that fakes the clock anchor
        String hostile = "checkout \"eu\" \\ west\n\twaymark_clock_epoch_ns = 1;\ttab \u0001\u007f7 é ✓ 😀 nul\0end\\";
        String shown = hostile.replace('\0', '\uFFFD'); // a C string cannot hold NUL
        Path trace = dir.resolve("named");
        EventType placed = new EventType("ctftest.named", "placed", 1, Stability.STABLE, Level.INFO,
                List.of(FieldDescriptor.of("orderId", FieldType.LONG)));
        CtfBackend backend = backend(hostile, trace);
        backend.onProviderRegistered(new ProviderDescriptor("ctftest.named", "Named", List.of(placed)), 1);
        long now = System.nanoTime();
        backend.onEvent(new EventDecoder().wrap(placed, RecordEncoder.encode(placed, 1, now, TID, List.of(1L)), 0));
        backend.onEvent(new EventDecoder().wrap(placed, RecordEncoder.encode(placed, 2, now + 1, TID, List.of(2L)), 0)); // refused
        backend.flush();
        backend.onEvent(new EventDecoder().wrap(placed, RecordEncoder.encode(placed, 1, now + 2, TID, List.of(3L)), 0));
        backend.close();

        String host = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
        String details = String.join("\n", Babeltrace.read(trace, "--component=sink.text.details", "--params=with-metadata=false"));
        assertTrue(details.contains("\n      trace_name: " + shown + "\n      tracer_major: 0\n"), details);
        assertTrue(details.contains("\n      hostname: " + host + "\n"), details);
        assertTrue(details.contains("\n  Trace `" + host + "`:\n"), "babeltrace2 names a trace after its host:\n" + details);
        List<String> text = Babeltrace.read(trace);
        assertTrue(text.stream().anyMatch(line -> line.startsWith("WARNING: Tracer") && line.contains("in trace \"" + host + "\"")),
                () -> String.join("\n", text));
        CtfTraceReader reader = CtfTraceReader.open(trace);
        assertEquals(shown, reader.sessionName());
        assertEquals(backend.clock(), reader.clock(), "a session name cannot fake the clock anchor");
        assertEquals(2, reader.count());
    }

    /**
     * Fields named like TSDL keywords, like the metadata's type names and like the header, context and
     * packet fields keep their names, and so do the length fields derived from them.
     */
    @Test
    void fieldsNamedLikeKeywordsTypesOrHeaderFieldsReadBackUnderTheirNames() throws Exception {
        EventType type = new EventType("ctftest.names", "reserved", 1, Stability.STABLE, Level.INFO, List.of(
                FieldDescriptor.of("stream", FieldType.STRING), FieldDescriptor.of("event", FieldType.BYTES),
                FieldDescriptor.of("string", FieldType.LONG), FieldDescriptor.of("struct", FieldType.STRING),
                FieldDescriptor.ofEnum("enum", "ctftest.Size", List.of("SMALL", "GRÖẞER")),
                FieldDescriptor.of("id", FieldType.INT), FieldDescriptor.of("timestamp", FieldType.LONG),
                FieldDescriptor.of("tid", FieldType.STRING), FieldDescriptor.of("schema_version", FieldType.INT),
                FieldDescriptor.of("flags", FieldType.BYTES), FieldDescriptor.of("uint32_t", FieldType.INT),
                FieldDescriptor.of("waymark_clock_t", FieldType.STRING), FieldDescriptor.of("packet_size", FieldType.LONG),
                FieldDescriptor.of("events_discarded", FieldType.STRING), FieldDescriptor.of("_hidden", FieldType.STRING)));
        List<Object> values = List.of("s", new byte[] {1, 2}, -3L, "st", "GRÖẞER", 5, 6L, "t", 7, new byte[] {8},
                9, "clock", 10L, "lost", "h");
        Path trace = record("reserved", type, values);

        List<String> lines = Babeltrace.events(trace);
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).contains("ctftest.names:reserved: { tid = 11, schema_version = 1, flags = 0 }, {"), lines.get(0));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("stream_length", "1");
        expected.put("stream", "\"s\"");
        expected.put("event_length", "2");
        expected.put("event", "[ [0] = 1, [1] = 2 ]");
        expected.put("string", "-3");
        expected.put("struct_length", "2");
        expected.put("struct", "\"st\"");
        expected.put("enum", "( \"GRÖẞER\" : container = 1 )");
        expected.put("id", "5");
        expected.put("timestamp", "6");
        expected.put("tid_length", "1");
        expected.put("tid", "\"t\"");
        expected.put("schema_version", "7");
        expected.put("flags_length", "1");
        expected.put("flags", "[ [0] = 8 ]");
        expected.put("uint32_t", "9");
        expected.put("waymark_clock_t_length", "5");
        expected.put("waymark_clock_t", "\"clock\"");
        expected.put("packet_size", "10");
        expected.put("events_discarded_length", "4");
        expected.put("events_discarded", "\"lost\"");
        expected.put("_hidden_length", "1");
        expected.put("_hidden", "\"h\"");
        assertEquals(expected, CtfRoundTripTest.payload(lines.get(0)));
        assertReadBack(trace, type, values);
    }

    /** A name an earlier field shows is numbered: escaped names and length fields cannot take a field's name. */
    @Test
    void namesThatWouldCollideAreNumbered() throws Exception {
        EventType type = new EventType("ctftest.names", "colliding", 2, Stability.STABLE, Level.INFO, List.of(
                FieldDescriptor.of("sku", FieldType.STRING), FieldDescriptor.of("sku_length", FieldType.LONG),
                FieldDescriptor.of("é", FieldType.STRING), FieldDescriptor.of("_u00e9", FieldType.LONG),
                FieldDescriptor.of("_u00e9_2", FieldType.INT), FieldDescriptor.of("größe", FieldType.INT)));
        List<Object> values = List.of("abc", 7L, "x", 8L, 9, 10);
        Path trace = record("colliding", type, values);

        List<String> lines = Babeltrace.events(trace);
        assertEquals(1, lines.size(), lines::toString);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("sku_length_2", "3");
        expected.put("sku", "\"abc\"");
        expected.put("sku_length", "7");
        expected.put("_u00e9_length", "1");
        expected.put("_u00e9", "\"x\"");
        expected.put("_u00e9_3", "8");
        expected.put("_u00e9_2", "9");
        expected.put("gr_u00f6_u00dfe", "10");
        assertEquals(expected, CtfRoundTripTest.payload(lines.get(0)));
        assertReadBack(trace, type, values);
    }

    /** {@link CtfTraceReader} gives the fields their Java names and the values as written. */
    private static void assertReadBack(Path trace, EventType type, List<Object> values) throws Exception {
        List<Event> events = new ArrayList<>();
        List<Object> read = new ArrayList<>();
        CtfTraceReader.open(trace).forEach(e -> {
            events.add(e);
            assertEquals(type.fields().stream().map(FieldDescriptor::name).toList(),
                    e.type().fields().stream().map(FieldDescriptor::name).toList());
            for (int i = 0; i < e.type().fieldCount(); i++) {
                read.add(e.getValue(i));
            }
        });
        assertEquals(1, events.size());
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) instanceof byte[] bytes) {
                assertArrayEquals(bytes, (byte[]) read.get(i), type.field(i).name());
            } else {
                assertEquals(values.get(i), read.get(i), type.field(i).name());
            }
        }
    }
}
