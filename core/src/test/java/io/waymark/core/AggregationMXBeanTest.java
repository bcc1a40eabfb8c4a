package io.waymark.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.core.fixtures.AggEvents;
import io.waymark.core.fixtures.PaymentMethod;
import io.waymark.core.management.AggregationInfo;
import io.waymark.core.management.TracingMXBean;
import java.lang.management.ManagementFactory;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Aggregations through the management interface: created from outside, read as open data by a client without Waymark's classes. */
class AggregationMXBeanTest {

    private static final AggEvents EVENTS = Waymark.provider(AggEvents.class);

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private ObjectName name;

    @BeforeEach
    void awaitRegistration() throws Exception {
        name = new ObjectName(TracingMXBean.OBJECT_NAME);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!server.isRegistered(name)) {
            assertTrue(System.nanoTime() < deadline, TracingMXBean.OBJECT_NAME + " registered within 10 s");
            Thread.sleep(5);
        }
    }

    @AfterEach
    void closeSessions() {
        Tracing.sessions().forEach(Session::close);
    }

    @Test
    void aSessionWithoutBackendAggregatesAndAGenericClientReadsTheCounters() throws Exception {
        server.invoke(name, "createSession", new Object[] {"agg", "none", new String[0]},
                new String[] {String.class.getName(), String.class.getName(), String[].class.getName()});
        Object added = server.invoke(name, "aggregate", new Object[] {"agg", "lat = coretest.agg:responseSent hist(micros) by (method)"},
                new String[] {String.class.getName(), String.class.getName()});
        assertEquals("lat", added);
        server.invoke(name, "start", new Object[] {"agg"}, new String[] {String.class.getName()});
        for (int i = 0; i < 10; i++) {
            EVENTS.responseSent("/", i < 6 ? PaymentMethod.CARD : null, 200, 100 + i, 0, null);
        }
        assertArrayEquals(new String[] {"lat = coretest.agg:responseSent hist(micros) by (method)"},
                (String[]) server.invoke(name, "aggregations", new Object[] {"agg"}, new String[] {String.class.getName()}));
        CompositeData data = (CompositeData) server.invoke(name, "aggregation", new Object[] {"agg", "lat"},
                new String[] {String.class.getName(), String.class.getName()});
        assertEquals("hist", data.get("function"));
        assertEquals(0L, data.get("droppedKeys"));
        CompositeData[] entries = (CompositeData[]) data.get("entries");
        assertEquals(2, entries.length);
        assertArrayEquals(new String[] {"CARD"}, (String[]) entries[0].get("key"));
        assertEquals(6L, entries[0].get("count"));
        assertEquals("615", entries[0].get("sum"));
        assertEquals("105", entries[0].get("max"));
        assertArrayEquals(new String[] {null}, (String[]) entries[1].get("key"));
        long[] buckets = (long[]) entries[1].get("buckets");
        long[] bounds = (long[]) data.get("bucketBounds");
        assertEquals(bounds.length, buckets.length + 1);
        assertEquals(4L, java.util.Arrays.stream(buckets).sum());

        // a proxy reads the same through the Waymark types
        TracingMXBean proxy = JMX.newMXBeanProxy(server, name, TracingMXBean.class);
        AggregationInfo info = proxy.aggregation("agg", "lat");
        assertEquals(6, info.getEntries().get(0).getCount());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> proxy.aggregation("agg", "nope"));
        assertEquals("session 'agg' has no aggregation called 'nope'; it has lat", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> proxy.aggregate("agg", "coretest.agg:responseSent sum(path)"));
        assertTrue(e.getMessage().contains("field 'path' of coretest.agg:responseSent is String; sum needs a number"), e.getMessage());
        RuntimeMBeanException generic = assertThrows(RuntimeMBeanException.class, () -> server.invoke(name, "aggregate",
                new Object[] {"agg", "coretest.agg:responseSent count("}, new String[] {String.class.getName(), String.class.getName()}));
        assertTrue(generic.getCause().getMessage().startsWith("argument spec: aggregation 'coretest.agg:responseSent count('"),
                generic.getCause().getMessage());
    }
}
