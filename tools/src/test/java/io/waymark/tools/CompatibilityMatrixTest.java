package io.waymark.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.probe.Probe;
import io.waymark.spi.probe.ProbeRegistry;
import io.waymark.spi.probe.ProbeTarget;
import io.waymark.spi.probe.RegisteredProvider;
import io.waymark.spi.wire.EventDecoder;
import io.waymark.spi.wire.RecordEncoder;
import io.waymark.spi.wire.WireFormat;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event ABI's compatibility matrix: every version of {@code tools.matrix.orders} (v1 to v5, see
 * {@link ProviderVersions}) is compiled with the annotation processor, packaged, loaded in its own class
 * loader and run through the real probe contract; the records each version's generated code writes are
 * then decoded with every version's event types, as a reader built against that version would.
 *
 * <p>The expected table is written out: it is what {@code docs/event-abi.md} promises. Fields both sides
 * know are equal (an enum constant the reader does not know keeps its ordinal and reads as {@code #ordinal});
 * fields the record lacks are absent ({@code ~}) and read as the reader's declared
 * default; fields the reader does not know are skipped; events the reader does not know are skipped by
 * their record size, and the records after them decode normally.
 */
class CompatibilityMatrixTest {

    /** The values the tracepoints are called with, by field name; an enum field gets its last constant. */
    private static final Map<String, Object> WRITTEN = Map.of(
            "orderId", 1001L,
            "quantity", 3,
            "customer", "ada",
            "currency", "CHF",
            "gift", false,
            "reason", "out of stock",
            "carrier", "post",
            "weightKg", 2.5,
            "parcels", 2);

    /** The {@code @Default}s the sources declare for appended fields. */
    private static final Map<String, Object> DECLARED_DEFAULTS = Map.of("currency", "EUR", "gift", true, "parcels", -1);

    @TempDir
    static Path work;

    /** Each version's provider as it registered, with the records its tracepoints wrote, by version name. */
    private static final Map<String, Version> VERSIONS = new LinkedHashMap<>();
    private static final List<URLClassLoader> LOADERS = new ArrayList<>();

    /**
     * One loaded version.
     *
     * @param name the version name
     * @param registered its entry in the probe registry
     * @param records the canonical records its tracepoints wrote, in emission order
     */
    record Version(String name, RegisteredProvider registered, List<byte[]> records) {

        /** The reader's view: the event type with this id, or {@code null}. */
        EventType eventById(int id) {
            return registered.descriptor().events().stream().filter(type -> type.id() == id).findFirst().orElse(null);
        }

        /** All records, concatenated as a backend stores them. */
        byte[] stream() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            records.forEach(out::writeBytes);
            return out.toByteArray();
        }
    }

    @BeforeAll
    static void compileLoadAndRecord() throws Exception {
        ProviderVersions versions = ProviderVersions.compile(work, ProviderVersions.COMPATIBLE.toArray(String[]::new));
        for (String name : ProviderVersions.COMPATIBLE) {
            VERSIONS.put(name, loadAndRecord(name, versions.jar(name)));
        }
    }

    @AfterAll
    static void closeLoaders() throws Exception {
        for (URLClassLoader loader : LOADERS) {
            loader.close();
        }
    }

    /**
     * Loads one version's jar in its own class loader (api and spi, and so the probe registry, are the
     * test's), turns its probes on with a capturing target and calls every tracepoint, the last declared first.
     */
    private static Version loadAndRecord(String name, Path jar) throws Exception {
        URLClassLoader loader = new URLClassLoader("matrix-" + name, new URL[] {jar.toUri().toURL()},
                CompatibilityMatrixTest.class.getClassLoader());
        LOADERS.add(loader);
        int before = ProbeRegistry.providers().size();
        Class<?> providerInterface = loader.loadClass(ProviderVersions.INTERFACE);
        Object provider = Waymark.provider(providerInterface);
        List<RegisteredProvider> added = ProbeRegistry.providers().subList(before, ProbeRegistry.providers().size()).stream()
                .filter(registered -> registered.descriptor().name().equals(ProviderVersions.PROVIDER))
                .toList();
        assertEquals(1, added.size(), () -> name + " registered " + added);
        RegisteredProvider registered = added.get(0);
        assertEquals(ProviderVersions.INTERFACE, registered.descriptor().interfaceName());

        List<byte[]> records = new ArrayList<>();
        ProbeTarget capture = event -> {
            byte[] record = new byte[event.encodedSize()];
            event.copyEncodedTo(record, 0);
            records.add(record);
        };
        Map<Probe, ProbeTarget> on = new HashMap<>();
        Map<Probe, ProbeTarget> off = new HashMap<>();
        for (Probe probe : registered.probes()) {
            on.put(probe, capture);
            off.put(probe, ProbeTarget.NONE);
        }
        Probe.update(on);
        try {
            List<EventType> events = new ArrayList<>(registered.descriptor().events());
            java.util.Collections.reverse(events); // so that a reader meets an unknown event before known ones
            for (EventType type : events) {
                Method method = tracepoint(providerInterface, type.name());
                method.invoke(provider, arguments(method, type));
            }
        } finally {
            Probe.update(off);
        }
        assertEquals(registered.descriptor().events().size(), records.size(), () -> name + ": one record per tracepoint call");
        return new Version(name, registered, List.copyOf(records));
    }

    private static Method tracepoint(Class<?> providerInterface, String name) {
        return Arrays.stream(providerInterface.getMethods()).filter(method -> method.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(providerInterface + " has no method " + name));
    }

    private static Object[] arguments(Method method, EventType type) {
        Class<?>[] parameters = method.getParameterTypes();
        assertEquals(type.fieldCount(), parameters.length, method::toString);
        Object[] arguments = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i].isEnum()) {
                Object[] constants = parameters[i].getEnumConstants();
                arguments[i] = constants[constants.length - 1];
            } else {
                arguments[i] = WRITTEN.get(type.field(i).name());
            }
        }
        return arguments;
    }

    // ---- the table

    /** Every writer version's records, decoded by every reader version, one row a record. */
    private static String decodeTable() {
        StringBuilder table = new StringBuilder();
        EventDecoder decoder = new EventDecoder();
        for (Version writer : VERSIONS.values()) {
            byte[] stream = writer.stream();
            for (Version reader : VERSIONS.values()) {
                for (int at = 0; at < stream.length; at += EventDecoder.recordSize(stream, at)) {
                    table.append(writer.name()).append('>').append(reader.name()).append(' ');
                    EventType type = reader.eventById(EventDecoder.eventId(stream, at));
                    if (type == null) {
                        table.append('#').append(EventDecoder.eventId(stream, at)).append(" skipped (")
                                .append(EventDecoder.recordSize(stream, at)).append(" bytes)\n");
                        continue;
                    }
                    decoder.wrap(type, stream, at);
                    table.append(type.name()).append('@').append(decoder.version());
                    for (int field = 0; field < type.fieldCount(); field++) {
                        table.append(' ').append(type.field(field).name()).append('=')
                                .append(decoder.isPresent(field) ? "" : "~").append(format(type.field(field), decoder.getValue(field)));
                    }
                    table.append('\n');
                }
            }
        }
        return table.toString();
    }

    /** Strings quoted; enum labels, numbers and booleans as they are. */
    private static String format(FieldDescriptor field, Object value) {
        return field.type() == FieldType.STRING ? '"' + value.toString() + '"' : String.valueOf(value);
    }

    @Test
    void everyWriterVersionDecodedByEveryReaderVersion() {
        assertEquals("""
                v1>v1 orderCancelled@1 orderId=1001 reason="out of stock"
                v1>v1 orderStatus@1 orderId=1001 status=PAID
                v1>v1 orderPlaced@1 orderId=1001 quantity=3 customer="ada"
                v1>v2 orderCancelled@1 orderId=1001 reason="out of stock"
                v1>v2 orderStatus@1 orderId=1001 status=PAID
                v1>v2 orderPlaced@1 orderId=1001 quantity=3 customer="ada" currency=~"EUR"
                v1>v3 orderCancelled@1 orderId=1001 reason="out of stock"
                v1>v3 orderStatus@1 orderId=1001 status=PAID
                v1>v3 orderPlaced@1 orderId=1001 quantity=3 customer="ada" currency=~"EUR"
                v1>v4 orderCancelled@1 orderId=1001 reason="out of stock"
                v1>v4 orderStatus@1 orderId=1001 status=PAID
                v1>v4 orderPlaced@1 orderId=1001 quantity=3 customer="ada" currency=~"EUR"
                v1>v5 #3 skipped (52 bytes)
                v1>v5 orderStatus@1 orderId=1001 status=PAID
                v1>v5 orderPlaced@1 orderId=1001 quantity=3 customer="ada" currency=~"EUR" gift=~true
                v2>v1 orderCancelled@1 orderId=1001 reason="out of stock"
                v2>v1 orderStatus@1 orderId=1001 status=PAID
                v2>v1 orderPlaced@2 orderId=1001 quantity=3 customer="ada"
                v2>v2 orderCancelled@1 orderId=1001 reason="out of stock"
                v2>v2 orderStatus@1 orderId=1001 status=PAID
                v2>v2 orderPlaced@2 orderId=1001 quantity=3 customer="ada" currency="CHF"
                v2>v3 orderCancelled@1 orderId=1001 reason="out of stock"
                v2>v3 orderStatus@1 orderId=1001 status=PAID
                v2>v3 orderPlaced@2 orderId=1001 quantity=3 customer="ada" currency="CHF"
                v2>v4 orderCancelled@1 orderId=1001 reason="out of stock"
                v2>v4 orderStatus@1 orderId=1001 status=PAID
                v2>v4 orderPlaced@2 orderId=1001 quantity=3 customer="ada" currency="CHF"
                v2>v5 #3 skipped (52 bytes)
                v2>v5 orderStatus@1 orderId=1001 status=PAID
                v2>v5 orderPlaced@2 orderId=1001 quantity=3 customer="ada" currency="CHF" gift=~true
                v3>v1 orderCancelled@1 orderId=1001 reason="out of stock"
                v3>v1 orderStatus@1 orderId=1001 status=#2
                v3>v1 orderPlaced@2 orderId=1001 quantity=3 customer="ada"
                v3>v2 orderCancelled@1 orderId=1001 reason="out of stock"
                v3>v2 orderStatus@1 orderId=1001 status=#2
                v3>v2 orderPlaced@2 orderId=1001 quantity=3 customer="ada" currency="CHF"
                v3>v3 orderCancelled@1 orderId=1001 reason="out of stock"
                v3>v3 orderStatus@1 orderId=1001 status=SHIPPED
                v3>v3 orderPlaced@2 orderId=1001 quantity=3 customer="ada" currency="CHF"
                v3>v4 orderCancelled@1 orderId=1001 reason="out of stock"
                v3>v4 orderStatus@1 orderId=1001 status=SHIPPED
                v3>v4 orderPlaced@2 orderId=1001 quantity=3 customer="ada" currency="CHF"
                v3>v5 #3 skipped (52 bytes)
                v3>v5 orderStatus@1 orderId=1001 status=SHIPPED
                v3>v5 orderPlaced@2 orderId=1001 quantity=3 customer="ada" currency="CHF" gift=~true
                v4>v1 #4 skipped (52 bytes)
                v4>v1 orderCancelled@1 orderId=1001 reason="out of stock"
                v4>v1 orderStatus@1 orderId=1001 status=#2
                v4>v1 orderPlaced@2 orderId=1001 quantity=3 customer="ada"
                v4>v2 #4 skipped (52 bytes)
                v4>v2 orderCancelled@1 orderId=1001 reason="out of stock"
                v4>v2 orderStatus@1 orderId=1001 status=#2
                v4>v2 orderPlaced@2 orderId=1001 quantity=3 customer="ada" currency="CHF"
                v4>v3 #4 skipped (52 bytes)
                v4>v3 orderCancelled@1 orderId=1001 reason="out of stock"
                v4>v3 orderStatus@1 orderId=1001 status=SHIPPED
                v4>v3 orderPlaced@2 orderId=1001 quantity=3 customer="ada" currency="CHF"
                v4>v4 orderShipped@1 orderId=1001 carrier="post" weightKg=2.5
                v4>v4 orderCancelled@1 orderId=1001 reason="out of stock"
                v4>v4 orderStatus@1 orderId=1001 status=SHIPPED
                v4>v4 orderPlaced@2 orderId=1001 quantity=3 customer="ada" currency="CHF"
                v4>v5 orderShipped@1 orderId=1001 carrier="post" weightKg=2.5 parcels=~-1
                v4>v5 #3 skipped (52 bytes)
                v4>v5 orderStatus@1 orderId=1001 status=SHIPPED
                v4>v5 orderPlaced@2 orderId=1001 quantity=3 customer="ada" currency="CHF" gift=~true
                v5>v1 #4 skipped (56 bytes)
                v5>v1 orderStatus@1 orderId=1001 status=#2
                v5>v1 orderPlaced@3 orderId=1001 quantity=3 customer="ada"
                v5>v2 #4 skipped (56 bytes)
                v5>v2 orderStatus@1 orderId=1001 status=#2
                v5>v2 orderPlaced@3 orderId=1001 quantity=3 customer="ada" currency="CHF"
                v5>v3 #4 skipped (56 bytes)
                v5>v3 orderStatus@1 orderId=1001 status=SHIPPED
                v5>v3 orderPlaced@3 orderId=1001 quantity=3 customer="ada" currency="CHF"
                v5>v4 orderShipped@2 orderId=1001 carrier="post" weightKg=2.5
                v5>v4 orderStatus@1 orderId=1001 status=SHIPPED
                v5>v4 orderPlaced@3 orderId=1001 quantity=3 customer="ada" currency="CHF"
                v5>v5 orderShipped@2 orderId=1001 carrier="post" weightKg=2.5 parcels=2
                v5>v5 orderStatus@1 orderId=1001 status=SHIPPED
                v5>v5 orderPlaced@3 orderId=1001 quantity=3 customer="ada" currency="CHF" gift=false
                """, decodeTable());
    }

    /**
     * The same promise as a rule over every pair and every field, independent of the table's text: a field
     * both versions declare reads as the writer's own reader reads it; a field only the reader declares is
     * absent and reads as its declared default; the reader consumes no more than the record.
     */
    @Test
    void sharedFieldsAgreeAndMissingFieldsReadAsTheirDefaults() {
        EventDecoder own = new EventDecoder();
        EventDecoder other = new EventDecoder();
        int checkedShared = 0;
        int checkedAbsent = 0;
        for (Version writer : VERSIONS.values()) {
            for (byte[] record : writer.records()) {
                EventType writerType = writer.eventById(EventDecoder.eventId(record, 0));
                own.wrap(writerType, record, 0);
                for (Version reader : VERSIONS.values()) {
                    EventType readerType = reader.eventById(writerType.id());
                    if (readerType == null) {
                        continue;
                    }
                    other.wrap(readerType, record, 0);
                    assertEquals(writerType.version(), other.version(), "the header carries the writer's version");
                    for (int field = 0; field < readerType.fieldCount(); field++) {
                        String name = readerType.field(field).name();
                        String where = writer.name() + ">" + reader.name() + " " + readerType.name() + "." + name;
                        if (field < writerType.fieldCount()) {
                            assertEquals(name, writerType.field(field).name(), where + ": positions are stable");
                            assertTrue(other.isPresent(field), where);
                            if (readerType.field(field).enumLabels().isEmpty()) {
                                assertEquals(own.getValue(field), other.getValue(field), where);
                            } else { // a constant the reader does not know keeps its ordinal
                                assertEquals(own.getEnumOrdinal(field), other.getEnumOrdinal(field), where);
                            }
                            checkedShared++;
                        } else {
                            assertFalse(other.isPresent(field), where);
                            assertEquals(DECLARED_DEFAULTS.get(name), other.getValue(field), where);
                            assertTrue(readerType.field(field).since() > writerType.version(), where + ": since after the writer's version");
                            checkedAbsent++;
                        }
                    }
                }
            }
        }
        assertEquals(187, checkedShared, "shared field comparisons");
        assertEquals(9, checkedAbsent, "absent field comparisons");
    }

    /** The reader's event types carry what the sources declare for appended fields. */
    @Test
    void eventTypesCarrySinceAndDefaultOfAppendedFields() {
        EventType placed = VERSIONS.get("v5").eventById(1);
        assertEquals(3, placed.version());
        assertEquals(List.of("orderId:1:null", "quantity:1:null", "customer:1:null", "currency:2:EUR", "gift:3:true"),
                placed.fields().stream().map(CompatibilityMatrixTest::sinceAndDefault).toList());
        EventType shipped = VERSIONS.get("v5").eventById(4);
        assertEquals(List.of("orderId:1:null", "carrier:1:null", "weightKg:1:null", "parcels:2:-1"),
                shipped.fields().stream().map(CompatibilityMatrixTest::sinceAndDefault).toList());
        assertEquals(List.of("NEW", "PAID"), VERSIONS.get("v2").eventById(2).field(1).enumLabels());
        assertEquals(List.of("NEW", "PAID", "SHIPPED"), VERSIONS.get("v3").eventById(2).field(1).enumLabels());
        assertEquals(null, VERSIONS.get("v5").eventById(3), "retired events have no event type");
    }

    private static String sinceAndDefault(FieldDescriptor field) {
        return field.name() + ":" + field.since() + ":" + field.defaultValue();
    }

    /**
     * Each generated call site writes exactly the canonical record that {@link RecordEncoder} (the reference
     * encoder for tools) produces from the same values, with the header's provider index, timestamp and thread.
     */
    @Test
    void generatedCallSitesWriteTheCanonicalEncoding() {
        int compared = 0;
        for (Version version : VERSIONS.values()) {
            for (byte[] record : version.records()) {
                EventType type = version.eventById(EventDecoder.eventId(record, 0));
                ByteBuffer header = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
                List<Object> values = new ArrayList<>();
                for (FieldDescriptor field : type.fields()) {
                    values.add(field.enumLabels().isEmpty() ? WRITTEN.get(field.name()) : field.enumLabels().size() - 1);
                }
                byte[] expected = RecordEncoder.encode(type, version.registered().index(),
                        header.getLong(WireFormat.TIMESTAMP_OFFSET), header.getLong(WireFormat.THREAD_OFFSET), values);
                assertArrayEquals(expected, record, () -> version.name() + " " + type);
                assertEquals(version.registered().index(), EventDecoder.providerIndex(record, 0));
                compared++;
            }
        }
        assertEquals(16, compared);
    }

    /** Each version registered as its own provider, with one probe per event, all off again. */
    @Test
    void eachVersionRegisteredItsOwnProbes() {
        assertEquals(5, VERSIONS.values().stream().map(version -> version.registered().index()).distinct().count());
        assertEquals(Map.of("v1", "1,2,3", "v2", "1,2,3", "v3", "1,2,3", "v4", "1,2,3,4", "v5", "1,2,4"),
                VERSIONS.values().stream().collect(Collectors.toMap(Version::name, version -> version.registered().descriptor()
                        .events().stream().map(type -> String.valueOf(type.id())).collect(Collectors.joining(",")))));
        for (Version version : VERSIONS.values()) {
            assertEquals(version.registered().descriptor().events().size(), version.registered().probes().size());
            assertTrue(version.registered().probes().stream().noneMatch(Probe::isEnabled), version.name());
        }
    }
}
