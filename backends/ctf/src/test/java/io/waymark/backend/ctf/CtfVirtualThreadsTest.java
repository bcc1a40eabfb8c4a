package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.BackendContext;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.probe.Probe;
import io.waymark.spi.probe.ProbeRegistry;
import io.waymark.spi.probe.ProbeTarget;
import io.waymark.spi.wire.EventWriter;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;

/**
 * Virtual threads writing in place: each takes the stripe its id names, as a platform thread does,
 * and borrows nothing. Runs on Java 21 and later (`.ci/run` runs the suite on Java 25 too).
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class CtfVirtualThreadsTest {

    private static final String PROVIDER = "ctftest.virtual";
    private static final EventType TICK = new EventType(PROVIDER, "tick", 1, Stability.STABLE, Level.INFO,
            List.of(FieldDescriptor.of("seq", FieldType.INT), FieldDescriptor.of("where", FieldType.STRING)));
    private static final ProviderDescriptor DESCRIPTOR = new ProviderDescriptor(PROVIDER, "Virtual", List.of(TICK));
    private static final Probe PROBE = ProbeRegistry.register(DESCRIPTOR)[0];

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; compiled for 17
    void manyVirtualThreadsWriteInPlaceAndEveryEventIsRecordedWithItsThread() throws Exception {
        Path trace = dir.resolve("virtual");
        CtfBackend backend = new CtfBackendFactory().create(new BackendContext("virtual", ClockAnchor.now(), Map.of(
                "directory", trace.toString(), "streams", "4", "subbuffer-size", "65536", "subbuffer-count", "64")));
        backend.onProviderRegistered(DESCRIPTOR, PROBE.providerIndex());
        InPlaceTarget target = new InPlaceTarget(backend);
        Probe.update(Map.of(PROBE, target));
        int count = 20_000;
        Map<Integer, Long> threadOf = new ConcurrentHashMap<>();
        Method startVirtualThread = Thread.class.getMethod("startVirtualThread", Runnable.class);
        List<Thread> threads = new ArrayList<>();
        try {
            assertNotNull(PROBE.recordSink(), "the probe writes in place");
            for (int i = 0; i < count; i++) {
                int seq = i;
                threads.add((Thread) startVirtualThread.invoke(null, (Runnable) () -> {
                    threadOf.put(seq, Thread.currentThread().getId());
                    EventWriter writer = PROBE.begin();
                    writer.putInt(seq);
                    writer.putString("virtual", 2);
                    PROBE.commit(writer);
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
        } finally {
            Probe.update(Map.of(PROBE, ProbeTarget.NONE));
        }
        backend.close();
        assertEquals(0, target.dispatched(), "written in place, never dispatched");
        assertEquals(0, backend.discardedEvents());

        Map<Integer, Long> recorded = new HashMap<>();
        CtfTraceReader.open(trace).forEach(e -> {
            assertEquals("virtual", e.getString(1));
            recorded.put(e.getInt(0), e.threadId());
        });
        assertEquals(count, recorded.size(), "every event, once");
        assertEquals(threadOf, recorded, "each event carries the id of the virtual thread that wrote it");
    }
}
