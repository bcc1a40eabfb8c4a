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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Filters at the source (docs/filters.md): on the tracepoint's arguments, before anything is encoded
 * (the one filtering session's filter decides alone). One session with a discarding backend, in three
 * set-ups ({@code mode}):
 * <ul>
 *   <li>{@code dormant}: no session enables {@code bench:orderPlaced} (the floor);</li>
 *   <li>{@code unfiltered}: {@code bench:orderPlaced} and {@code bench:orderCounted} enabled, no filter (today's enabled cost);</li>
 *   <li>{@code filtered}: {@code bench:orderPlaced[orderId > 1000 && sku == "a*"]} and {@code bench:orderCounted}.</li>
 * </ul>
 * {@code rejected} passes an order whose id matches and whose SKU does not (rejected on the string
 * comparison), {@code accepted} one that matches both; {@code counted} is {@code bench:orderCounted},
 * which no filtering rule selects: it must cost the same in {@code unfiltered} and {@code filtered}.
 * Run with {@code -prof gc} for B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(8)
@State(Scope.Thread)
public class FilterBenchmark {

    static final BenchEvents EVENTS = Waymark.provider(BenchEvents.class);

    @Param({"dormant", "unfiltered", "filtered"})
    String mode;

    long orderId = 2000L;
    int quantity = 3;
    String rejectedSku = "SKU-000000000001";
    String acceptedSku = "a-00000000000001";

    Session session;

    @Setup
    public void setUp() {
        SessionConfig.Builder builder = SessionConfig.builder("benchmark").backend(new DiscardingBackendFactory());
        switch (mode) {
            case "dormant" -> builder.enable("nothing:*");
            case "unfiltered" -> builder.enable("bench:orderPlaced", "bench:orderCounted");
            case "filtered" -> builder.enable("bench:orderPlaced[orderId > 1000 && sku == \"a*\"]", "bench:orderCounted");
            default -> throw new IllegalArgumentException(mode);
        }
        session = Tracing.createSession(builder.build());
        session.start();
    }

    @TearDown
    public void tearDown() {
        session.close();
    }

    @Benchmark
    public void rejected() {
        EVENTS.orderPlaced(orderId, quantity, rejectedSku);
    }

    @Benchmark
    public void accepted() {
        EVENTS.orderPlaced(orderId, quantity, acceptedSku);
    }

    @Benchmark
    public void counted() {
        EVENTS.orderCounted(orderId, quantity);
    }
}
