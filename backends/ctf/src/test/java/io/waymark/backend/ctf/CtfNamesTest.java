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

/** The names other tools show (docs/ctf-backend.md, "Trace names"). */
class CtfNamesTest {

    private static final long TID = 11;

    @TempDir
    Path dir;

    private CtfBackend backend(String sessionName, Path trace) {
        return new CtfBackendFactory().create(new BackendContext(sessionName, ClockAnchor.now(),
                Map.of("directory", trace.toString(), "stripes", "1")));
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
}
