package io.waymark.benchmarks;

import io.waymark.Waymark;
import io.waymark.backend.jfr.JfrBackendFactory;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.Stability;
import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.AnnotationElement;
import jdk.jfr.Event;
import jdk.jfr.EventFactory;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.StackTrace;
import jdk.jfr.ValueDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The JFR backend against JFR itself, same event (long, int, 16-character String), in one run. Targets (see
 * docs/performance.md): {@code waymarkToJfr} at most 1.2 x {@code handWrittenJfr} with no more B/op, under a
 * running in-memory recording; {@code dormant} (JFR backend selected, no recording) at most 1.10 x
 * {@code dormantBaseline}, 0 B/op. {@code eventFactoryJfr} is the road not taken: the same event made with
 * {@link EventFactory}, which boxes every value. {@code jfrArgumentsHandle} is the backend's arguments handle
 * ({@code Backend.argumentConsumer}) called directly, without the runtime around it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(8)
@State(Scope.Thread)
public class JfrBackendBenchmark {

    long orderId = 42L;
    int quantity = 3;
    String sku = "SKU-000000000001";
    byte[] skuBytes = sku.getBytes(StandardCharsets.UTF_8);

    static final BenchEvents EVENTS = Waymark.provider(BenchEvents.class);

    /** The hand-written static JFR event with the same three fields. */
    @Name("waymark.bench.HandWritten")
    @StackTrace(false)
    static final class HandWrittenEvent extends Event {
        long orderId;
        int quantity;
        String sku;
    }

    /** The event of {@code jfrArgumentsHandle}: {@code orderPlaced}'s fields, another provider (another JFR event). */
    static final EventType DIRECT_TYPE = new EventType("bench.direct", "orderPlaced", 1, Stability.STABLE,
            io.waymark.Level.INFO, List.of(FieldDescriptor.of("orderId", FieldType.LONG),
                    FieldDescriptor.of("quantity", FieldType.INT), FieldDescriptor.of("sku", FieldType.STRING)));

    /** Set by the trial's set-up, before the first {@code jfrArgumentsHandle} initialises {@link DirectConsumer}. */
    static volatile MethodHandle pendingConsumer;

    /** The backend's arguments handle as a constant, as a generated tracepoint holds its handle. */
    static final class DirectConsumer {
        static final MethodHandle CONSUMER = pendingConsumer;
    }

    /** A recording of the hand-written, the factory-made and the Waymark event, in memory, and a JFR session. */
    @State(Scope.Benchmark)
    public static class Recorded {
        Recording recording;
        Session session;
        EventFactory factory;
        Backend direct;

        @Setup(Level.Trial)
        public void start() throws InterruptedException {
            direct = new JfrBackendFactory().create(new BackendContext("jfr-direct", ClockAnchor.now(),
                    Map.of("recheckMillis", "0")));
            direct.wants(DIRECT_TYPE);
            pendingConsumer = direct.argumentConsumer(DIRECT_TYPE,
                    MethodType.methodType(void.class, long.class, int.class, String.class));
            factory = EventFactory.create(List.of(new AnnotationElement(Name.class, "waymark.bench.Factory"),
                    new AnnotationElement(StackTrace.class, false)), List.of(
                    new ValueDescriptor(long.class, "orderId"), new ValueDescriptor(int.class, "quantity"),
                    new ValueDescriptor(String.class, "sku")));
            factory.register();
            session = Tracing.createSession(SessionConfig.builder("jfr-benchmark").backend(new JfrBackendFactory())
                    .enable("bench:orderPlaced", "bench:orderCounted").build());
            session.start();
            recording = new Recording();
            recording.setToDisk(false);
            recording.enable(HandWrittenEvent.class).withoutStackTrace();
            recording.enable("waymark.bench.Factory").withoutStackTrace();
            recording.enable("bench.orderPlaced").withoutStackTrace();
            recording.enable("bench.orderCounted").withoutStackTrace();
            recording.enable("bench.direct.orderPlaced").withoutStackTrace();
            recording.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!EVENTS.orderPlacedEnabled()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("bench:orderPlaced not enabled 5 s after the recording started");
                }
                Thread.sleep(1);
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            recording.stop();
            recording.close();
            session.close();
            direct.close();
        }
    }

    /** A JFR session and no recording: the tracepoint must be dormant. */
    @State(Scope.Benchmark)
    public static class NoRecording {
        Session session;

        @Setup(Level.Trial)
        public void start() throws InterruptedException {
            session = Tracing.createSession(SessionConfig.builder("jfr-dormant").backend(new JfrBackendFactory())
                    .enable("bench:orderPlaced").build());
            session.start();
            Thread.sleep(100); // the runtime's re-targeting
            if (EVENTS.orderPlacedEnabled()) {
                throw new IllegalStateException("bench:orderPlaced is enabled without a recording");
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            session.close();
        }
    }

    @Benchmark
    public void handWrittenJfr(Recorded recorded) {
        HandWrittenEvent event = new HandWrittenEvent();
        event.orderId = orderId;
        event.quantity = quantity;
        event.sku = sku;
        event.commit();
    }

    /**
     * The hand-written event with a new {@code String} of the same 16 characters each time, decoded from UTF-8
     * as the backend's view decodes it: separates what a fresh string costs JFR from the rest of Waymark's path.
     */
    @Benchmark
    public void handWrittenJfrFreshString(Recorded recorded) {
        HandWrittenEvent event = new HandWrittenEvent();
        event.orderId = orderId;
        event.quantity = quantity;
        event.sku = new String(skuBytes, 0, skuBytes.length, StandardCharsets.UTF_8);
        event.commit();
    }

    @Benchmark
    public void eventFactoryJfr(Recorded recorded) {
        Event event = recorded.factory.newEvent();
        event.set(0, orderId);
        event.set(1, quantity);
        event.set(2, sku);
        event.commit();
    }

    @Benchmark
    public void waymarkToJfr(Recorded recorded) {
        EVENTS.orderPlaced(orderId, quantity, sku);
    }

    /**
     * The JFR backend's arguments handle ({@code Backend.argumentConsumer}) called directly, without the runtime:
     * what the backend's own part of {@code waymarkToJfr} costs.
     */
    @Benchmark
    public void jfrArgumentsHandle(Recorded recorded) throws Throwable {
        DirectConsumer.CONSUMER.invokeExact(orderId, quantity, sku);
    }

    /** The JFR backend with an event of two fields (long, int) and no string. */
    @Benchmark
    public void waymarkToJfrNoString(Recorded recorded) {
        EVENTS.orderCounted(orderId, quantity);
    }

    @Benchmark
    public void dormantBaseline(Blackhole blackhole) {
        blackhole.consume(orderId);
        blackhole.consume(quantity);
        blackhole.consume(sku);
    }

    @Benchmark
    public void dormant(NoRecording noRecording) {
        EVENTS.orderPlaced(orderId, quantity, sku);
    }
}
