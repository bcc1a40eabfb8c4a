package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.BackendContext;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.probe.Probe;
import io.waymark.spi.probe.ProbeRegistry;
import io.waymark.spi.probe.ProbeTarget;
import io.waymark.spi.wire.EventWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events written in place into the stripes' packets, through a real probe, as generated code writes them. */
class CtfInPlaceTest {

    private static final String PROVIDER = "ctftest.inplace";
    private static final EventType NOTE = new EventType(PROVIDER, "note", 1, Stability.STABLE, Level.INFO,
            List.of(FieldDescriptor.of("seq", FieldType.LONG), FieldDescriptor.of("text", FieldType.STRING)));
    private static final ProviderDescriptor DESCRIPTOR = new ProviderDescriptor(PROVIDER, "InPlace", List.of(NOTE));
    /** Registered once: the probe registry is global to the JVM. */
    private static final Probe PROBE = ProbeRegistry.register(DESCRIPTOR)[0];

    @TempDir
    Path dir;

    private static CtfBackend backend(Path trace, Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("directory", trace.toString());
        return new CtfBackendFactory().create(new BackendContext("inplace", ClockAnchor.now(), all));
    }

    @Test
    void theBackendLendsItsSinkOnlyForAClassItDeclared() {
        CtfBackend backend = backend(dir.resolve("sinks"), Map.of());
        assertNull(backend.recordSink(NOTE, 3), "not declared yet");
        backend.onProviderRegistered(DESCRIPTOR, 3);
        assertNotNull(backend.recordSink(NOTE, 3));
        assertNull(backend.recordSink(NOTE, 4), "declared at another provider index");
        EventType sameIds = new EventType(PROVIDER, "note", 1, Stability.STABLE, Level.INFO, NOTE.fields());
        assertNull(backend.recordSink(sameIds, 3), "the same ids, but not the declared type (another registration)");
        backend.close();
        assertNull(backend.recordSink(NOTE, 3), "closed");
    }

    @Test
    void eventsWrittenInPlaceAcrossManySmallPacketsReadBackInOrder() throws Exception {
        // 512-byte packets and records of 36 to 185 bytes: many records outgrow the room left in their
        // packet, move to the stripe writer's own array and are copied into the next packet
        Path trace = dir.resolve("packets");
        CtfBackend backend = backend(trace, Map.of("streams", "1", "subbuffer-size", "512", "subbuffer-count", "1024"));
        backend.onProviderRegistered(DESCRIPTOR, PROBE.providerIndex());
        InPlaceTarget target = new InPlaceTarget(backend);
        Probe.update(Map.of(PROBE, target));
        List<String> texts = new ArrayList<>();
        try {
            assertNotNull(PROBE.recordSink(), "the probe writes in place");
            for (int i = 0; i < 300; i++) {
                String text = "x".repeat(i % 150) + (i % 7 == 0 ? "é" : "");
                texts.add(text);
                EventWriter writer = PROBE.begin();
                writer.putLong(i);
                writer.putString(text, 5);
                PROBE.commit(writer);
            }
        } finally {
            Probe.update(Map.of(PROBE, ProbeTarget.NONE));
        }
        backend.close();
        assertEquals(0, target.dispatched(), "written in place, never dispatched");
        assertEquals(0, backend.discardedEvents());

        List<String> lines = Babeltrace.events(trace);
        assertEquals(texts.size(), lines.size());
        for (int i = 0; i < texts.size(); i++) {
            Map<String, String> payload = CtfRoundTripTest.payload(lines.get(i));
            assertEquals(String.valueOf(i), payload.get("seq"), lines.get(i));
            assertEquals(String.valueOf(texts.get(i).getBytes(StandardCharsets.UTF_8).length), payload.get("text_length"),
                    lines.get(i));
            if (!texts.get(i).isEmpty()) {
                // babeltrace2 2.0.4 may print an empty text sequence as the previous event's string
                // (an upstream bug, see docs/ctf-backend.md): its length above is the record's truth
                assertEquals("\"" + texts.get(i) + "\"", payload.get("text"), lines.get(i));
            }
        }
        List<String> read = new ArrayList<>();
        CtfTraceReader.open(trace).forEach(e -> read.add(e.getLong(0) + ":" + e.getString(1)));
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(i + ":" + texts.get(i), read.get(i));
        }
    }
}
