package io.waymark.benchmarks;

import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.StackTrace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One enabled event (long, int, 16-character String) recorded by the CTF backend, against the
 * floor under any timestamped event (one {@link System#nanoTime()}) and against the same event
 * committed to a running JDK Flight Recorder recording. Targets (docs/performance.md): {@code ctf}
 * at most 15 ns/op above {@code clock} and 0 B/op; {@code ctf} at most half of {@code jfr}; with two
 * threads ({@code ctfTwoThreads}, time per op per thread) an aggregate throughput of at least 1.7
 * times one thread's, that is {@code 2 * ctf / ctfTwoThreads >= 1.7}.
 *
 * <p>The CTF session runs in overwrite (flight-recorder) mode so that the figure is the cost of
 * recording an event (its copy into the ring, a memory-mapped file in a directory on {@code /dev/shm} when there
 * is one), not of a disk that cannot take 20 million events a second; the sustained
 * rate to disk is measured separately by {@link CtfThroughput}. {@code -p ring=4x131072} records into a ring of
 * that many sub-buffers of that size per stream instead of the overwrite-mode default (8 × 256 KiB): a ring that
 * fits in the core's L2 cache costs fewer cache misses per event than a larger one. The tear-down prints the session's
 * statistics, so a run shows how many events were recorded.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(5)
public class CtfBackendBenchmark {

    static final BenchEvents EVENTS = Waymark.provider(BenchEvents.class);

    @State(Scope.Thread)
    public static class Arguments {
        long orderId = 42L;
        int quantity = 3;
        String sku = "SKU-000000000001";
        final String[] skus = BenchEvents.distinctSkus(1024);
        int next;
    }

    /** A CTF session recording {@code bench:orderPlaced}, shared by the benchmark threads. */
    @State(Scope.Benchmark)
    public static class CtfSession {
        /** {@code default}, or {@code <subbuffer-count>x<subbuffer-size>}. */
        @Param({"default"})
        public String ring;

        Path directory;
        Session session;

        @Setup(Level.Trial)
        public void start() throws IOException {
            // the ring is a memory-mapped file: on tmpfs (as a flight recorder's --shm-path) no writeback competes
            Path shm = Path.of("/dev/shm");
            directory = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "waymark-ctf-bench")
                    : Files.createTempDirectory("waymark-ctf-bench");
            SessionConfig.Builder config = SessionConfig.builder("ctf-bench")
                    .backend("ctf")
                    .setting("directory", directory.resolve("trace").toString())
                    .setting("mode", "overwrite")
                    .enable("bench:orderPlaced");
            if (!ring.equals("default")) {
                String[] countBySize = ring.split("x");
                config.setting("subbuffer-count", countBySize[0]).setting("subbuffer-size", countBySize[1]);
            }
            session = Tracing.createSession(config.build());
            session.start();
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            session.close();
            System.out.println("ctf session: " + session.statistics());
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** The same event as a JFR event, committed to a running recording. */
    @Name("waymark.bench.OrderPlaced")
    @StackTrace(false)
    static final class OrderPlacedJfrEvent extends jdk.jfr.Event {
        long orderId;
        int quantity;
        String sku;
    }

    @State(Scope.Benchmark)
    public static class JfrRecording {
        Recording recording;

        @Setup(Level.Trial)
        public void start() {
            recording = new Recording();
            recording.enable(OrderPlacedJfrEvent.class).withoutStackTrace();
            recording.start();
        }

        @TearDown(Level.Trial)
        public void stop() {
            recording.stop();
            recording.close();
        }
    }

    @Benchmark
    public long clock() {
        return System.nanoTime();
    }

    @Benchmark
    public void ctf(CtfSession session, Arguments arguments) {
        EVENTS.orderPlaced(arguments.orderId, arguments.quantity, arguments.sku);
    }

    /** The same, with a different String instance every time: the string is encoded at every call (no cache hit). */
    @Benchmark
    public void ctfVaryingString(CtfSession session, Arguments arguments) {
        EVENTS.orderPlaced(arguments.orderId, arguments.quantity, arguments.skus[arguments.next++ & 1023]);
    }

    @Benchmark
    @Threads(2)
    public void ctfTwoThreads(CtfSession session, Arguments arguments) {
        EVENTS.orderPlaced(arguments.orderId, arguments.quantity, arguments.sku);
    }

    @Benchmark
    public void jfr(JfrRecording recording, Arguments arguments) {
        OrderPlacedJfrEvent event = new OrderPlacedJfrEvent();
        event.orderId = arguments.orderId;
        event.quantity = arguments.quantity;
        event.sku = arguments.sku;
        event.commit();
    }
}
