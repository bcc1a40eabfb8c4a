package io.waymark.benchmarks;

import io.waymark.Waymark;
import io.waymark.benchmarks.many.Many099;
import io.waymark.benchmarks.many.ManyProviders;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of a dormant tracepoint against a baseline that only consumes the same three arguments.
 * Targets: {@code dormant} and {@code dormantManyDeclared} at most 1.10 x {@code baseline}, 0 B/op
 * (run with {@code -prof gc}); see docs/performance.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(5)
@State(Scope.Thread)
public class DormantTracepointBenchmark {

    long orderId = 42L;
    int quantity = 3;
    String sku = "SKU-000000000001";

    /** Held the way applications hold a provider: in a {@code static final} field. */
    static final BenchEvents EVENTS = Waymark.provider(BenchEvents.class);

    /** One of 10,000 declared tracepoints (100 providers), all loaded and registered first. */
    static final class ManyDeclared {
        static final Many099 PROVIDER = loadAll();

        private static Many099 loadAll() {
            Object last = null;
            for (Class<?> provider : ManyProviders.ALL) {
                last = Waymark.provider(provider);
            }
            long declared = Tracing.providers().stream().filter(p -> p.name().startsWith("bench.many"))
                    .mapToLong(p -> p.events().size()).sum();
            if (declared != 10_000) {
                throw new IllegalStateException("expected 10,000 registered tracepoints, found " + declared);
            }
            return (Many099) last;
        }
    }

    /** Loads the 10,000 tracepoints before {@code dormantManyDeclared} only. */
    @State(Scope.Benchmark)
    public static class ManyLoaded {
        @Setup
        public void load() {
            if (ManyDeclared.PROVIDER == null) {
                throw new IllegalStateException("providers not loaded");
            }
        }
    }

    @Benchmark
    public void baseline(Blackhole blackhole) {
        blackhole.consume(orderId);
        blackhole.consume(quantity);
        blackhole.consume(sku);
    }

    /**
     * Control: a method with nothing in it. A dormant tracepoint compiles to exactly this, so the
     * two share whatever the measurement loop itself costs on a given machine.
     */
    @Benchmark
    public void empty() {
        // intentionally empty
    }

    @Benchmark
    public void dormant() {
        EVENTS.orderPlaced(orderId, quantity, sku);
    }

    @Benchmark
    public void dormantManyDeclared(ManyLoaded loaded) {
        ManyDeclared.PROVIDER.event99(orderId, quantity, sku);
    }
}
