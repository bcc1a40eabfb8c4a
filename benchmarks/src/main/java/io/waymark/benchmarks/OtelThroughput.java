package io.waymark.benchmarks;

import io.waymark.Waymark;
import io.waymark.backend.otel.OtelBackend;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import java.util.concurrent.TimeUnit;

/**
 * The otel backend's export throughput: events per second delivered (acknowledged) to an OTLP/HTTP
 * endpoint on the loopback interface, with the backend's own pipeline and default batch settings. One
 * thread emits flat out for the given seconds (more than the export thread can take: the excess is dropped
 * and counted); the session is then closed, which exports what is buffered. Prints delivered, discarded,
 * and delivered per second of the run (emitting time plus the close). The emitter pauses 1 ms after every
 * 1,024 events: it still offers about a million events a second, far more than one export thread takes, but
 * leaves the processors to the export thread instead of spinning on one of them (on a 2-vCPU machine a
 * spinning emitter halves what the export thread gets).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.waymark.benchmarks.OtelThroughput 10 [batch-size]</pre>
 */
public final class OtelThroughput {

    private OtelThroughput() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String batchSize = args.length > 1 ? args[1] : "512";
        BenchEvents events = Waymark.provider(BenchEvents.class);
        try (LoopbackReceiver receiver = new LoopbackReceiver()) {
            Session session = Tracing.createSession(SessionConfig.builder("otel-throughput").backend("otel")
                    .setting("endpoint", receiver.endpoint()).setting("use-global", "false").setting("buffer-size", "65536").setting("batch-size", batchSize)
                    .enable("bench:orderPlaced").build());
            session.start();
            OtelBackend backend = (OtelBackend) session.backend();
            String[] skus = BenchEvents.distinctSkus(1024);
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            long emitted = 0;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 1024; i++) {
                    events.orderPlaced(emitted++, 3, skus[i]);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            session.close();
            double elapsed = (System.nanoTime() - start) / 1e9;
            long delivered = backend.deliveredEvents();
            long discarded = backend.discardedEvents();
            System.out.printf("emitted %d, delivered %d, discarded %d (sum %s), %d requests, %.1f MB%n", emitted, delivered,
                    discarded, delivered + discarded == emitted ? "exact" : "OFF BY " + (emitted - delivered - discarded),
                    receiver.requests.get(), receiver.bytes.get() / 1e6);
            System.out.printf("delivered %.0f events/s over %.1f s%n", delivered / elapsed, elapsed);
        }
    }
}
