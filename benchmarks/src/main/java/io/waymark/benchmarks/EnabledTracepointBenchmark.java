package io.waymark.benchmarks;

import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of an enabled tracepoint delivering into a backend that discards the event, against the
 * floor under any timestamped event: one {@link System#nanoTime()} call. Target: {@code enabled} at
 * most 10 ns/op above {@code clock}, 0 B/op; see docs/performance.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(5)
@State(Scope.Thread)
public class EnabledTracepointBenchmark {

    long orderId = 42L;
    int quantity = 3;
    String sku = "SKU-000000000001";
    /** 1,024 distinct 16-character strings, for call sites that never pass the same instance twice in a row. */
    final String[] skus = BenchEvents.distinctSkus(1024);
    int next;

    static final BenchEvents EVENTS = Waymark.provider(BenchEvents.class);

    Session session;

    @Setup
    public void setUp() {
        session = Tracing.createSession(SessionConfig.builder("benchmark")
                .backend(new DiscardingBackendFactory())
                .enable("bench:orderPlaced", "bench:orderCounted")
                .build());
        session.start();
    }

    @TearDown
    public void tearDown() {
        session.close();
    }

    @Benchmark
    public long clock() {
        return System.nanoTime();
    }

    @Benchmark
    public void enabled() {
        EVENTS.orderPlaced(orderId, quantity, sku);
    }

    /**
     * The same event with a different {@code String} instance every time (a formatted id, say): the
     * thread's string cache never hits, so this is the cost of encoding 16 characters at the call site.
     */
    @Benchmark
    public void enabledVaryingString() {
        EVENTS.orderPlaced(orderId, quantity, skus[next++ & 1023]);
    }

    /** The same event without the string field (long, int): what the 16-character UTF-8 encoding adds. */
    @Benchmark
    public void enabledNoString() {
        EVENTS.orderCounted(orderId, quantity);
    }
}
