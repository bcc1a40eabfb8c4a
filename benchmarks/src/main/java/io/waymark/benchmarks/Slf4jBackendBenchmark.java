package io.waymark.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.waymark.Waymark;
import io.waymark.backend.slf4j.Slf4jBackendFactory;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The SLF4J backend into Logback against a hand-written SLF4J 2 fluent call with the same three key-values, both
 * into an appender that discards (so that no I/O hides the difference), and a tracepoint whose logger is off
 * against a dormant baseline. Targets: {@code waymark} at most 1.2 x {@code handWritten}; {@code waymarkLoggerOff}
 * what {@code baseline} costs, 0 B/op (run with {@code -prof gc}); see docs/performance.md.
 *
 * <p>Logback is a {@link LoggerContext} of the benchmark's own, not SLF4J's provider (slf4j-simple in this jar,
 * for Waymark's own messages); each benchmark runs in forks of its own, so its state alone sets the level.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(5)
@State(Scope.Thread)
public class Slf4jBackendBenchmark {

    long orderId = 42L;
    int quantity = 3;
    String sku = "SKU-000000000001";

    static final BenchEvents EVENTS = Waymark.provider(BenchEvents.class);

    /** An appender that counts and discards. */
    static final class Discarding extends AppenderBase<ILoggingEvent> {
        long appended;

        @Override
        protected void append(ILoggingEvent event) {
            appended++;
        }
    }

    /** Logback with the discarding appender, logger {@code waymark.bench} at {@link #level()}, and a session. */
    public abstract static class Logging {
        final LoggerContext logback = new LoggerContext();
        final Discarding appender = new Discarding();
        Logger logger;
        Session session;

        abstract Level level();

        /** The backend's {@code escape} setting. */
        String escape() {
            return "lines";
        }

        /** The backend's {@code marker} setting. */
        String marker() {
            return Slf4jBackendFactory.DEFAULT_MARKER;
        }


        @Setup
        public void start() {
            logback.start();
            appender.setContext(logback);
            appender.start();
            Logger root = logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.detachAndStopAllAppenders();
            root.addAppender(appender);
            root.setLevel(Level.INFO);
            logger = logback.getLogger("waymark.bench");
            logger.setLevel(level());
            session = Tracing.createSession(SessionConfig.builder("slf4j-bench").backend(new Slf4jBackendFactory(logback))
                    .setting(Slf4jBackendFactory.ESCAPE, escape()).setting(Slf4jBackendFactory.MARKER, marker()).enable("bench:orderPlaced").build());
            session.start();
            EVENTS.orderPlaced(1, 1, "check");
            if ((appender.appended == 1) != logger.isInfoEnabled()) {
                throw new IllegalStateException("the event does not follow the logger's level " + level());
            }
        }

        @TearDown
        public void stop() {
            session.close();
            logback.stop();
        }
    }

    /** The logger at INFO: the event is logged. */
    @State(Scope.Thread)
    public static class On extends Logging {
        @Override
        Level level() {
            return Level.INFO;
        }

    }

    /** The logger at INFO, values not escaped ({@code escape=none}, as a JSON encoder would be configured). */
    @State(Scope.Thread)
    public static class OnNoEscape extends Logging {
        @Override
        Level level() {
            return Level.INFO;
        }

        @Override
        String escape() {
            return "none";
        }
    }

    /** The logger at INFO, with the marker {@code waymark} ({@code marker=waymark}). */
    @State(Scope.Thread)
    public static class OnMarker extends Logging {
        @Override
        Level level() {
            return Level.INFO;
        }

        @Override
        String marker() {
            return "waymark";
        }
    }

    /** The logger at WARN: the INFO event is not. */
    @State(Scope.Thread)
    public static class Off extends Logging {
        @Override
        Level level() {
            return Level.WARN;
        }
    }

    /** The same tracepoint into a backend that drops every event: Waymark's share of {@code waymark}. */
    @State(Scope.Thread)
    public static class DiscardingSession {
        Session session;

        @Setup
        public void start() {
            session = Tracing.createSession(SessionConfig.builder("discard-bench").backend(new DiscardingBackendFactory())
                    .enable("bench:orderPlaced").build());
            session.start();
        }

        @TearDown
        public void stop() {
            session.close();
        }
    }

    @Benchmark
    public void baseline(Blackhole blackhole) {
        blackhole.consume(orderId);
        blackhole.consume(quantity);
        blackhole.consume(sku);
    }

    /** What an application writes by hand: SLF4J 2's fluent API, the same three key-values. */
    @Benchmark
    public void handWritten(On on) {
        on.logger.atInfo().addKeyValue("orderId", orderId).addKeyValue("quantity", quantity).addKeyValue("sku", sku)
                .log("orderPlaced");
    }

    /**
     * The record the backend logs, by hand: the same three key-values plus the backend's two constant ones
     * (stability, version). Not the target's baseline ({@link #handWritten} is); it shows what the record's extra
     * content costs in Logback.
     */
    @Benchmark
    public void handWrittenSameRecord(On on) {
        on.logger.atInfo().addKeyValue("orderId", orderId).addKeyValue("quantity", quantity)
                .addKeyValue("sku", sku).addKeyValue(Slf4jBackendFactory.STABILITY_KEY, "STABLE")
                .addKeyValue(Slf4jBackendFactory.VERSION_KEY, 1).log("orderPlaced");
    }

    /** {@link #waymark} with {@code escape=none}: the string is not scanned for characters to escape. */
    @Benchmark
    public void waymarkNoEscape(OnNoEscape on) {
        EVENTS.orderPlaced(orderId, quantity, sku);
    }

    /** {@link #waymark} with a marker (the setting {@code marker=waymark}): what a marker costs in Logback. */
    @Benchmark
    public void waymarkMarker(OnMarker on) {
        EVENTS.orderPlaced(orderId, quantity, sku);
    }

    /**
     * The backend's own argument consumer ({@code Backend.argumentConsumer}) alone, called as a generated tracepoint
     * calls it (through a constant call site), without Waymark's probe and rules: the backend's share of {@link #waymark}.
     */
    @Benchmark
    public void backendHandle(Handle handle) throws Throwable {
        HANDLE.invokeExact(orderId, quantity, sku);
    }

    @Benchmark
    public void backendHandleMarker(HandleMarker handle) throws Throwable {
        HANDLE.invokeExact(orderId, quantity, sku);
    }

    @Benchmark
    public void backendHandleNoEscape(HandleNoEscape handle) throws Throwable {
        HANDLE.invokeExact(orderId, quantity, sku);
    }

    static final MutableCallSite HANDLE_SITE = new MutableCallSite(MethodType.methodType(void.class, long.class, int.class, String.class));
    static final MethodHandle HANDLE = HANDLE_SITE.dynamicInvoker();

    /**
     * The backend created directly (no session) with the given settings into the benchmark's Logback, its argument
     * consumer for the benchmark event in {@link #HANDLE_SITE}: each benchmark runs in forks of its own.
     */
    @State(Scope.Thread)
    public static class Handle {
        final LoggerContext logback = new LoggerContext();
        final Discarding appender = new Discarding();
        Backend backend;

        Map<String, String> settings() {
            return Map.of();
        }

        @Setup
        public void start() throws Throwable {
            logback.start();
            appender.setContext(logback);
            appender.start();
            Logger root = logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.detachAndStopAllAppenders();
            root.addAppender(appender);
            root.setLevel(Level.INFO);
            backend = new Slf4jBackendFactory(logback).create(new BackendContext("handle-bench", ClockAnchor.now(), settings()));
            EventType type = new EventType("bench", "orderPlaced", 1, io.waymark.Stability.STABLE, io.waymark.Level.INFO,
                    List.of(FieldDescriptor.of("orderId", FieldType.LONG), FieldDescriptor.of("quantity", FieldType.INT),
                            FieldDescriptor.of("sku", FieldType.STRING)));
            if (!backend.wants(type)) {
                throw new IllegalStateException("the backend does not want " + type);
            }
            HANDLE_SITE.setTarget(backend.argumentConsumer(type, HANDLE_SITE.type()));
            MutableCallSite.syncAll(new MutableCallSite[] {HANDLE_SITE});
            HANDLE.invokeExact(1L, 1, "check");
            if (appender.appended != 1) {
                throw new IllegalStateException("the handle logged " + appender.appended + " records");
            }
        }

        @TearDown
        public void stop() {
            backend.close();
            logback.stop();
        }
    }

    @State(Scope.Thread)
    public static class HandleMarker extends Handle {
        @Override
        Map<String, String> settings() {
            return Map.of(Slf4jBackendFactory.MARKER, "waymark");
        }
    }

    @State(Scope.Thread)
    public static class HandleNoEscape extends Handle {
        @Override
        Map<String, String> settings() {
            return Map.of(Slf4jBackendFactory.ESCAPE, "none");
        }
    }

    @Benchmark
    public void waymark(On on) {
        EVENTS.orderPlaced(orderId, quantity, sku);
    }

    @Benchmark
    public void waymarkDiscarded(DiscardingSession discarding) {
        EVENTS.orderPlaced(orderId, quantity, sku);
    }

    @Benchmark
    public void handWrittenLoggerOff(Off off) {
        off.logger.atInfo().addKeyValue("orderId", orderId).addKeyValue("quantity", quantity).addKeyValue("sku", sku)
                .log("orderPlaced");
    }

    @Benchmark
    public void waymarkLoggerOff(Off off) {
        EVENTS.orderPlaced(orderId, quantity, sku);
    }
}
