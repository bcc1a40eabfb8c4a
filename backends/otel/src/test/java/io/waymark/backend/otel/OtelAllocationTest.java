package io.waymark.backend.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.oteltest.ShopEvents;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The emitting thread allocates nothing, with a span active, whether the event is copied into the buffer
 * or dropped because it is full: counted with the JVM's per-thread allocation counter (not timed). JMH's
 * {@code -prof gc} counts every thread, the export thread's log records included, so it cannot show this.
 */
class OtelAllocationTest {

    private static final ShopEvents SHOP = Waymark.provider(ShopEvents.class);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Bytes allocated by one run of {@code work} after a warm-up run: the least of five rounds (see core's AllocationTest). */
    private static long allocatedBy(Runnable work) {
        work.run();
        long id = Thread.currentThread().getId();
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = THREADS.getThreadAllocatedBytes(id);
            work.run();
            least = Math.min(least, THREADS.getThreadAllocatedBytes(id) - before);
        }
        return least;
    }

    @Test
    void anEnabledEventWithASpanActiveAllocatesNothingOnTheEmittingThread() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start(); SdkTracerProvider tracing = OtelExportTest.tracing()) {
            Session session = Tracing.createSession(SessionConfig.builder("otel-alloc").backend(new OtelBackendFactory())
                    .enable("oteltest.shop:orderPlaced").setting(OtelBackendFactory.ENDPOINT, receiver.endpoint())
                    .setting(OtelBackendFactory.USE_GLOBAL, "false").setting(OtelBackendFactory.BUFFER_SIZE, "1024").build());
            session.start();
            OtelBackend backend = (OtelBackend) session.backend();
            Span span = tracing.get("test").spanBuilder("request").startSpan();
            String sku = "SKU-0000";
            long allocated;
            try (Scope scope = span.makeCurrent()) {
                allocated = allocatedBy(() -> {
                    for (int i = 0; i < 100_000; i++) {
                        SHOP.orderPlaced(i, 1, sku); // 100,000 against 1,024 slots: copied ones and dropped ones
                    }
                });
            } finally {
                span.end();
            }
            session.close();
            assertTrue(backend.argumentConsumers() > 0, "the tracepoint took the arguments path");
            assertEquals(0, allocated);
            assertTrue(backend.deliveredEvents() > 0 && backend.discardedEvents() > 0,
                    backend.deliveredEvents() + " delivered, " + backend.discardedEvents() + " discarded: both paths ran");
        }
    }
}
