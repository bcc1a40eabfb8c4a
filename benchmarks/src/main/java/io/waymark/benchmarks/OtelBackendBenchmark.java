package io.waymark.benchmarks;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.waymark.Waymark;
import io.waymark.backend.otel.OtelBackend;
import io.waymark.backend.otel.internal.ArgumentWriters;
import io.waymark.backend.otel.internal.EventRing;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.spi.EventType;
import io.waymark.spi.wire.EventDecoder;
import io.waymark.spi.wire.RecordEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

/**
 * The emitting thread's cost of one enabled event (long, int, 16-character String) exported by the otel
 * backend, with an OpenTelemetry span active on the thread (so the backend really reads the span
 * context), against the same event recorded by the CTF backend and against a hand-written OpenTelemetry
 * log record of the same event ({@code logger.logRecordBuilder()...emit()} into the SDK's batch processor)
 * as the anchor. Targets (docs/performance.md): {@code otel} at most 2 × {@code ctf}, 0 B/op.
 *
 * <p>Every pipeline exports to an OTLP/HTTP endpoint on the loopback interface. No exporter keeps up with
 * tens of millions of events a second: the otel backend's buffer fills and most events take the drop path
 * (a full buffer: counted, not copied), and the SDK's batch processor drops too. The tear-downs print how
 * many events were exported and dropped. {@code ringOffer} measures the path of an event that is copied
 * (the buffer's offer with a span active, a thread draining it) so both paths have a figure.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(5)
public class OtelBackendBenchmark {

    static final BenchEvents EVENTS = Waymark.provider(BenchEvents.class);

    @State(Scope.Thread)
    public static class Arguments {
        long orderId = 42L;
        int quantity = 3;
        String sku = "SKU-000000000001";
    }

    /** A recording span made current on the benchmark thread for the whole trial. */
    @State(Scope.Thread)
    public static class ActiveSpan {
        SdkTracerProvider tracing;
        Span span;
        io.opentelemetry.context.Scope scope;

        @Setup(Level.Trial)
        public void start() {
            tracing = SdkTracerProvider.builder().addSpanProcessor(new SpanProcessor() {
                @Override
                public void onStart(Context parentContext, ReadWriteSpan span) {}

                @Override
                public boolean isStartRequired() {
                    return false;
                }

                @Override
                public void onEnd(ReadableSpan span) {}

                @Override
                public boolean isEndRequired() {
                    return false;
                }
            }).build();
            span = tracing.get("bench").spanBuilder("request").startSpan();
            scope = span.makeCurrent();
            if (!Span.current().getSpanContext().isValid()) {
                throw new IllegalStateException("no valid span is current");
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            scope.close();
            span.end();
            tracing.close();
        }
    }

    @State(Scope.Benchmark)
    public static class OtelSession {
        LoopbackReceiver receiver;
        Session session;

        @Setup(Level.Trial)
        public void start() throws IOException {
            receiver = new LoopbackReceiver();
            session = Tracing.createSession(SessionConfig.builder("otel-bench").backend("otel")
                    .setting("endpoint", receiver.endpoint()).setting("use-global", "false")
                    .enable("bench:orderPlaced").build());
            session.start();
        }

        @TearDown(Level.Trial)
        public void stop() {
            OtelBackend backend = (OtelBackend) session.backend();
            session.close();
            System.out.println("otel session: " + backend.deliveredEvents() + " delivered, " + backend.discardedEvents()
                    + " discarded; " + session.statistics());
            receiver.close();
        }
    }

    /**
     * The same session exporting to a collector that never answers: after the first batch the export thread
     * only waits, so the figure is the emitting thread's own cost (the drop path: the buffer is full) without
     * the export thread competing for the processors.
     */
    @State(Scope.Benchmark)
    public static class StalledOtelSession {
        LoopbackReceiver receiver;
        Session session;

        @Setup(Level.Trial)
        public void start() throws IOException {
            receiver = new LoopbackReceiver(true);
            session = Tracing.createSession(SessionConfig.builder("otel-bench-stalled").backend("otel")
                    .setting("endpoint", receiver.endpoint()).setting("use-global", "false").setting("close-timeout-ms", "100")
                    .enable("bench:orderPlaced").build());
            session.start();
        }

        @TearDown(Level.Trial)
        public void stop() {
            OtelBackend backend = (OtelBackend) session.backend();
            session.close();
            receiver.close();
            System.out.println("stalled otel session: " + backend.deliveredEvents() + " delivered, "
                    + backend.discardedEvents() + " discarded");
        }
    }

    /** The CTF backend's session, as in {@link CtfBackendBenchmark} (overwrite mode). */
    @State(Scope.Benchmark)
    public static class CtfSession {
        Path directory;
        Session session;

        @Setup(Level.Trial)
        public void start() throws IOException {
            directory = Files.createTempDirectory("waymark-ctf-bench");
            session = Tracing.createSession(SessionConfig.builder("ctf-bench").backend("ctf")
                    .setting("directory", directory.resolve("trace").toString()).setting("mode", "overwrite")
                    .enable("bench:orderPlaced").build());
            session.start();
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            session.close();
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** The SDK's own path: a logger of an SDK logger provider, batch processor, OTLP/HTTP exporter. */
    @State(Scope.Benchmark)
    public static class SdkLogs {
        static final AttributeKey<Long> ORDER_ID = AttributeKey.longKey("orderId");
        static final AttributeKey<Long> QUANTITY = AttributeKey.longKey("quantity");
        static final AttributeKey<String> SKU = AttributeKey.stringKey("sku");
        LoopbackReceiver receiver;
        SdkLoggerProvider provider;
        Logger logger;

        @Setup(Level.Trial)
        public void start() throws IOException {
            receiver = new LoopbackReceiver();
            provider = SdkLoggerProvider.builder().addLogRecordProcessor(BatchLogRecordProcessor.builder(
                    OtlpHttpLogRecordExporter.builder().setEndpoint(receiver.endpoint() + "/v1/logs").build()).build()).build();
            logger = provider.get("bench");
        }

        @TearDown(Level.Trial)
        public void stop() {
            provider.close();
            System.out.println("sdk logs: " + receiver.requests.get() + " requests, " + receiver.bytes.get() + " bytes");
            receiver.close();
        }
    }

    /** A buffer like the backend's, with a thread that empties it as fast as it fills, and one precoded event. */
    @State(Scope.Benchmark)
    public static class DrainedRing {
        EventRing ring;
        EventDecoder event;
        Thread drainer;
        volatile boolean running = true;

        @Setup(Level.Trial)
        public void start() {
            ring = new EventRing(8192, 256);
            EventType type = new EventType("bench", "orderPlaced", 1, io.waymark.Stability.STABLE, io.waymark.Level.INFO, List.of(
                    io.waymark.spi.FieldDescriptor.of("orderId", io.waymark.spi.FieldType.LONG),
                    io.waymark.spi.FieldDescriptor.of("quantity", io.waymark.spi.FieldType.INT),
                    io.waymark.spi.FieldDescriptor.of("sku", io.waymark.spi.FieldType.STRING)));
            event = new EventDecoder().wrap(type, RecordEncoder.encode(type, 0, System.nanoTime(), 1,
                    List.of(42L, 3, "SKU-000000000001")), 0);
            drainer = new Thread(() -> {
                EventRing.Visitor discard = slot -> {};
                while (running) {
                    if (!ring.poll(discard)) {
                        Thread.onSpinWait();
                    }
                }
            }, "ring-drainer");
            drainer.setDaemon(true);
            drainer.start();
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            running = false;
            drainer.join();
            System.out.println("ring: " + ring.dropped() + " dropped");
        }
    }

    @Benchmark
    public long clock() {
        return System.nanoTime();
    }

    @Benchmark
    public void ctf(CtfSession session, ActiveSpan span, Arguments arguments) {
        EVENTS.orderPlaced(arguments.orderId, arguments.quantity, arguments.sku);
    }

    @Benchmark
    public void otel(OtelSession session, ActiveSpan span, Arguments arguments) {
        EVENTS.orderPlaced(arguments.orderId, arguments.quantity, arguments.sku);
    }

    /** The emitting thread alone: the export thread waits on a collector that does not answer (every event dropped). */
    @Benchmark
    public void otelExportStalled(StalledOtelSession session, ActiveSpan span, Arguments arguments) {
        EVENTS.orderPlaced(arguments.orderId, arguments.quantity, arguments.sku);
    }

    /** The anchor: what an application pays to emit the same event as an OpenTelemetry log record itself. */
    @Benchmark
    public void otelSdkLogRecord(SdkLogs logs, ActiveSpan span, Arguments arguments) {
        logs.logger.logRecordBuilder()
                .setEventName("bench.orderPlaced")
                .setSeverity(Severity.INFO)
                .setTimestamp(Instant.now())
                .setAttribute(SdkLogs.ORDER_ID, arguments.orderId)
                .setAttribute(SdkLogs.QUANTITY, (long) arguments.quantity)
                .setAttribute(SdkLogs.SKU, arguments.sku)
                .emit();
    }

    /** The copy path in isolation: read the span context, copy the precoded record into a drained buffer. */
    @Benchmark
    public boolean ringOffer(DrainedRing ring, ActiveSpan span) {
        SpanContext context = Span.current().getSpanContext();
        return ring.ring.offer(ring.event, context.isValid() ? context : null);
    }

    /** The otel backend's arguments handle for {@code bench:orderPlaced}, a constant as in a generated tracepoint. */
    static final MutableCallSite ARGUMENTS_SITE = new MutableCallSite(MethodType.methodType(void.class, long.class, int.class, String.class));
    static final MethodHandle ARGUMENTS = ARGUMENTS_SITE.dynamicInvoker();

    static EventType benchType() {
        return new EventType("bench", "orderPlaced", 1, io.waymark.Stability.STABLE, io.waymark.Level.INFO, List.of(
                io.waymark.spi.FieldDescriptor.of("orderId", io.waymark.spi.FieldType.LONG),
                io.waymark.spi.FieldDescriptor.of("quantity", io.waymark.spi.FieldType.INT),
                io.waymark.spi.FieldDescriptor.of("sku", io.waymark.spi.FieldType.STRING)));
    }

    /**
     * The backend's ring written through its arguments handle (claim, clock, thread, span context, the three
     * arguments, publish) and emptied by the same thread every {@value #DRAIN_EVERY} events: the emitting
     * thread's work for an event that is kept (where {@code otel} mostly measures one that is dropped, its
     * ring being full), without a second thread whose speed on two loaded vCPUs decides what is measured.
     */
    @State(Scope.Thread)
    public static class ArgumentsRing {
        static final EventRing.Visitor DISCARD = slot -> {};
        EventRing ring;
        int pending;

        @Setup(Level.Trial)
        public void start() {
            ring = new EventRing(8192, 256);
            ARGUMENTS_SITE.setTarget(ArgumentWriters.consumer(ring, benchType(), ARGUMENTS_SITE.type()));
            MutableCallSite.syncAll(new MutableCallSite[] {ARGUMENTS_SITE});
        }

        void drain() {
            while (ring.poll(DISCARD)) {
                // discarded
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            System.out.println("arguments ring: " + ring.dropped() + " dropped");
        }
    }

    static final int DRAIN_EVERY = 256;

    /** The arguments path alone, an event kept: the backend's handle into a drained ring. */
    @Benchmark
    public void ringArguments(ArgumentsRing ring, ActiveSpan span, Arguments arguments) throws Throwable {
        ARGUMENTS.invokeExact(arguments.orderId, arguments.quantity, arguments.sku);
        if (++ring.pending == DRAIN_EVERY) {
            ring.pending = 0;
            ring.drain();
        }
    }
}
