package io.waymark.benchmarks;

import io.waymark.backend.ctf.CtfBackend;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.spi.DiscardReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Many more threads than CPUs (16 and 64) emitting into one CTF session with the default settings, in
 * discard mode (the trace goes to disk): aggregate throughput (ops/µs over all threads), and after each
 * iteration the events recorded and discarded in it, by reason. Flat out, the threads emit far faster
 * than a disk takes (and starve the session's background thread of CPU), so {@code BUFFER_FULL} is
 * expected here; any other reason is a fault (issue 14: a discard means full buffers, never a thread
 * descheduled mid-event). {@code OversubscriptionTest} checks the no-loss claim at a rate the machine
 * keeps up with.
 *
 * <p>Besides the throughput, JMH reports per iteration (secondary results, {@link Discards}): {@code recorded} and
 * {@code discarded_<reason>} for each {@link DiscardReason}, the session's counts in that iteration.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar CtfOversubscriptionBenchmark -f 3 -wi 3 -i 5</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class CtfOversubscriptionBenchmark {

    static final BenchEvents EVENTS = CtfBackendBenchmark.EVENTS;

    @State(Scope.Thread)
    public static class Arguments {
        long orderId = 42L;
        int quantity = 3;
        String sku = "SKU-000000000001";
    }

    /** A discard-mode CTF session with the default settings, recording {@code bench:orderPlaced}. */
    @State(Scope.Benchmark)
    public static class DiscardSession {
        Path directory;
        Session session;
        CtfBackend backend;
        final Map<DiscardReason, Long> before = new EnumMap<>(DiscardReason.class);
        long recordedBefore;
        /** Whether a thread took this iteration's counts into its {@link Discards} (exactly one does). */
        final AtomicBoolean counted = new AtomicBoolean();

        @Setup(Level.Trial)
        public void start() throws IOException {
            directory = Files.createTempDirectory("waymark-ctf-oversubscribed");
            session = Tracing.createSession(SessionConfig.builder("ctf-oversubscribed")
                    .backend("ctf")
                    .setting("directory", directory.resolve("trace").toString())
                    .enable("bench:orderPlaced")
                    .build());
            session.start();
            backend = (CtfBackend) session.backend();
        }

        @Setup(Level.Iteration)
        public void mark() {
            for (DiscardReason reason : DiscardReason.values()) {
                before.put(reason, backend.discardedEvents(reason));
            }
            recordedBefore = backend.recordedEvents();
            counted.set(false);
        }

        @TearDown(Level.Iteration)
        public void report() {
            backend.flush();
            StringBuilder line = new StringBuilder("iteration: recorded ").append(backend.recordedEvents() - recordedBefore)
                    .append(", discarded");
            for (DiscardReason reason : DiscardReason.values()) {
                long delta = backend.discardedEvents(reason) - before.get(reason);
                if (delta != 0) {
                    line.append(' ').append(reason).append('=').append(delta);
                }
            }
            System.out.println(line);
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            session.close();
            System.out.println("ctf session: " + session.statistics() + ", discarded by reason: "
                    + java.util.Arrays.stream(DiscardReason.values()).filter(r -> backend.discardedEvents(r) != 0)
                            .map(r -> r + "=" + backend.discardedEvents(r)).toList());
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /**
     * The iteration's session counts as JMH secondary results (events, summed over threads: the first thread to
     * tear the iteration down flushes the session and takes its counts, the others report 0). JMH tears
     * {@link DiscardSession} down after this state, which depends on it, and sets it up before.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Discards {
        public long recorded;
        public long discarded_BUFFER_FULL;
        public long discarded_EVENT_TOO_LARGE;
        public long discarded_NESTING_TOO_DEEP;
        public long discarded_WRITER_POOL_EXHAUSTED;
        public long discarded_FIELD_ACCESSOR_FAILED;
        public long discarded_BACKEND_FAILED;
        public long discarded_WRITE_FAILED;
        public long discarded_WRITER_STALLED;
        /** Any reason added to {@link DiscardReason} after this class was written. */
        public long discarded_other;

        @Setup(Level.Iteration)
        public void clear() {
            recorded = 0;
            discarded_BUFFER_FULL = discarded_EVENT_TOO_LARGE = discarded_NESTING_TOO_DEEP = 0;
            discarded_WRITER_POOL_EXHAUSTED = discarded_FIELD_ACCESSOR_FAILED = discarded_BACKEND_FAILED = 0;
            discarded_WRITE_FAILED = discarded_WRITER_STALLED = discarded_other = 0;
        }

        @TearDown(Level.Iteration)
        public void take(DiscardSession session) {
            if (!session.counted.compareAndSet(false, true)) {
                return;
            }
            session.backend.flush(); // the packets of this iteration taken: recorded is this iteration's
            recorded = session.backend.recordedEvents() - session.recordedBefore;
            for (DiscardReason reason : DiscardReason.values()) {
                long delta = session.backend.discardedEvents(reason) - session.before.get(reason);
                switch (reason.name()) {
                    case "BUFFER_FULL" -> discarded_BUFFER_FULL = delta;
                    case "EVENT_TOO_LARGE" -> discarded_EVENT_TOO_LARGE = delta;
                    case "NESTING_TOO_DEEP" -> discarded_NESTING_TOO_DEEP = delta;
                    case "WRITER_POOL_EXHAUSTED" -> discarded_WRITER_POOL_EXHAUSTED = delta;
                    case "FIELD_ACCESSOR_FAILED" -> discarded_FIELD_ACCESSOR_FAILED = delta;
                    case "BACKEND_FAILED" -> discarded_BACKEND_FAILED = delta;
                    case "WRITE_FAILED" -> discarded_WRITE_FAILED = delta;
                    case "WRITER_STALLED" -> discarded_WRITER_STALLED = delta;
                    default -> discarded_other += delta;
                }
            }
        }
    }

    @Benchmark
    @Threads(16)
    public void ctf16Threads(DiscardSession session, Arguments arguments, Discards discards) {
        EVENTS.orderPlaced(arguments.orderId, arguments.quantity, arguments.sku);
    }

    @Benchmark
    @Threads(64)
    public void ctf64Threads(DiscardSession session, Arguments arguments, Discards discards) {
        EVENTS.orderPlaced(arguments.orderId, arguments.quantity, arguments.sku);
    }
}
