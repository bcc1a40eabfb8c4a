package io.waymark.backend.jfr;

import static io.waymark.spi.FieldDescriptor.of;
import static io.waymark.spi.FieldDescriptor.ofEnum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.jfrtest.EveryTypeEvents.Color;
import io.waymark.jfrtest.EveryTypeEvents;
import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.Reporter;
import io.waymark.spi.wire.EventWriter;
import io.waymark.spi.wire.ThreadWriters;
import io.waymark.spi.wire.WireFormat;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The arguments path ({@link Backend#argumentConsumer}) against the event view path ({@link Backend#onEvent} with
 * the canonical record the runtime encodes): the same values give the same JFR event, field by field, for every field
 * type, nulls and extremes included, read back with {@link RecordingFile} and {@code jfr print --json}; arguments that
 * do not fit the event type are refused (the encoded path stays) and a closed backend's handle records nothing.
 */
class JfrArgumentsTest {

    static final List<String> LABELS = List.of("RED", "GREEN", "BLUE");
    /** Every field type; an enum whose schema knows fewer constants than the class (a newer enum: "#2"); a JFR name. */
    static final EventType TYPE = new EventType("jfrtest.arguments", "everyType", 1, 3, Stability.STABLE, Level.INFO, List.of(
            of("flag", FieldType.BOOLEAN), of("tiny", FieldType.BYTE), of("small", FieldType.SHORT),
            of("letter", FieldType.CHAR), of("number", FieldType.INT), of("big", FieldType.LONG),
            of("ratio", FieldType.FLOAT), of("precise", FieldType.DOUBLE), of("text", FieldType.STRING),
            ofEnum("color", Color.class.getName(), LABELS), ofEnum("older", Color.class.getName(), List.of("RED")),
            of("payload", FieldType.BYTES), of("startTime", FieldType.LONG)));
    static final String JFR_NAME = "jfrtest.arguments.everyType";
    static final MethodType ARGUMENTS = MethodType.methodType(void.class, boolean.class, byte.class, short.class,
            char.class, int.class, long.class, float.class, double.class, String.class, Color.class, Color.class,
            byte[].class, long.class);

    static final List<Object[]> ROWS = List.of(
            new Object[] {true, (byte) -7, (short) -300, '\uFF21', 42, Long.MAX_VALUE, 1.5f, -0.25, "héllo ✓ \"quoted\"\n\t",
                Color.BLUE, Color.BLUE, new byte[] {1, -2, 127}, 7L},
            new Object[] {false, Byte.MIN_VALUE, Short.MIN_VALUE, '\0', Integer.MIN_VALUE, Long.MIN_VALUE, Float.NaN,
                Double.NEGATIVE_INFINITY, null, null, null, null, Long.MIN_VALUE},
            new Object[] {true, Byte.MAX_VALUE, Short.MAX_VALUE, '\uFFFF', Integer.MAX_VALUE, -1L, -0.0f, Double.MIN_VALUE,
                "", Color.RED, Color.GREEN, new byte[0], 0L},
            new Object[] {false, (byte) 1, (short) 2, 'z', 3, 4L, Float.MAX_VALUE, 1e300, "x".repeat(300) + "\u00e9",
                Color.GREEN, Color.RED, new byte[] {-1, -1, -1, -1}, Long.MAX_VALUE});

    @TempDir
    Path dir;

    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    private Backend backend() {
        Reporter reporter = new Reporter() {
            @Override
            public void warn(String message, Throwable cause) {
                warnings.add(message);
            }

            @Override
            public void error(String message, Throwable cause) {
                warnings.add("ERROR " + message);
            }
        };
        return new JfrBackendFactory().create(new BackendContext("jfr-arguments", ClockAnchor.now(),
                Map.of("recheckMillis", "0"), reporter));
    }

    @Test
    void argumentsAndEventViewGiveTheSameJfrEventForEveryFieldTypeAndNull() throws Throwable {
        Backend backend = backend();
        Path file = dir.resolve("arguments.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(JFR_NAME).withoutStackTrace();
            recording.start();
            assertTrue(backend.wants(TYPE), "wanted while the recording enables it");
            MethodHandle consumer = backend.argumentConsumer(TYPE, ARGUMENTS);
            assertNotNull(consumer, "the JFR backend consumes arguments");
            assertEquals(ARGUMENTS, consumer.type(), "of the tracepoint's type (asType without boxing)");
            for (Object[] row : ROWS) {
                consumer.invokeWithArguments(row);
                emitThroughTheView(backend, row);
            }
            recording.stop();
            recording.dump(file);
        } finally {
            backend.close();
        }
        assertEquals(List.of(), warnings);

        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(JFR_NAME)).toList();
        assertEquals(2 * ROWS.size(), events.size(), "each row through the arguments and through the view");
        for (int row = 0; row < ROWS.size(); row++) {
            RecordedEvent arguments = events.get(2 * row);
            RecordedEvent view = events.get(2 * row + 1);
            assertEquals(Thread.currentThread().getId(), arguments.getThread().getJavaThreadId());
            assertEquals(fields(view), fields(arguments), "row " + row);
        }

        // and both are right, not only equal: the documented mappings
        RecordedEvent first = events.get(0);
        assertEquals("héllo ✓ \"quoted\"\n\t", first.getString("text"));
        assertEquals("BLUE", first.getString("color"));
        assertEquals("#2", first.getString("older"), "a constant the schema does not list: by number, as the view");
        assertEquals("Af5/", first.getString("payload"));
        assertEquals(7L, first.getLong("startTime_"), "JFR's own field name, mapped");
        RecordedEvent nulls = events.get(2);
        assertEquals("", nulls.getString("text"), "a null String reads as empty");
        assertNull(nulls.getString("color"), "a null enum is JFR's null");
        assertNull(nulls.getString("older"));
        assertEquals("", nulls.getString("payload"), "a null byte[] reads as empty");
        assertTrue(Float.isNaN(nulls.getFloat("ratio")));
        assertEquals(Long.MIN_VALUE, nulls.getLong("big"));
        assertEquals("/////w==", events.get(6).getString("payload"));

        String jfr = JfrBackendTest.JDK17_JFR;
        if (Files.isExecutable(Path.of(jfr))) { // the JSON a user reads, pair by pair, JFR's own startTime apart
            String json = JfrBackendTest.run(jfr, "print", "--json", "--events", JFR_NAME, file.toString());
            List<String> printed = Arrays.stream(json.split("\"type\": \"" + JFR_NAME.replace(".", "\\.") + "\""))
                    .skip(1).map(e -> e.replaceAll("\"startTime\": [^\n]*\n", "")) // JFR's clock
                    .map(e -> e.substring(0, e.indexOf('\n', e.indexOf("\"startTime_\": ")))) // the last field
                    .toList();
            assertEquals(2 * ROWS.size(), printed.size(), json);
            for (int row = 0; row < ROWS.size(); row++) {
                assertEquals(printed.get(2 * row + 1), printed.get(2 * row), "jfr print --json of row " + row);
            }
            assertTrue(printed.get(2).contains("\"color\": null"), printed.get(2));
        }
    }

    @Test
    void theDocumentedDifferencesComeFromTheCanonicalEncoding() throws Throwable {
        Backend backend = backend();
        Path file = dir.resolve("differences.jfr");
        Object[] surrogate = ROWS.get(0).clone();
        surrogate[8] = "a\uD800b";
        Object[] large = ROWS.get(0).clone();
        large[11] = new byte[WireFormat.MAX_RECORD_SIZE];
        try (Recording recording = new Recording()) {
            recording.enable(JFR_NAME).withoutStackTrace();
            recording.start();
            backend.wants(TYPE);
            MethodHandle consumer = backend.argumentConsumer(TYPE, ARGUMENTS);
            consumer.invokeWithArguments(surrogate);
            emitThroughTheView(backend, surrogate);
            consumer.invokeWithArguments(large);
            EventWriter writer = ThreadWriters.begin(TYPE, WireFormat.identityWord(0, TYPE.id()));
            writer.putBytes((byte[]) large[11]);
            assertEquals(false, ThreadWriters.finish(writer), "a record over the ABI's limit is dropped at the call site");
            recording.stop();
            recording.dump(file);
        } finally {
            backend.close();
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(JFR_NAME)).toList();
        assertEquals(3, events.size());
        assertEquals("a\uD800b", events.get(0).getString("text"), "the arguments path keeps an unpaired surrogate");
        assertEquals("a?b", events.get(1).getString("text"), "UTF-8 (the canonical record) holds '?' for it");
        assertEquals(java.util.Base64.getEncoder().encodeToString((byte[]) large[11]), events.get(2).getString("payload"),
                "the arguments path commits an event larger than a canonical record may be");
    }

    /**
     * Through the runtime: a session's tracepoint (the {@code everyType} fixture of {@link JfrBackendTest}, so that
     * test's checks hold on this path) hands its arguments to the JFR backend's handle and never to {@code onEvent};
     * a handle that throws (here: the JFR handle behind a wrapper that throws for {@code number == 13}) is counted
     * as a backend failure and never reaches the application, and the next event is recorded.
     */
    @Test
    void aSessionsTracepointTakesTheHandleNotOnEventAndAThrowingHandleNeverReachesTheApplication() throws Exception {
        EveryTypeEvents events = Waymark.provider(EveryTypeEvents.class);
        Observed observed = new Observed();
        Path file = dir.resolve("session.jfr");
        long thread = Thread.currentThread().getId();
        try (Session session = Tracing.createSession(SessionConfig.builder("jfr-arguments-session")
                .backend(observed.factory()).enable("jfrtest.every-type:everyType").build());
                Recording recording = new Recording()) {
            session.start();
            recording.enable(JfrBackendTest.EVERY).withoutStackTrace();
            recording.start();
            JfrBackendTest.await(events::everyTypeEnabled, "everyType enabled once the recording runs");
            events.everyType(true, (byte) 1, (short) 2, 'c', 4, 5L, 6f, 7.0, "eight", Color.GREEN, new byte[] {9});
            events.everyType(true, (byte) 1, (short) 2, 'c', 13, 5L, 6f, 7.0, "thrown", Color.GREEN, null); // no exception
            events.everyType(false, (byte) 0, (short) 0, 'x', 14, 0L, 0f, 0.0, null, null, null);
            recording.stop();
            recording.dump(file);
            assertEquals(1, session.statistics().backendFailures(), "the throw, counted");
        }
        assertEquals(0, observed.onEvents.get(), "no event took the encoded path");
        assertTrue(observed.askedFor.contains(MethodType.methodType(void.class, boolean.class, byte.class, short.class,
                char.class, int.class, long.class, float.class, double.class, String.class, Color.class, byte[].class)),
                observed.askedFor.toString());
        List<RecordedEvent> recorded = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(JfrBackendTest.EVERY)).toList();
        assertEquals(List.of(4, 14), recorded.stream().map(e -> e.getInt("number")).toList());
        RecordedEvent first = recorded.get(0);
        assertEquals(thread, first.getThread().getJavaThreadId(), "committed on the emitting thread");
        assertEquals(List.of(true, (byte) 1, (short) 2, 'c', 5L, 6f, 7.0, "eight", "GREEN", "CQ=="),
                List.of(first.getBoolean("flag"), first.getByte("tiny"), first.getShort("small"), first.getChar("letter"),
                        first.getLong("big"), first.getFloat("ratio"), first.getDouble("precise"), first.getString("text"),
                        first.getString("color"), first.getString("payload")));
        RecordedEvent nulls = recorded.get(1);
        assertEquals("", nulls.getString("text"));
        assertNull(nulls.getString("color"));
        assertEquals("", nulls.getString("payload"));
    }

    /**
     * Through the runtime, both paths: {@code everyType} takes the arguments handle, {@code everyTypeViewed} (the same
     * fields read through a view, which the runtime can only encode) takes {@code onEvent}; the same values give the
     * same JFR values, field by field ({@code values_flag} for {@code flag}), nulls included.
     */
    @Test
    void throughTheRuntimeAViewEventTakesOnEventAndRecordsWhatTheArgumentsPathRecords() throws Exception {
        EveryTypeEvents events = Waymark.provider(EveryTypeEvents.class);
        Observed observed = new Observed();
        Path file = dir.resolve("paths.jfr");
        String viewed = "jfrtest.every_type.everyTypeViewed";
        List<Object[]> rows = ROWS.stream().map(row -> {
            Object[] fixture = Arrays.copyOf(row, 11);
            fixture[10] = row[11];
            return fixture;
        }).toList();
        try (Session session = Tracing.createSession(SessionConfig.builder("jfr-arguments-paths")
                .backend(observed.factory()).enable("jfrtest.every-type:everyType", "jfrtest.every-type:everyTypeViewed")
                .build());
                Recording recording = new Recording()) {
            session.start();
            recording.enable(JfrBackendTest.EVERY).withoutStackTrace();
            recording.enable(viewed).withoutStackTrace();
            recording.start();
            JfrBackendTest.await(events::everyTypeEnabled, "everyType enabled once the recording runs");
            for (Object[] r : rows) {
                events.everyType((Boolean) r[0], (Byte) r[1], (Short) r[2], (Character) r[3], (Integer) r[4], (Long) r[5],
                        (Float) r[6], (Double) r[7], (String) r[8], (Color) r[9], (byte[]) r[10]);
                events.everyTypeViewed(new EveryTypeEvents.Values((Boolean) r[0], (Byte) r[1], (Short) r[2],
                        (Character) r[3], (Integer) r[4], (Long) r[5], (Float) r[6], (Double) r[7], (String) r[8],
                        (Color) r[9], (byte[]) r[10]));
            }
            recording.stop();
            recording.dump(file);
        }
        assertEquals(rows.size(), observed.onEvents.get(), "the view event, and only it, took onEvent");
        List<RecordedEvent> recorded = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(JfrBackendTest.EVERY) || e.getEventType().getName().equals(viewed))
                .toList();
        assertEquals(2 * rows.size(), recorded.size());
        for (int row = 0; row < rows.size(); row++) {
            RecordedEvent arguments = recorded.get(2 * row);
            RecordedEvent view = recorded.get(2 * row + 1);
            assertEquals(JfrBackendTest.EVERY, arguments.getEventType().getName());
            assertEquals(viewed, view.getEventType().getName());
            Map<String, Object> viewFields = fields(view).entrySet().stream().collect(Collectors.toMap(
                    e -> e.getKey().replaceFirst("^values_", ""), Map.Entry::getValue));
            assertEquals(viewFields, fields(arguments), "row " + row);
        }
        assertEquals("", recorded.get(2).getString("text"));
        assertNull(recorded.get(2).getString("color"));
        assertEquals("", recorded.get(3).getString("values_text"));
        assertNull(recorded.get(3).getString("values_color"));
    }

    /** Throws for {@code number == 13}: a failing handle, in front of the JFR backend's. */
    static void failOn13(int number) {
        if (number == 13) {
            throw new IllegalStateException("number 13");
        }
    }

    /** The JFR backend, observed: which argument types the runtime asks for and how many events reach onEvent. */
    static final class Observed {
        final AtomicInteger onEvents = new AtomicInteger();
        final List<MethodType> askedFor = new CopyOnWriteArrayList<>();

        BackendFactory factory() {
            return new BackendFactory() {
                @Override
                public String name() {
                    return "jfr-observed";
                }

                @Override
                public String requestedSpiVersion() {
                    return BackendFactory.SPI_VERSION;
                }

                @Override
                public Backend create(BackendContext context) {
                    Backend jfr = new JfrBackendFactory().create(context);
                    return new Backend() {
                        @Override
                        public void onEvent(io.waymark.spi.Event event) {
                            onEvents.incrementAndGet();
                            jfr.onEvent(event);
                        }

                        @Override
                        public void onProviderRegistered(ProviderDescriptor provider, int providerIndex) {
                            jfr.onProviderRegistered(provider, providerIndex);
                        }

                        @Override
                        public boolean wants(EventType type) {
                            return jfr.wants(type);
                        }

                        @Override
                        public MethodHandle argumentConsumer(EventType type, MethodType arguments) {
                            askedFor.add(arguments);
                            MethodHandle consumer = jfr.argumentConsumer(type, arguments);
                            if (consumer == null || arguments.parameterCount() < 5 || arguments.parameterType(4) != int.class) {
                                return consumer;
                            }
                            try {
                                MethodHandle fail = MethodHandles.lookup().findStatic(JfrArgumentsTest.class, "failOn13",
                                        MethodType.methodType(void.class, int.class));
                                return MethodHandles.foldArguments(consumer, 0, MethodHandles.dropArguments(fail, 0,
                                        arguments.parameterList().subList(0, 4)));
                            } catch (ReflectiveOperationException e) {
                                throw new AssertionError(e);
                            }
                        }

                        @Override
                        public void close() {
                            jfr.close();
                        }
                    };
                }
            };
        }
    }

    /** What the runtime does for an event without an arguments handle: encode the canonical record, hand its view on. */
    static void emitThroughTheView(Backend backend, Object[] row) {
        EventWriter writer = ThreadWriters.begin(TYPE, WireFormat.identityWord(0, TYPE.id()));
        for (int i = 0; i < row.length; i++) {
            Object value = row[i];
            switch (TYPE.field(i).type()) {
                case BOOLEAN -> writer.putBoolean((Boolean) value);
                case BYTE -> writer.putByte((Byte) value);
                case SHORT -> writer.putShort((Short) value);
                case CHAR -> writer.putChar((Character) value);
                case INT -> writer.putInt((Integer) value);
                case LONG -> writer.putLong((Long) value);
                case FLOAT -> writer.putFloat((Float) value);
                case DOUBLE -> writer.putDouble((Double) value);
                case STRING -> writer.putString((String) value);
                case ENUM -> writer.putEnum((Enum<?>) value);
                case BYTES -> writer.putBytes((byte[]) value);
            }
        }
        assertTrue(ThreadWriters.finish(writer));
        try {
            backend.onEvent(writer);
        } finally {
            ThreadWriters.giveBack(writer);
        }
    }

    /** Every field of the event but JFR's clock (JFR reads it at each commit). */
    static Map<String, Object> fields(RecordedEvent event) {
        return event.getFields().stream().map(ValueDescriptor::getName)
                .filter(name -> !name.equals("startTime") && !name.equals("duration"))
                .collect(Collectors.toMap(name -> name, name -> {
                    Object value = event.getValue(name);
                    return value == null ? "<null>" : value instanceof jdk.jfr.consumer.RecordedThread t
                            ? "thread " + t.getJavaThreadId() : value;
                }));
    }

    @Test
    void argumentsThatDoNotFitTheFieldsAreRefusedOnceWithAWarningAndTheViewPathStays() throws Throwable {
        Backend backend = backend();
        try (Recording recording = new Recording()) {
            recording.enable(JFR_NAME).withoutStackTrace();
            recording.start();
            backend.wants(TYPE);
            assertNull(backend.argumentConsumer(TYPE, ARGUMENTS.dropParameterTypes(12, 13)), "one argument short");
            assertNull(backend.argumentConsumer(TYPE, ARGUMENTS.changeParameterType(9, String.class)), "a String for an enum");
            assertNull(backend.argumentConsumer(TYPE, ARGUMENTS.changeParameterType(5, int.class)), "an int for a long");
            assertNull(backend.argumentConsumer(TYPE, ARGUMENTS.changeReturnType(boolean.class)), "not void");
            assertEquals(1, warnings.size(), "one warning per event type: " + warnings);
            assertTrue(warnings.get(0).startsWith("jfr backend of session 'jfr-arguments': event jfrtest.arguments:everyType "
                    + "is committed through the event view"), warnings.get(0));
            assertNotNull(backend.argumentConsumer(TYPE, ARGUMENTS.changeParameterType(9, Enum.class)
                    .changeParameterType(10, Object.class)), "an enum may arrive as Enum or Object");

            MethodHandle consumer = backend.argumentConsumer(TYPE, ARGUMENTS);
            backend.close();
            consumer.invokeWithArguments(ROWS.get(0)); // a late event of a closed session: ignored, as onEvent ignores it
            emitThroughTheView(backend, ROWS.get(0));
            assertNull(backend.argumentConsumer(TYPE, ARGUMENTS), "a closed backend consumes nothing");
            recording.stop();
            Path file = dir.resolve("closed.jfr");
            recording.dump(file);
            assertEquals(0, RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals(JFR_NAME)).count(), "nothing after close");
        } finally {
            backend.close();
        }
    }
}
