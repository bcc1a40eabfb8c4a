package io.waymark.tools;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.backend.ctf.CtfBackend;
import io.waymark.backend.ctf.CtfBackendFactory;
import io.waymark.spi.BackendContext;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.wire.EventDecoder;
import io.waymark.spi.wire.RecordEncoder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Traces recorded by the real CTF backend, driven directly with hand-made schemas and chosen values. */
final class RecordedTraces {

    static final List<String> CHANNELS = List.of("WEB", "STORE", "PHONE");

    static final EventType ALL_TYPES = new EventType("shop.checkout", "allTypes", 2, Stability.STABLE, Level.INFO, List.of(
            FieldDescriptor.of("flag", FieldType.BOOLEAN), FieldDescriptor.of("smallNumber", FieldType.BYTE),
            FieldDescriptor.of("mediumNumber", FieldType.SHORT), FieldDescriptor.of("letter", FieldType.CHAR),
            FieldDescriptor.of("count", FieldType.INT), FieldDescriptor.of("total", FieldType.LONG),
            FieldDescriptor.of("ratio", FieldType.FLOAT), FieldDescriptor.of("precise", FieldType.DOUBLE),
            FieldDescriptor.of("text", FieldType.STRING), FieldDescriptor.ofEnum("channel", "shop.Channel", CHANNELS),
            FieldDescriptor.of("payload", FieldType.BYTES)));
    static final EventType PAID = new EventType("shop.checkout", "paid", 1, Stability.STABLE, Level.INFO, List.of(
            FieldDescriptor.of("orderId", FieldType.LONG), FieldDescriptor.of("sku", FieldType.STRING)));
    static final EventType EMPTY = new EventType("shop.checkout", "heartbeat", 3, Stability.STABLE, Level.DEBUG, List.of());
    /** Names CTF alters: a reserved word, a leading underscore, a name its length member would take. */
    static final EventType RESERVED = new EventType("shop.stock", "reserved", 1, Stability.UNSTABLE, Level.WARN, List.of(
            FieldDescriptor.of("align", FieldType.INT), FieldDescriptor.of("_hidden", FieldType.LONG),
            FieldDescriptor.of("note", FieldType.STRING), FieldDescriptor.of("note_length", FieldType.INT)));

    /** Nanoseconds between consecutive events of {@link #shop}. */
    static final long STEP = 1_234_567_891L;

    private RecordedTraces() {}

    /** The events of {@link #shop}, in order: {@code [type, tid, values]}. */
    static List<Object[]> shopEvents() {
        return List.of(
                new Object[] {PAID, 11L, List.of(1001L, "SKU-1")},
                new Object[] {ALL_TYPES, 11L, Arrays.asList(true, (byte) -7, (short) -300, 'λ', Integer.MIN_VALUE, Long.MAX_VALUE,
                        1.5f, -0.25, "", null, null)},
                new Object[] {RESERVED, 12L, List.of(1, 2L, "abc", 4)},
                new Object[] {ALL_TYPES, 12L, Arrays.asList(false, Byte.MAX_VALUE, Short.MIN_VALUE, 'a', 42, Long.MIN_VALUE, 0.1f,
                        1e10, "héllo \"q\" ✓ it's? a\\b\n\t\u0001", "PHONE", new byte[] {1, -2, 127})},
                new Object[] {EMPTY, 11L, List.of()},
                new Object[] {ALL_TYPES, 11L, Arrays.asList(true, (byte) 0, (short) 0, 'Z', 0, 0L, 1.23456789f, 1e-5, "x", "WEB",
                        new byte[0])},
                new Object[] {ALL_TYPES, 11L, Arrays.asList(true, (byte) 0, (short) 0, 'Z', 0, 0L, Float.NaN, 123456.5, "y",
                        "STORE", new byte[] {0})},
                new Object[] {ALL_TYPES, 12L, Arrays.asList(true, (byte) 0, (short) 0, 'Z', 0, 0L, Float.POSITIVE_INFINITY,
                        999999.5, "z", "WEB", new byte[] {-1})},
                new Object[] {ALL_TYPES, 12L, Arrays.asList(true, (byte) 0, (short) 0, 'Z', 0, 0L, -0.0f, 0.0001234, "w", "WEB",
                        new byte[] {9})},
                new Object[] {PAID, 12L, List.of(1002L, "SKU-2")});
    }

    /**
     * Records {@link #shopEvents()} into {@code directory} ({@code STEP} nanoseconds apart, on two streams) through
     * the CTF backend, as session {@code checkout} on host {@code host} — whatever this machine is called.
     */
    static Path shop(Path directory) {
        CtfBackend backend = new CtfBackendFactory().create(new BackendContext("checkout", ClockAnchor.now(),
                Map.of("directory", directory.toString(), "streams", "2")));
        backend.onProviderRegistered(new ProviderDescriptor("shop.checkout", "Checkout", List.of(PAID, ALL_TYPES, EMPTY)), 0);
        backend.onProviderRegistered(new ProviderDescriptor("shop.stock", "Stock", List.of(RESERVED)), 1);
        long time = System.nanoTime();
        for (Object[] event : shopEvents()) {
            EventType type = (EventType) event[0];
            int provider = type.provider().equals("shop.stock") ? 1 : 0;
            byte[] record = RecordEncoder.encode(type, provider, time, (Long) event[1], (List<?>) event[2]);
            backend.onEvent(new EventDecoder().wrap(type, record, 0));
            time += STEP;
        }
        backend.close();
        return directory;
    }
}
