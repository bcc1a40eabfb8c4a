package io.waymark.benchmarks;

import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Aggregations (docs/aggregations.md): updating an existing key made of a String field (16 characters)
 * and an enum field. One session with a discarding backend, by {@code mode}:
 * <ul>
 *   <li>{@code recorded}: {@code benchagg:paid} enabled, no aggregation (the baseline);</li>
 *   <li>{@code aggregated}: the same, and {@code count() by (sku, method)};</li>
 *   <li>{@code histogram}: the same, and {@code hist(micros) by (sku, method)};</li>
 *   <li>{@code aggregatedOnly}: only the aggregation {@code count() by (sku, method)}, nothing recorded.</li>
 * </ul>
 * {@code emit} runs on one thread, {@code emitTwoThreads} on two (JMH reports the time per operation per
 * thread: scaling = 2 × emit / emitTwoThreads), {@code emitVirtual} on a virtual thread (JDK 21 and later; a new
 * one per {@value #BATCH} events, its start amortised over them), {@code emitCopies} with a key string that is
 * another instance with the same characters at each call (found by {@code String.equals}, not identity).
 * Issue 18's target: {@code aggregated} ≤ {@code recorded} + 10 ns, 0 B/op, on platform and virtual threads, and
 * {@code emitTwoThreads} scaling ≥ 1.7. Run with {@code -prof gc} for B/op:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AggregationBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(8)
public class AggregationBenchmark {

    /** Events per invocation of {@link #emitVirtual}. */
    static final int BATCH = 10_000;

    static final AggBenchEvents EVENTS = Waymark.provider(AggBenchEvents.class);

    /** The session, shared by the benchmark's threads. */
    @State(Scope.Benchmark)
    public static class Sessions {
        @Param({"recorded", "aggregated", "histogram", "aggregatedOnly"})
        String mode;

        Session session;

        @Setup(Level.Trial)
        public void setUp() {
            SessionConfig.Builder builder = SessionConfig.builder("benchmark");
            switch (mode) {
                case "recorded" -> builder.backend(new DiscardingBackendFactory()).enable("benchagg:paid");
                case "aggregated" -> builder.backend(new DiscardingBackendFactory()).enable("benchagg:paid")
                        .aggregate("benchagg:paid count() by (sku, method)");
                case "histogram" -> builder.backend(new DiscardingBackendFactory()).enable("benchagg:paid")
                        .aggregate("benchagg:paid hist(micros) by (sku, method)");
                case "aggregatedOnly" -> builder.aggregate("benchagg:paid count() by (sku, method)");
                default -> throw new IllegalArgumentException(mode);
            }
            session = Tracing.createSession(builder.build());
            session.start();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (!mode.equals("recorded") && session.aggregation("agg1").droppedKeys() != 0) {
                throw new IllegalStateException("keys dropped");
            }
            session.close();
        }
    }

    /** Each thread's arguments: one key for every call. */
    @State(Scope.Thread)
    public static class Arguments {
        long micros = 1234;
        String sku = "SKU-000000000042";
        AggBenchEvents.Method method = AggBenchEvents.Method.CARD;
        /** Instances with the characters of {@link #sku}, each with its hash code already cached (as a reused key has). */
        final String[] copies = new String[8];
        int next;

        {
            for (int i = 0; i < copies.length; i++) {
                copies[i] = new String(sku.toCharArray());
                copies[i].hashCode();
            }
        }
    }

    /** A virtual-thread executor per benchmark thread ({@code null} before JDK 21: {@link #emitVirtual} fails then). */
    @State(Scope.Thread)
    public static class VirtualThreads {
        java.util.concurrent.ExecutorService executor;

        @Setup(Level.Trial)
        public void setUp() throws ReflectiveOperationException {
            if (Runtime.version().feature() >= 21) {
                executor = (java.util.concurrent.ExecutorService) java.util.concurrent.Executors.class
                        .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (executor != null) {
                executor.shutdown();
            }
        }
    }

    @Benchmark
    public void emit(Sessions sessions, Arguments args) {
        EVENTS.paid(args.micros, args.sku, args.method);
    }

    @Benchmark
    @Threads(2)
    public void emitTwoThreads(Sessions sessions, Arguments args) {
        EVENTS.paid(args.micros, args.sku, args.method);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void emitVirtual(Sessions sessions, Arguments args, VirtualThreads threads) throws Exception {
        if (threads.executor == null) {
            throw new IllegalStateException("emitVirtual needs JDK 21 or later (virtual threads)");
        }
        threads.executor.submit(() -> {
            for (int i = 0; i < BATCH; i++) {
                EVENTS.paid(args.micros, args.sku, args.method);
            }
        }).get();
    }

    @Benchmark
    public void emitCopies(Sessions sessions, Arguments args) {
        String sku = args.copies[args.next++ & 7];
        EVENTS.paid(args.micros, sku, args.method);
    }
}
