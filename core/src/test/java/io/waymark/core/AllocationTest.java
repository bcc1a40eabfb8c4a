package io.waymark.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waymark.Waymark;
import io.waymark.core.fixtures.AggEvents;
import io.waymark.core.fixtures.PaymentMethod;
import io.waymark.core.fixtures.ShopEvents;
import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import io.waymark.spi.Event;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Neither a dormant tracepoint nor an enabled one delivering to an allocation-free backend allocates,
 * counted with the JVM's per-thread allocation counter (not timed).
 */
class AllocationTest {

    private static final ShopEvents SHOP = Waymark.provider(ShopEvents.class);
    private static final AggEvents AGG = Waymark.provider(AggEvents.class);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private long sink;

    @AfterEach
    void closeSessions() {
        Tracing.sessions().forEach(Session::close);
    }

    /**
     * Bytes allocated by one run of {@code work} after a warm-up run: the least of five rounds, so
     * that one-off allocations (class loading, the counter's own first use) do not count, while
     * anything allocated per call (100,000 calls per round) shows in every round.
     */
    private long allocatedBy(Runnable work) {
        work.run(); // warm up: the first event creates the thread's record
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
    void dormantTracepointAllocatesNothing() {
        String sku = "SKU-0000";
        assertEquals(0, allocatedBy(() -> {
            for (int i = 0; i < 100_000; i++) {
                SHOP.orderPlaced(i, i, sku);
            }
        }));
    }

    @Test
    void enabledTracepointIntoAllocationFreeBackendAllocatesNothing() {
        BackendFactory summing = new BackendFactory() {
            @Override
            public String name() {
                return "summing";
            }

            @Override
            public String requestedSpiVersion() {
                return BackendFactory.SPI_VERSION;
            }

            @Override
            public Backend create(BackendContext context) {
                // reads what a binary backend reads: primitives in place and the encoded payload (decoding a String allocates one)
                return (Event event) -> sink += event.getLong(0) + event.getInt(1) + event.payloadSize();
            }
        };
        Session session = Tracing.createSession(SessionConfig.builder("alloc").backend(summing).enable("coretest.shop:orderPlaced").build());
        session.start();
        String sku = "SKU-0000";
        assertEquals(0, allocatedBy(() -> {
            for (int i = 0; i < 100_000; i++) {
                SHOP.orderPlaced(i, i, sku);
            }
        }));
        assertEquals(true, sink > 0);
    }

    @Test
    void updatingAnExistingAggregationKeyFromTheArgumentsAllocatesNothing() {
        Session session = Tracing.createSession(SessionConfig.builder("agg-alloc")
                .aggregate("keys = coretest.agg:hit count() by (key, method)", "hist = coretest.agg:hit hist(thread) by (key)").build());
        session.start();
        String key = "SKU-000000000042";
        String sameCharacters = new String(key.toCharArray()); // found by String.equals, not identity
        assertEquals(0, allocatedBy(() -> {
            for (int i = 0; i < 100_000; i++) {
                AGG.hit(i, (i & 1) == 0 ? key : sameCharacters, PaymentMethod.CARD);
            }
        }));
        assertEquals(600_000, session.aggregation("keys").entries().get(0).count());
        assertEquals(600_000, session.aggregation("hist").entries().get(0).count());
    }
}
