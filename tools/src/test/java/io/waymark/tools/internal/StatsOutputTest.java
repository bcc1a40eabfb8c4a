package io.waymark.tools.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import io.waymark.spi.DiscardReason;
import io.waymark.spi.Event;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code waymark stats} on the sessions as this JVM's own runtime publishes them (the MXBean's composite values,
 * read with a plain JMX client): recorded events, and one line per reason a session discarded events for.
 */
class StatsOutputTest {

    @AfterEach
    void closeSessions() {
        Tracing.sessions().forEach(Session::close);
    }

    /** Reports what a lossy destination would: 40 kept, 7 lost to full buffers, 2 to a failing write. */
    private static final class Lossy implements Backend {
        @Override
        public void onEvent(Event event) {}

        @Override
        public long recordedEvents() {
            return 40;
        }

        @Override
        public long discardedEvents(DiscardReason reason) {
            return reason == DiscardReason.BUFFER_FULL ? 7 : reason == DiscardReason.WRITE_FAILED ? 2 : 0;
        }
    }

    private static BackendFactory factory(String name, Backend backend) {
        return new BackendFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String requestedSpiVersion() {
                return SPI_VERSION;
            }

            @Override
            public Backend create(BackendContext context) {
                return backend;
            }
        };
    }

    private static List<CompositeData> sessions() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!server.isRegistered(TracingClient.NAME)) { // registered by the runtime's daemon thread, soon after it started
            assertTrue(System.nanoTime() < deadline, "the MXBean registered within 10 s");
            Thread.sleep(5);
        }
        return Arrays.asList((CompositeData[]) server.getAttribute(TracingClient.NAME, "Sessions"));
    }

    private static String print(boolean json) throws Exception {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            StatsCommand.print(4242, json, sessions(), List.of(), out);
        }
        return text.toString();
    }

    @Test
    void oneLinePerReasonASessionDiscardedEventsFor() throws Exception {
        Tracing.createSession(SessionConfig.builder("lossy").backend(factory("lossy", new Lossy())).build()).start();
        Tracing.createSession(SessionConfig.builder("quiet").backend(factory("quiet", event -> {})).build());

        String text = print(false);
        assertEquals(List.of(
                "SESSION  STATE    TRACEPOINTS  RECORDED  DISCARDED  BACKEND FAILURES  DETACHED",
                "lossy    RUNNING  0            40        9          0                 no",
                "quiet    CREATED  0            -         0          0                 no",
                "",
                "SESSION  DISCARDED  REASON        REMEDY",
                "lossy    7          BUFFER_FULL   " + Output.remedy("BUFFER_FULL"),
                "lossy    2          WRITE_FAILED  " + Output.remedy("WRITE_FAILED")), text.lines().toList(), text);
    }

    @Test
    void jsonGivesEveryReasonInItsOrder() throws Exception {
        Tracing.createSession(SessionConfig.builder("lossy").backend(factory("lossy", new Lossy())).build()).start();

        String json = print(true);
        Map<String, Object> session = io.waymark.tools.Json.object(
                io.waymark.tools.Json.array(io.waymark.tools.Json.object(io.waymark.tools.Json.parse(json)).get("sessions")).get(0));
        assertEquals(List.of("name", "state", "tracepoints", "recordedEvents", "discardedEvents", "discardedByReason",
                "backendFailures", "backendDetached"), List.copyOf(session.keySet()), json);
        assertEquals(40L, session.get("recordedEvents"));
        assertEquals(9L, session.get("discardedEvents"));
        Map<String, Object> expected = new LinkedHashMap<>();
        for (DiscardReason reason : DiscardReason.values()) {
            expected.put(reason.name(), reason == DiscardReason.BUFFER_FULL ? 7L : reason == DiscardReason.WRITE_FAILED ? 2L : 0L);
        }
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(io.waymark.tools.Json.object(session.get("discardedByReason")).entrySet()));
    }
}
