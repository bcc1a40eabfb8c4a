package io.waymark.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.core.fixtures.RecordingBackend;
import io.waymark.core.fixtures.ShopEvents;
import io.waymark.core.management.SessionInfo;
import io.waymark.core.management.TracepointInfo;
import io.waymark.core.management.TracingMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runtime's own MXBean, registered when it started, seen in-process as any JMX client sees it. */
class TracingMXBeanTest {

    private static final ShopEvents SHOP = Waymark.provider(ShopEvents.class);

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final RecordingBackend.Factory factory = new RecordingBackend.Factory("recording");
    private ObjectName name;

    @BeforeEach
    void awaitRegistration() throws Exception {
        name = new ObjectName(TracingMXBean.OBJECT_NAME);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!server.isRegistered(name)) { // registered by the runtime's daemon thread, soon after it started
            assertTrue(System.nanoTime() < deadline, TracingMXBean.OBJECT_NAME + " registered within 10 s");
            Thread.sleep(5);
        }
    }

    @AfterEach
    void closeSessions() {
        Tracing.sessions().forEach(Session::close);
    }

    @Test
    void theRuntimeRegistersItAndPublishesItsVersion() throws Exception {
        String version = System.getProperty("io.waymark.version");
        assertTrue(version != null && version.matches("\\d+\\.\\d+\\.\\d+.*"), "io.waymark.version=" + version);
        assertEquals(version, server.getAttribute(name, "Version"));
        assertEquals("on", server.getAttribute(name, "Control"));
        assertArrayEquals(Tracing.backendNames().toArray(new String[0]), (String[]) server.getAttribute(name, "BackendNames"));
    }

    @Test
    void tracepointsSayWhichSessionsReceiveThem() throws Exception {
        Session session = Tracing.createSession(SessionConfig.builder("checkout").backend(factory)
                .enable("coretest.shop:*").disable("coretest.shop:cacheMiss").build());
        session.start();
        Tracing.createSession(SessionConfig.builder("idle").backend(factory).enable("coretest.shop:*").build());

        CompositeData[] tracepoints = (CompositeData[]) server.getAttribute(name, "Tracepoints");
        CompositeData placed = Arrays.stream(tracepoints)
                .filter(t -> t.get("provider").equals("coretest.shop") && t.get("event").equals("orderPlaced"))
                .findFirst().orElseThrow();
        assertEquals(1, placed.get("id"));
        assertEquals("STABLE", placed.get("stability"));
        assertEquals("INFO", placed.get("level"));
        assertEquals(1, placed.get("version"));
        assertEquals(true, placed.get("enabled"));
        assertArrayEquals(new String[] {"checkout"}, (String[]) placed.get("sessions"), "a session that is not running receives nothing");

        TracingMXBean proxy = JMX.newMXBeanProxy(server, name, TracingMXBean.class);
        TracepointInfo miss = proxy.getTracepoints().stream()
                .filter(t -> t.getProvider().equals("coretest.shop") && t.getEvent().equals("cacheMiss"))
                .findFirst().orElseThrow();
        assertEquals("UNSTABLE", miss.getStability());
        assertEquals("DEBUG", miss.getLevel());
        assertFalse(miss.isEnabled());
        assertEquals(List.of(), miss.getSessions());
        assertEquals(SHOP.orderPlacedEnabled(), true);
    }

    @Test
    void theApplicationsSessionsAreSeenAndSteeredFromOutside() throws Exception {
        Session session = Tracing.createSession(SessionConfig.builder("app").backend(factory).build());
        TracingMXBean proxy = JMX.newMXBeanProxy(server, name, TracingMXBean.class);
        assertEquals(List.of("app"), proxy.getSessions().stream().map(s -> s.getName()).toList());
        assertFalse(proxy.getSessions().get(0).isExternal());

        server.invoke(name, "enable", new Object[] {"app", "coretest.shop:orderPlaced"},
                new String[] {String.class.getName(), String.class.getName()});
        proxy.start("app");
        SHOP.orderPlaced(7, 1, "from outside");
        assertEquals(List.of("coretest.shop:orderPlaced[7, 1, from outside]"), List.copyOf(factory.last().events));
        assertEquals(SessionState.RUNNING, session.state());

        RuntimeMBeanException e = assertThrows(RuntimeMBeanException.class, () -> server.invoke(name, "stop",
                new Object[] {"ghost"}, new String[] {String.class.getName()}));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertEquals("no session named 'ghost'; sessions: [app]", e.getCause().getMessage());
        IllegalArgumentException direct = assertThrows(IllegalArgumentException.class, () -> proxy.stop("ghost"));
        assertEquals("no session named 'ghost'; sessions: [app]", direct.getMessage());
        assertEquals(SessionState.RUNNING, session.state(), "a bad call leaves the application's session alone");
    }

    @Test
    void filtersAreSetAndCheckedThroughTheMxBean() throws Exception {
        Session session = Tracing.createSession(SessionConfig.builder("app").backend(factory).build());
        String[] signature = {String.class.getName(), String.class.getName()};
        server.invoke(name, "enable", new Object[] {"app", "coretest.shop:orderPlaced[quantity >= 2 && sku == \"big-*\"]"}, signature);
        RuntimeMBeanException e = assertThrows(RuntimeMBeanException.class, () -> server.invoke(name, "enable",
                new Object[] {"app", "coretest.shop:orderPlaced[sku > 2]"}, signature));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("type mismatch: field 'sku' (String) > the integer 2"), e.getCause().getMessage());
        assertEquals(List.of("coretest.shop:orderPlaced[quantity >= 2 && sku == \"big-*\"]"), session.rules(), "nothing changed");
        session.start();
        SHOP.orderPlaced(1, 1, "big-one");
        SHOP.orderPlaced(2, 2, "big-two");
        SHOP.orderPlaced(3, 2, "small");
        assertEquals(List.of("coretest.shop:orderPlaced[2, 2, big-two]"), List.copyOf(factory.last().events));
    }

    /** A backend that keeps nothing of its own: it reports 3 recorded, 7 lost to a full buffer, and throws on quantity 0. */
    private static final class Lossy implements io.waymark.spi.Backend {
        @Override
        public void onEvent(io.waymark.spi.Event event) {
            if (event.getInt(1) == 0) {
                throw new IllegalStateException("lossy backend: quantity 0");
            }
        }

        @Override
        public long recordedEvents() {
            return 3;
        }

        @Override
        public long discardedEvents(io.waymark.spi.DiscardReason reason) {
            return reason == io.waymark.spi.DiscardReason.BUFFER_FULL ? 7 : 0;
        }
    }

    @Test
    void aPlainJmxClientReadsTheRecordedAndDiscardedEventsByReason() throws Exception {
        io.waymark.spi.BackendFactory lossy = new io.waymark.spi.BackendFactory() {
            @Override
            public String name() {
                return "lossy";
            }

            @Override
            public String requestedSpiVersion() {
                return SPI_VERSION;
            }

            @Override
            public io.waymark.spi.Backend create(io.waymark.spi.BackendContext context) {
                return new Lossy();
            }
        };
        Session session = Tracing.createSession(SessionConfig.builder("lossy").backend(lossy).enable("coretest.shop:orderPlaced").build());
        session.start();
        SHOP.orderPlaced(1, 0, "thrown on"); // the runtime counts it: BACKEND_FAILED
        SHOP.orderPlaced(2, 0, "thrown on");

        CompositeData info = Arrays.stream((CompositeData[]) server.getAttribute(name, "Sessions"))
                .filter(s -> s.get("name").equals("lossy")).findFirst().orElseThrow();
        assertEquals(3L, info.get("recordedEvents"));
        assertEquals(9L, info.get("discardedEvents"), "the total: the backend's 7 and the runtime's 2");
        TabularData byReason = (TabularData) info.get("discardedByReason");
        assertEquals(io.waymark.spi.DiscardReason.values().length, byReason.size(), "every reason, zeros included");
        assertEquals(7L, byReason.get(new Object[] {"BUFFER_FULL"}).get("value"));
        assertEquals(2L, byReason.get(new Object[] {"BACKEND_FAILED"}).get("value"));
        assertEquals(0L, byReason.get(new Object[] {"NESTING_TOO_DEEP"}).get("value"));
        assertEquals(2L, info.get("backendFailures"));

        SessionInfo proxied = JMX.newMXBeanProxy(server, name, TracingMXBean.class).getSessions().stream()
                .filter(s -> s.getName().equals("lossy")).findFirst().orElseThrow();
        assertEquals(3, proxied.getRecordedEvents());
        assertEquals(9, proxied.getDiscardedEvents());
        assertEquals(7L, proxied.getDiscardedByReason().get("BUFFER_FULL"));
        assertEquals(2L, proxied.getDiscardedByReason().get("BACKEND_FAILED"));
        assertEquals(Map.of(io.waymark.spi.DiscardReason.BUFFER_FULL, 7L, io.waymark.spi.DiscardReason.BACKEND_FAILED, 2L),
                session.statistics().discarded(), "the statistics say the same");
    }
}
