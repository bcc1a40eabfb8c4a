package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.BackendContext;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.wire.EventDecoder;
import io.waymark.spi.wire.RecordEncoder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the backend directly with hand-made schemas: names CTF would alter, schema evolution, metadata recovery. */
class CtfDirectBackendTest {

    private static final EventType ODD_NAMES = new EventType("ctftest.direct", "odd", 1, Stability.STABLE, Level.INFO, List.of(
            FieldDescriptor.of("align", FieldType.INT),
            FieldDescriptor.of("_hidden", FieldType.LONG),
            FieldDescriptor.of("text", FieldType.STRING),
            FieldDescriptor.of("text_length", FieldType.INT)));

    @TempDir
    Path dir;

    private CtfBackend backend(Path trace) {
        return new CtfBackendFactory().create(new BackendContext("direct", ClockAnchor.now(),
                Map.of("directory", trace.toString(), "streams", "1")));
    }

    @Test
    void fieldNamesThatCtfWouldAlterArePrintedAsDeclared() throws Exception {
        Path trace = dir.resolve("names");
        CtfBackend backend = backend(trace);
        backend.onProviderRegistered(new ProviderDescriptor("ctftest.direct", "Direct", List.of(ODD_NAMES)), 0);
        byte[] record = RecordEncoder.encode(ODD_NAMES, 0, System.nanoTime(), 5, List.of(1, 2L, "abc", 4));
        backend.onEvent(new EventDecoder().wrap(ODD_NAMES, record, 0));
        backend.close();
        List<String> lines = Babeltrace.events(trace);
        assertEquals(1, lines.size());
        assertEquals(Map.of("align", "1", "_hidden", "2", "text_length_2", "3", "text", "\"abc\"", "text_length", "4"),
                CtfRoundTripTest.payload(lines.get(0)));
        List<Object> values = new ArrayList<>();
        CtfTraceReader.open(trace).forEach(e -> {
            for (int i = 0; i < e.type().fieldCount(); i++) {
                values.add(e.getValue(i));
            }
        });
        assertEquals(List.of(1, 2L, "abc", 4), values);
    }

    @Test
    void theReaderDecodesByItsOwnNewerSchema() throws Exception {
        Path trace = dir.resolve("evolution");
        EventType v1 = new EventType("ctftest.direct", "placed", 1, 1, Stability.STABLE, Level.INFO,
                List.of(FieldDescriptor.of("orderId", FieldType.LONG)));
        EventType v2 = new EventType("ctftest.direct", "placed", 1, 2, Stability.STABLE, Level.INFO,
                List.of(FieldDescriptor.of("orderId", FieldType.LONG),
                        FieldDescriptor.of("note", FieldType.STRING).since(2).withDefault("none")));
        CtfBackend backend = backend(trace);
        backend.onProviderRegistered(new ProviderDescriptor("ctftest.direct", "Direct", List.of(v1)), 0);
        backend.onEvent(new EventDecoder().wrap(v1, RecordEncoder.encode(v1, 0, System.nanoTime(), 5, List.of(7L)), 0));
        backend.close();
        List<String> read = new ArrayList<>();
        CtfTraceReader.open(trace).withSchemas(List.of(new ProviderDescriptor("ctftest.direct", "Direct", List.of(v2))))
                .forEach(e -> read.add(e.getLong(0) + " " + e.isPresent(1) + " " + e.getString(1) + " v" + e.version()));
        assertEquals(List.of("7 false none v1"), read);
    }

    @Test
    void recoveryDropsAMetadataBlockCutShort() throws Exception {
        Path trace = dir.resolve("metadata");
        CtfBackend backend = backend(trace);
        backend.onProviderRegistered(new ProviderDescriptor("ctftest.direct", "Direct", List.of(ODD_NAMES)), 0);
        backend.close();
        Path metadata = trace.resolve("metadata");
        String complete = Files.readString(metadata);
        Files.writeString(metadata, "\n/* waymark-event 1 =x */\nevent {\n\tname = \"half", StandardOpenOption.APPEND);
        List<String> report = CtfRecover.recover(trace); // closed cleanly: nothing about its state file, which stays
        assertEquals(1, report.size(), report::toString);
        assertTrue(report.get(0).startsWith("metadata: dropped"));
        assertEquals(complete, Files.readString(metadata));
        Babeltrace.read(trace); // parses again

        try (FileChannel channel = FileChannel.open(metadata, StandardOpenOption.WRITE)) {
            channel.truncate(complete.lastIndexOf("/* waymark-end */") + 5); // the provider block loses its end
        }
        assertEquals(1, CtfRecover.recover(trace).size());
        assertTrue(Files.isRegularFile(trace.resolve(".waymark/state")), "a clean trace's state file is kept");
        assertTrue(Babeltrace.read(trace).isEmpty(), "the preamble alone is a valid, empty trace");
    }
}
