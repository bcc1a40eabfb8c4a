package io.waymark.backend.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.jfrtest.EveryTypeEvents;
import io.waymark.jfrtest.EveryTypeEvents.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.Recording;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IType;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;
import org.openjdk.jmc.flightrecorder.internal.EventArray;
import org.openjdk.jmc.flightrecorder.internal.FlightRecordingLoader;

/**
 * The JFR backend against the real consumers: one recording for the class (JFR's start-up is paid once), dumped
 * to a file that {@code jfr print --json} (JDK 17), {@code jfr print --exact} (JDK 25, when installed), the JMC
 * parser and {@link RecordingFile} read.
 */
class JfrBackendTest {

    static final String EVERY = "jfrtest.every_type.everyType";
    static final String NAMES = "jfrtest.every_type.jfrNames";
    static final String ORDER = "jfrtest.every_type.orderPlaced";
    static final String JDK17_JFR = "/usr/lib/jvm/java-17-openjdk-amd64/bin/jfr";
    static final String JDK25_JFR = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr";
    static final byte[] PAYLOAD = {1, -2, 127};

    private static final EveryTypeEvents EVENTS = Waymark.provider(EveryTypeEvents.class);

    static Path file;
    static long emitterThreadId;
    static long timing;
    static long setUp;
    static long jfrStart;

    @BeforeAll
    static void record(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        long started = System.nanoTime();
        long recordingStarted;
        try (Session session = Tracing.createSession(SessionConfig.builder("jfr-test").backend("jfr")
                .enable("jfrtest.every-type:*").build());
                Recording recording = new Recording()) {
            session.start();
            long sessionStarted = System.nanoTime();
            recording.enable(EVERY);
            recording.enable(NAMES);
            recording.disable(ORDER); // Waymark's event types are enabled by default, as JFR's own
            recording.start();
            recordingStarted = System.nanoTime();
            setUp = sessionStarted - started;
            jfrStart = recordingStarted - sessionStarted;
            await(EVENTS::everyTypeEnabled, "everyType enabled once the recording runs");
            assertFalse(EVENTS.orderPlacedEnabled(), "dormant: the recording does not enable orderPlaced");
            emitterThreadId = Thread.currentThread().getId();
            EVENTS.everyType(true, (byte) -7, (short) -300, '\uFF21', Integer.MIN_VALUE, Long.MAX_VALUE, 1.5f, -0.25,
                    "héllo ✓ \"quoted\"", Color.BLUE, PAYLOAD);
            EVENTS.everyType(false, (byte) 0, (short) 0, 'a', Integer.MIN_VALUE + 1, Long.MIN_VALUE + 1, Float.MIN_VALUE, 0.1, null, null, null);
            EVENTS.jfrNames(1, 2, "three", "four", 5);
            EVENTS.orderPlaced(1, 2, "not enabled in the recording");
            recording.stop();
            file = dir.resolve("every.jfr");
            recording.dump(file);
        }
        timing = System.nanoTime() - recordingStarted;
    }

    /** What the JFR part of this class costs, for docs/jfr-backend.md: JFR's one-time start-up apart. */
    @AfterAll
    static void report() {
        System.out.printf("JfrBackendTest: session and event classes %d ms, Recording.start (JFR start-up in a fresh JVM) %d ms,"
                + " events until dumped %d ms%n", TimeUnit.NANOSECONDS.toMillis(setUp), TimeUnit.NANOSECONDS.toMillis(jfrStart),
                TimeUnit.NANOSECONDS.toMillis(timing));
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        // milliseconds when the machine is idle; 10 s so that a loaded CI machine (JFR's start-up and the JIT share
        // two CPUs with the runtime's maintenance thread) does not fail what merely came late
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, what + " within 10 s");
            Thread.sleep(2);
        }
    }

    @Test
    void recordingFileHasEveryFieldTypeExactlyWithNameLabelCategoryAndThread() throws IOException {
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertEquals(List.of(EVERY, EVERY, NAMES), events.stream().map(e -> e.getEventType().getName()).toList(),
                "the events enabled in the recording, and no other (orderPlaced is not enabled)");
        RecordedEvent every = events.get(0);
        jdk.jfr.EventType type = every.getEventType();
        assertEquals("Every Field Type", type.getLabel());
        assertEquals(List.of("Waymark", "jfrtest.every-type"), type.getCategoryNames());
        assertEquals("One field of every type, for jfr print and JMC. (Waymark jfrtest.every-type:everyType, stable, "
                + "schema version 2)", type.getDescription());
        TracepointSchema schema = type.getAnnotation(TracepointSchema.class);
        assertEquals("jfrtest.every-type:everyType", schema.waymarkName());
        assertEquals("STABLE", schema.stability());
        assertEquals(2, schema.version());
        assertEquals(emitterThreadId, every.getThread().getJavaThreadId(), "committed on the emitting thread");
        assertNull(every.getStackTrace(), "no stack trace by default");

        assertEquals(true, every.getBoolean("flag"));
        assertEquals((byte) -7, every.getByte("tiny"));
        assertEquals((short) -300, every.getShort("small"));
        assertEquals('\uFF21', every.getChar("letter"));
        assertEquals(Integer.MIN_VALUE, every.getInt("number"));
        assertEquals(Long.MAX_VALUE, every.getLong("big"));
        assertEquals(1.5f, every.getFloat("ratio"));
        assertEquals(-0.25, every.getDouble("precise"));
        assertEquals("héllo ✓ \"quoted\"", every.getString("text"));
        assertEquals("BLUE", every.getString("color"));
        assertEquals("Af5/", every.getString("payload"));
        assertEquals("byte[] as Base64 (RFC 4648, with padding); empty for an empty or null array",
                type.getField("payload").getDescription());
        assertEquals("payload", type.getField("payload").getLabel());

        RecordedEvent nulls = events.get(1);
        assertEquals(Float.MIN_VALUE, nulls.getFloat("ratio"));
        assertEquals(0.1, nulls.getDouble("precise"));
        assertEquals("", nulls.getString("text"), "a null String reads as empty, as the event ABI records it");
        assertNull(nulls.getString("color"), "a null enum is JFR's null");
        assertEquals("", nulls.getString("payload"), "a null byte[] reads as empty");

        RecordedEvent names = events.get(2);
        List<String> fields = names.getFields().stream().map(ValueDescriptor::getName).toList();
        assertEquals(List.of("startTime", "duration", "eventThread", "stackTrace", "startTime__", "duration_",
                "eventThread_", "stackTrace_", "startTime_"), fields, "JFR's own fields first, then the renamed ones");
        assertEquals(1L, names.getLong("startTime__"));
        assertEquals("startTime", names.getEventType().getField("startTime__").getLabel(), "the label keeps the name");
        assertEquals(2L, names.getLong("duration_"));
        assertEquals("three", names.getString("eventThread_"));
        assertEquals("four", names.getString("stackTrace_"));
        assertEquals(5, names.getInt("startTime_"));
        assertEquals("Jfr Names", names.getEventType().getLabel(), "a label derived from the event name");
        assertEquals("UNSTABLE", names.getEventType().getAnnotation(TracepointSchema.class).stability());
    }

    @Test
    void jdk17JfrPrintJsonShowsEveryFieldTypeExactly() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(JDK17_JFR)), "JDK 17's jfr tool");
        String json = run(JDK17_JFR, "print", "--json", "--events", EVERY, file.toString());
        String first = json.substring(0, json.indexOf("\"type\": \"" + EVERY + "\"", json.indexOf(EVERY) + 1));
        assertJsonValue(first, "flag", "true");
        assertJsonValue(first, "tiny", "-7");
        assertJsonValue(first, "small", "-300");
        assertJsonValue(first, "letter", "\"\\uff21\""); // JSON's escape of U+FF21
        assertJsonValue(first, "number", "-2147483648");
        assertJsonValue(first, "big", "9223372036854775807");
        assertJsonValue(first, "ratio", "1.5");
        assertJsonValue(first, "precise", "-0.25");
        assertJsonValue(first, "text", "\"h\\u00e9llo \\u2713 \\\"quoted\\\"\""); // JSON escapes
        assertJsonValue(first, "color", "\"BLUE\"");
        assertJsonValue(first, "payload", "\"Af5\\/\""); // JSON may escape /
        String second = json.substring(first.length());
        assertJsonValue(second, "text", "\"\"");
        assertJsonValue(second, "color", "null");
        assertJsonValue(second, "payload", "\"\"");
    }

    @Test
    void jdk25JfrPrintExactShowsEveryFieldTypeExactly() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(JDK25_JFR)), "JDK 25's jfr tool");
        // jfr's text form shows Integer.MIN_VALUE and Long.MIN_VALUE as N/A (its marker of a missing value); the
        // recording holds them exactly (see the RecordingFile and JSON tests), and MIN_VALUE + 1 prints as it is.
        String text = run(JDK25_JFR, "print", "--exact", "--events", EVERY, file.toString());
        String first = text.substring(0, text.indexOf(EVERY, text.indexOf(EVERY) + 1));
        for (String line : List.of("flag = true", "tiny = -7", "small = -300", "letter = \uFF21",
                "number = N/A", "big = 9223372036854775807", "ratio = 1.5", "precise = -0.25",
                "text = \"héllo ✓ \"quoted\"\"", "color = \"BLUE\"", "payload = \"Af5/\"")) {
            assertTrue(first.contains("  " + line + "\n"), line + " in\n" + first);
        }
        String second = text.substring(first.length());
        for (String line : List.of("number = -2147483647", "big = -9223372036854775807", "ratio = 1.4E-45", "precise = 0.1", "text = \"\"", "color = N/A", "payload = \"\"")) {
            assertTrue(second.contains("  " + line + "\n"), line + " in\n" + second);
        }
    }

    @Test
    void jmcParserLoadsTheEventsWithNameLabelAndCategory() throws Exception {
        IItemCollection items = JfrLoaderToolkit.loadEvents(file.toFile());
        List<String> found = new ArrayList<>();
        for (IItemIterable iterable : items) {
            IType<IItem> type = iterable.getType();
            if (type.getIdentifier().startsWith("jfrtest.") && iterable.getItemCount() > 0) {
                found.add(type.getIdentifier() + "|" + type.getName() + "|" + iterable.getItemCount());
            }
        }
        found.sort(null);
        assertEquals(List.of(EVERY + "|Every Field Type|2", NAMES + "|Jfr Names|1"), found);
        String category = categoryOf(EVERY);
        assertEquals("Waymark / jfrtest.every-type", category);
    }

    /** The category path JMC's event browser shows, from JMC's loader. */
    private static String categoryOf(String identifier) throws Exception {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            for (EventArray array : FlightRecordingLoader.loadStream(in, false, false).getArrays()) {
                if (array.getType().getIdentifier().equals(identifier)) {
                    return String.join(" / ", array.getTypeCategory());
                }
            }
        }
        return null;
    }

    private static void assertJsonValue(String json, String field, String value) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(field) + "\": (.*?),?[ \\t]*\\n").matcher(json);
        assertTrue(matcher.find(), field + " in " + json);
        assertEquals(value, matcher.group(1), field);
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
