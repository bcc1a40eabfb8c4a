package io.waymark.backend.jfr;

import static io.waymark.backend.jfr.JfrBackendTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.jfrtest.EveryTypeEvents;
import io.waymark.jfrtest.TracedEvents;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consumer decides: with the JFR backend selected a tracepoint is dormant until a recording enables its JFR
 * event type, follows recordings that start and stop (and settings changed inside a running one), and the emitting
 * thread is the event's thread, virtual threads included.
 */
class JfrInterestTest {

    static final String ORDER = "jfrtest.every_type.orderPlaced";
    private static final EveryTypeEvents EVENTS = Waymark.provider(EveryTypeEvents.class);
    private static final TracedEvents TRACED = Waymark.provider(TracedEvents.class);

    @TempDir
    Path dir;

    @Test
    void dormantWithoutARecordingOnOnceOneStartsAndOffAfterIt() throws Exception {
        try (Session session = Tracing.createSession(SessionConfig.builder("jfr-interest").backend("jfr")
                .enable("jfrtest.every-type:orderPlaced").setting("recheckMillis", "100").build())) {
            session.start();
            Thread.sleep(50); // the runtime's first re-targeting
            assertFalse(EVENTS.orderPlacedEnabled(), "dormant: the session enables it but no recording runs");
            try (Recording recording = new Recording()) {
                recording.start();
                await(EVENTS::orderPlacedEnabled, "on once a recording starts");
                recording.disable(ORDER); // a settings change inside the running recording: found by the re-check
                await(() -> !EVENTS.orderPlacedEnabled(), "off once the running recording disables it");
                recording.enable(ORDER);
                await(EVENTS::orderPlacedEnabled, "on again once the running recording enables it");
                recording.stop();
                await(() -> !EVENTS.orderPlacedEnabled(), "off once the recording stops");
            }
            try (Recording other = new Recording()) {
                other.disable(ORDER);
                other.start();
                Thread.sleep(150);
                assertFalse(EVENTS.orderPlacedEnabled(), "dormant: the running recording does not enable it");
            }
        }
    }

    @Test
    void followsARecordingStartedAndStoppedWithJcmd() throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        assumeTrue(jcmd.toFile().canExecute(), "jcmd in this JDK");
        String pid = Long.toString(ProcessHandle.current().pid());
        try (Session session = Tracing.createSession(SessionConfig.builder("jfr-jcmd").backend("jfr")
                .enable("jfrtest.every-type:orderPlaced").build())) {
            session.start();
            Thread.sleep(50);
            assertFalse(EVENTS.orderPlacedEnabled(), "dormant before the recording");
            JfrBackendTest.run(jcmd.toString(), pid, "JFR.start", "name=waymark-jcmd-test");
            try {
                await(EVENTS::orderPlacedEnabled, "on once jcmd JFR.start returned");
            } finally {
                JfrBackendTest.run(jcmd.toString(), pid, "JFR.stop", "name=waymark-jcmd-test");
            }
            await(() -> !EVENTS.orderPlacedEnabled(), "off once jcmd JFR.stop returned");
        }
    }

    @Test
    void theEventsThreadIsTheEmittingThreadAVirtualOneIncluded() throws Exception {
        Method startVirtualThread;
        try {
            startVirtualThread = Thread.class.getMethod("startVirtualThread", Runnable.class);
        } catch (NoSuchMethodException e) {
            startVirtualThread = null;
        }
        assumeTrue(startVirtualThread != null, "virtual threads (JDK 21+)");
        Path file = dir.resolve("virtual.jfr");
        AtomicLong virtualId = new AtomicLong();
        try (Session session = Tracing.createSession(SessionConfig.builder("jfr-virtual").backend("jfr")
                .enable("jfrtest.every-type:orderPlaced").build());
                Recording recording = new Recording()) {
            session.start();
            recording.enable(ORDER);
            recording.start();
            await(EVENTS::orderPlacedEnabled, "on once the recording starts");
            Thread thread = (Thread) startVirtualThread.invoke(null, (Runnable) () -> {
                virtualId.set(Thread.currentThread().getId());
                EVENTS.orderPlaced(42, 1, "virtual");
            });
            thread.join();
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(ORDER)).toList();
        assertEquals(1, events.size());
        assertEquals(virtualId.get(), events.get(0).getThread().getJavaThreadId(), "the virtual thread, not its carrier");
        assertEquals("virtual", events.get(0).getString("sku"));
    }

    @Test
    void theStackTraceSettingRecordsStackTraces() throws Exception {
        Path file = dir.resolve("traced.jfr");
        try (Session session = Tracing.createSession(SessionConfig.builder("jfr-traced").backend("jfr")
                .enable("jfrtest.traced:*").setting("stackTrace", "true").build());
                Recording recording = new Recording()) {
            session.start();
            recording.enable("jfrtest.traced.traced");
            recording.start();
            await(TRACED::tracedEnabled, "on once the recording starts");
            TRACED.traced(1);
            recording.stop();
            recording.dump(file);
        }
        RecordedEvent event = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("jfrtest.traced.traced")).findFirst().orElseThrow();
        assertNotNull(event.getStackTrace(), "a stack trace");
        assertTrue(event.getStackTrace().getFrames().stream().map(RecordedFrame::getMethod)
                .anyMatch(m -> m.getName().equals("theStackTraceSettingRecordsStackTraces")), "the test method is on the stack");
    }

    @Test
    void invalidSettingsAreRefusedNamingTheRemedy() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Tracing.createSession(
                SessionConfig.builder("jfr-bad").backend("jfr").setting("stackTrace", "yes").build()));
        assertEquals("jfr backend of session 'jfr-bad': setting 'stackTrace' is 'yes', which is neither true nor false; "
                + "set it to true or false, or leave it unset for false", bad.getMessage());
        IllegalArgumentException recheck = assertThrows(IllegalArgumentException.class, () -> Tracing.createSession(
                SessionConfig.builder("jfr-bad").backend("jfr").setting("recheckMillis", "-1").build()));
        assertTrue(recheck.getMessage().startsWith("jfr backend of session 'jfr-bad': setting 'recheckMillis' is '-1'"),
                recheck.getMessage());
    }

    /** A runtime without jdk.jfr (a class path application, limited as a jlink image would be) gets one clear line. */
    @Test
    void aRuntimeWithoutJdkJfrGetsOneClearMessage() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "--limit-modules", "java.base,java.management,java.logging",
                "-cp", System.getProperty("java.class.path"), NoJfrApp.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("refused: jfr backend of session 'no-jfr': this Java runtime has no jdk.jfr module, so it "
                + "cannot record to JDK Flight Recorder; run on a full JDK or JRE, or add the module to the runtime image "
                + "(jlink --add-modules jdk.jfr), or choose another backend"), output);
        assertFalse(output.contains("NoClassDefFoundError"), output);
    }

    /** The child JVM of {@link #aRuntimeWithoutJdkJfrGetsOneClearMessage}. */
    public static final class NoJfrApp {
        public static void main(String[] args) {
            try {
                Tracing.createSession(SessionConfig.builder("no-jfr").backend("jfr").build());
                System.out.println("created");
            } catch (IllegalArgumentException e) {
                System.out.println("refused: " + e.getMessage());
            }
        }
    }
}
