package io.waymark.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.backend.ctf.CtfBackendFactory;
import io.waymark.backend.ctf.CtfTraceReader;
import io.waymark.backend.jfr.JfrBackendFactory;
import io.waymark.backend.memory.MemoryBackend;
import io.waymark.backend.memory.MemoryBackendFactory;
import io.waymark.backend.memory.RecordedEvent;
import io.waymark.backend.slf4j.Slf4jBackendFactory;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.processor.internal.FieldKind;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldType;
import io.waymark.typetest.EveryFieldType;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.spi.LoggingEventAware;

/**
 * Every {@link FieldType} is handled everywhere a field is: the processor's {@code FieldKind} and
 * generated writers (the {@link EveryFieldType} fixture compiles and records), the wire encoding and
 * its {@link Event} getters, the memory backend's {@link RecordedEvent}s and {@link EventAssert}, the
 * CTF metadata (babeltrace2 prints every field) and {@link CtfTraceReader}, the SLF4J backend's key-values,
 * a JFR recording (the JFR backend's documented mapping, read back with {@code RecordingFile}), the OpenTelemetry
 * backend's log-record attributes (decoded from OTLP by the official bindings); and every backend module
 * is among those checked. A new field type fails here until it has a {@link #SAMPLES sample}, a
 * parameter in the fixture, and every place handles it: see "Adding a field type" in
 * {@code docs/event-abi.md} for the files to change.
 *
 * <p>It lives in {@code testing} because that module is one of the places (its {@link EventAssert}),
 * and sees all the others: memory (compile), the processor, CTF, JFR, SLF4J and OpenTelemetry (test scope).
 */
class FieldTypeCoverageTest {

    /** What the fixture passes for a field type, how it is recorded, printed by babeltrace2, and read typed. */
    private record Sample(Object argument, Object recorded, String babeltrace, BiFunction<Event, Integer, Object> typedGetter) {}

    private static final Map<FieldType, Sample> SAMPLES = samples();

    private static Map<FieldType, Sample> samples() {
        Map<FieldType, Sample> samples = new EnumMap<>(FieldType.class);
        samples.put(FieldType.BOOLEAN, new Sample(true, true, "1", Event::getBoolean));
        samples.put(FieldType.BYTE, new Sample((byte) -7, (byte) -7, "-7", Event::getByte));
        samples.put(FieldType.SHORT, new Sample((short) -300, (short) -300, "-300", Event::getShort));
        samples.put(FieldType.CHAR, new Sample('\uFF21', '\uFF21', "65313", Event::getChar));
        samples.put(FieldType.INT, new Sample(Integer.MIN_VALUE, Integer.MIN_VALUE, "-2147483648", Event::getInt));
        samples.put(FieldType.LONG, new Sample(Long.MAX_VALUE, Long.MAX_VALUE, "9223372036854775807", Event::getLong));
        samples.put(FieldType.FLOAT, new Sample(1.5f, 1.5f, "1.5", Event::getFloat));
        samples.put(FieldType.DOUBLE, new Sample(-0.25, -0.25, "-0.25", Event::getDouble));
        samples.put(FieldType.STRING, new Sample("héllo ✓", "héllo ✓", "\"héllo ✓\"", Event::getString));
        samples.put(FieldType.ENUM, new Sample(EveryFieldType.Color.BLUE, "BLUE", "( \"BLUE\" : container = 2 )",
                (e, i) -> e.getEnumLabel(i) + "#" + e.getEnumOrdinal(i)));
        samples.put(FieldType.BYTES, new Sample(new byte[] {1, -2, 127}, new byte[] {1, -2, 127},
                "[ [0] = 1, [1] = 254, [2] = 127 ]", Event::getBytes));
        return samples;
    }

    private static final EveryFieldType EVERY = Waymark.provider(EveryFieldType.class);

    @TempDir
    Path dir;

    @Test
    void everyFieldTypeHasASampleAndAParameterInTheFixture() throws Exception {
        assertEquals(EnumSet.allOf(FieldType.class), SAMPLES.keySet(), "a field type without a sample in this test");
        assertEquals(Arrays.stream(FieldType.values()).map(Enum::name).toList(),
                Arrays.stream(FieldKind.values()).map(Enum::name).toList(), "the processor's FieldKind, one per FieldType");
        EventType type = recordInMemory().type();
        List<FieldType> declared = new ArrayList<>();
        for (int i = 0; i < type.fieldCount(); i++) {
            declared.add(type.field(i).type());
        }
        assertEquals(List.of(FieldType.values()), declared, "EveryFieldType declares one parameter per FieldType, in order");
    }

    @Test
    void theMemoryBackendAndEventAssertKeepEveryFieldType() throws Exception {
        RecordedEvent event = recordInMemory();
        for (int i = 0; i < event.type().fieldCount(); i++) {
            FieldType type = event.type().field(i).type();
            Sample sample = SAMPLES.get(type);
            assertTrue(Objects.deepEquals(sample.recorded(), event.value(i)), type + ": " + Report.show(event.value(i)));
            assertTrue(EventAssert.matches(type, event.value(i), sample.argument()), type + " EventAssert, argument");
            assertTrue(EventAssert.matches(type, event.value(i), sample.recorded()), type + " EventAssert, recorded value");
        }
    }

    @Test
    void ctfKeepsEveryFieldTypeWrittenInPlaceOrCopied() throws Exception {
        Path inPlace = dir.resolve("in-place"); // the only session: the generated writer writes into the packet
        try (Session ctf = ctfSession("in-place", inPlace)) {
            emit();
        }
        checkCtf(inPlace);

        Path copied = dir.resolve("copied"); // two sessions: the encoded event is copied by CtfBackend.onEvent
        try (Session ctf = ctfSession("copied", copied);
                Session memory = memorySession("beside")) {
            emit();
            assertEquals(1, ((MemoryBackend) memory.backend()).events().size());
        }
        checkCtf(copied);
    }

    /** What a JFR recording holds for each field type's sample: JFR keeps no enum or array fields (docs/jfr-backend.md). */
    private static Object jfrValue(FieldType type) {
        return switch (type) {
            case ENUM -> "BLUE"; // the constant's name
            case BYTES -> "Af5/"; // Base64 of {1, -2, 127}
            default -> SAMPLES.get(type).recorded();
        };
    }

    @Test
    void jfrKeepsEveryFieldType() throws Exception {
        EventType type = recordInMemory().type(); // the fixture's field names
        Path file = dir.resolve("every.jfr");
        try (Session session = Tracing.createSession(SessionConfig.builder("field-types-jfr").backend(new JfrBackendFactory())
                .enable("typetest.every:*").build());
                Recording recording = new Recording()) {
            session.start();
            recording.enable("typetest.every.everyType");
            recording.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!EVERY.everyTypeEnabled()) {
                assertTrue(System.nanoTime() - deadline < 0, "enabled once the recording runs");
                Thread.sleep(2);
            }
            emit();
            recording.stop();
            recording.dump(file);
        }
        List<jdk.jfr.consumer.RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("typetest.every.everyType")).toList();
        assertEquals(1, events.size());
        jdk.jfr.consumer.RecordedEvent event = events.get(0);
        for (int i = 0; i < type.fieldCount(); i++) {
            FieldType fieldType = type.field(i).type();
            String name = type.field(i).name();
            assertEquals(jfrValue(fieldType), event.getValue(name), fieldType + ": field '" + name + "' in JFR");
        }
    }

    @Test
    void everyBackendModuleIsCheckedHere() throws IOException {
        Set<String> modules;
        try (Stream<Path> list = Files.list(Path.of("..", "backends"))) {
            modules = list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        assertEquals(Set.of("ctf", "jfr", "memory", "otel", "slf4j"), modules,
                "a new backend module: add a round trip of every field type through it to this test");
    }

    @Test
    void theSlf4jBackendKeepsEveryFieldTypeAsATypedKeyValue() throws Exception {
        List<LoggingEvent> logged = new CopyOnWriteArrayList<>();
        try (Session session = Tracing.createSession(SessionConfig.builder("field-types-slf4j")
                .backend(new Slf4jBackendFactory(name -> new RecordingLogger(name, logged))).enable("typetest.every:*")
                .setting("escape", "none").build())) {
            session.start();
            emit();
        }
        assertEquals(1, logged.size());
        List<KeyValuePair> pairs = logged.get(0).getKeyValuePairs();
        for (FieldType type : FieldType.values()) {
            KeyValuePair pair = pairs.get(type.ordinal());
            Object expected = SAMPLES.get(type).recorded();
            if (type == FieldType.BYTES) { // the documented form: base64
                assertTrue(Objects.deepEquals(expected, Base64.getDecoder().decode((String) pair.value)), type + ": " + pair);
            } else {
                assertEquals(expected, pair.value, type + ": the value and its Java type");
            }
        }
    }

    /** An SLF4J 2 logger that keeps the events the SLF4J backend hands it, enabled at every level. */
    private static final class RecordingLogger extends LegacyAbstractLogger implements LoggingEventAware {
        private static final long serialVersionUID = 1L;
        private final transient List<LoggingEvent> logged;

        RecordingLogger(String name, List<LoggingEvent> logged) {
            this.name = name;
            this.logged = logged;
        }

        @Override
        public void log(LoggingEvent event) {
            logged.add(event);
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(org.slf4j.event.Level level, Marker marker, String messagePattern,
                Object[] arguments, Throwable throwable) {
            throw new AssertionError("the SLF4J backend logs through LoggingEventAware");
        }
    }

    @Test
    void otelExportsEveryFieldTypeAsATypedAttribute() throws Exception {
        List<io.opentelemetry.proto.logs.v1.LogRecord> records;
        try (OtlpCapture capture = OtlpCapture.start()) {
            Session session = Tracing.createSession(SessionConfig.builder("field-types-otel")
                    .backend(new io.waymark.backend.otel.OtelBackendFactory()).enable("typetest.every:*")
                    .setting("endpoint", capture.endpoint()).setting("use-global", "false").build());
            session.start();
            emit();
            session.close();
            records = capture.logRecords();
        }
        assertEquals(1, records.size());
        assertEquals("typetest.every.everyType", records.get(0).getEventName());
        Map<String, io.opentelemetry.proto.common.v1.AnyValue> attributes = new java.util.HashMap<>();
        records.get(0).getAttributesList().forEach(kv -> attributes.put(kv.getKey(), kv.getValue()));
        EventType type = recordInMemory().type();
        for (int i = 0; i < type.fieldCount(); i++) {
            FieldType fieldType = type.field(i).type();
            io.opentelemetry.proto.common.v1.AnyValue.Builder expected = io.opentelemetry.proto.common.v1.AnyValue.newBuilder();
            Object recorded = SAMPLES.get(fieldType).recorded();
            switch (fieldType) { // no default: a new field type does not compile here until it has its attribute type
                case BOOLEAN -> expected.setBoolValue((Boolean) recorded);
                case BYTE, SHORT, INT, LONG -> expected.setIntValue(((Number) recorded).longValue());
                case FLOAT, DOUBLE -> expected.setDoubleValue(((Number) recorded).doubleValue());
                case CHAR -> expected.setStringValue(String.valueOf((char) (Character) recorded));
                case STRING, ENUM -> expected.setStringValue((String) recorded);
                case BYTES -> expected.setBytesValue(com.google.protobuf.ByteString.copyFrom((byte[]) recorded));
            }
            assertEquals(expected.build(), attributes.get(type.field(i).name()), fieldType + " as an OTLP attribute");
        }
    }

    private void checkCtf(Path trace) throws Exception {
        String line = babeltraceLine(trace);
        List<Event> read = new ArrayList<>();
        List<Object[]> values = new ArrayList<>();
        CtfTraceReader.open(trace).forEach(e -> {
            read.add(e);
            Object[] row = new Object[2 * e.type().fieldCount()];
            for (int i = 0; i < e.type().fieldCount(); i++) {
                row[2 * i] = e.getValue(i);
                row[2 * i + 1] = SAMPLES.get(e.type().field(i).type()).typedGetter().apply(e, i);
            }
            values.add(row);
        });
        assertEquals(1, read.size());
        EventType type = read.get(0).type();
        for (int i = 0; i < type.fieldCount(); i++) {
            FieldType fieldType = type.field(i).type();
            Sample sample = SAMPLES.get(fieldType);
            String name = type.field(i).name();
            String printed = " " + name + " = " + sample.babeltrace();
            assertTrue(line.contains(printed + ",") || line.contains(printed + " }"), fieldType + ": " + printed + " in " + line);
            Object value = values.get(0)[2 * i];
            assertTrue(Objects.deepEquals(sample.recorded(), value), fieldType + " CtfTraceReader getValue: " + Report.show(value));
            Object typed = values.get(0)[2 * i + 1];
            Object expectedTyped = fieldType == FieldType.ENUM ? "BLUE#2" : sample.recorded();
            assertTrue(Objects.deepEquals(expectedTyped, typed), fieldType + " CtfTraceReader typed getter: " + Report.show(typed));
        }
    }

    private static String babeltraceLine(Path trace) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("babeltrace2", trace.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "babeltrace2 finished");
        assertEquals(0, process.exitValue(), output);
        List<String> lines = output.lines().toList();
        assertEquals(1, lines.size(), output); // nothing else: no warning either
        assertTrue(lines.get(0).contains("typetest.every:everyType"), output);
        return lines.get(0);
    }

    private RecordedEvent recordInMemory() throws Exception {
        try (Session session = memorySession("memory")) {
            emit();
            List<RecordedEvent> events = ((MemoryBackend) session.backend()).events();
            assertEquals(1, events.size());
            return events.get(0);
        }
    }

    private static Session memorySession(String name) {
        Session session = Tracing.createSession(SessionConfig.builder("field-types-" + name).backend(new MemoryBackendFactory())
                .enable("typetest.every:*").build());
        session.start();
        return session;
    }

    private static Session ctfSession(String name, Path trace) {
        Session session = Tracing.createSession(SessionConfig.builder("field-types-" + name).backend(new CtfBackendFactory())
                .enable("typetest.every:*").setting("directory", trace.toString()).setting("streams", "1").build());
        session.start();
        return session;
    }

    /** Calls the fixture with every sample, in the order of its parameters' field types. */
    private static void emit() throws Exception {
        Method method = Arrays.stream(EveryFieldType.class.getMethods()).filter(m -> m.getName().equals("everyType"))
                .findFirst().orElseThrow();
        Object[] arguments = new Object[FieldType.values().length];
        for (FieldType type : FieldType.values()) {
            arguments[type.ordinal()] = SAMPLES.get(type).argument();
        }
        method.invoke(EVERY, arguments);
    }
}
