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
import io.waymark.core.management.TracepointInfo;
import io.waymark.core.management.TracingMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
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
}
