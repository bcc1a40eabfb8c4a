package io.waymark.backend.otel;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.BackendContext;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.Reporter;
import io.waymark.spi.wire.EventDecoder;
import io.waymark.spi.wire.RecordEncoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Drives the backend without the runtime: hand-made schemas and records with known timestamps. */
final class Direct {

    static final ClockAnchor CLOCK = new ClockAnchor(1_700_000_000_123_456_789L, 1_000L);

    static final EventType ALL_TYPES = new EventType("oteltest.direct", "allTypes", 2, 2, Stability.STABLE, Level.DEBUG, List.of(
            FieldDescriptor.of("flag", FieldType.BOOLEAN),
            FieldDescriptor.of("smallNumber", FieldType.BYTE),
            FieldDescriptor.of("mediumNumber", FieldType.SHORT),
            FieldDescriptor.of("letter", FieldType.CHAR),
            FieldDescriptor.of("count", FieldType.INT),
            FieldDescriptor.of("total", FieldType.LONG),
            FieldDescriptor.of("ratio", FieldType.FLOAT),
            FieldDescriptor.of("precise", FieldType.DOUBLE),
            FieldDescriptor.of("text", FieldType.STRING),
            FieldDescriptor.ofEnum("channel", "Channel", List.of("WEB", "STORE", "PHONE")),
            FieldDescriptor.of("payload", FieldType.BYTES).since(2)));

    static final EventType TICK = new EventType("oteltest.direct", "tick", 3, Stability.UNSTABLE, Level.WARN, List.of(
            FieldDescriptor.of("sequence", FieldType.LONG)));

    static final ProviderDescriptor PROVIDER = new ProviderDescriptor("oteltest.direct", "Direct", List.of(ALL_TYPES, TICK));

    /** Warnings and errors the backend reported. */
    static final class Lines implements Reporter {
        final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void warn(String message, Throwable cause) {
            lines.add("WARN " + message);
        }

        @Override
        public synchronized void error(String message, Throwable cause) {
            lines.add("ERROR " + message);
        }

        synchronized List<String> all() {
            return List.copyOf(lines);
        }

        synchronized long count(String fragment) {
            return lines.stream().filter(l -> l.contains(fragment)).count();
        }
    }

    private Direct() {}

    /** A backend with its own pipeline to {@code receiver}, short intervals, and {@code extra} settings. */
    static OtelBackend backend(OtlpReceiver receiver, Reporter reporter, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                OtelBackendFactory.ENDPOINT, receiver.endpoint(),
                OtelBackendFactory.USE_GLOBAL, "false",
                OtelBackendFactory.EXPORT_INTERVAL, "20",
                OtelBackendFactory.EXPORT_TIMEOUT, "5000"));
        settings.putAll(extra);
        OtelBackend backend = new OtelBackendFactory().create(new BackendContext("otel-direct", CLOCK, settings, reporter));
        backend.onProviderRegistered(PROVIDER, 0);
        return backend;
    }

    /** A record of {@code type} at monotonic time {@code timestamp}, as the view a backend receives. */
    static EventDecoder event(EventType type, long timestamp, long threadId, Object... values) {
        byte[] record = RecordEncoder.encode(type, 0, timestamp, threadId, java.util.Arrays.asList(values));
        return new EventDecoder().wrap(type, record, 0);
    }

    /** A tick event, the cheap one the loss tests emit. */
    static EventDecoder tick(long sequence) {
        return event(TICK, CLOCK.monotonicNanos() + sequence, 1, sequence);
    }
}
