package io.waymark.samples.quickstart;

import io.waymark.Level;
import io.waymark.Waymark;
import io.waymark.backend.ctf.CtfTraceReader;
import io.waymark.backend.memory.MemoryBackend;
import io.waymark.backend.memory.RecordedEvent;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.samples.quickstart.CheckoutEvents.PaymentMethod;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Declares a provider ({@link CheckoutEvents}) and runs a small checkout workload with two sessions
 * recording at once: one records everything into a CTF trace on disk, which the program then reads
 * back and prints (as {@code babeltrace2} would); the other, like a dashboard, keeps only stable
 * events at INFO or above in memory.
 *
 * <p>Argument: the trace directory (default {@code target/quickstart-trace}; a previous trace there
 * is replaced).
 */
public final class Quickstart {

    private static final CheckoutEvents EVENTS = Waymark.provider(CheckoutEvents.class);

    private Quickstart() {}

    public static void main(String[] args) throws IOException {
        Path trace = Path.of(args.length > 0 ? args[0] : "target/quickstart-trace").toAbsolutePath();
        deletePreviousTrace(trace);
        try (Session everything = Tracing.createSession(SessionConfig.builder("everything")
                        .backend("ctf").setting("directory", trace.toString()).enable("shop.checkout:*").build());
                Session dashboard = Tracing.createSession(SessionConfig.builder("dashboard")
                        .backend("memory").enable("shop.*").minLevel(Level.INFO).stableOnly(true).build())) {
            everything.start();
            dashboard.start();

            runCheckoutWorkload();

            everything.stop(); // flushes the trace to disk
            dashboard.stop();
            printTrace(everything, trace);
            printMemory(dashboard);
        }
    }

    private static void runCheckoutWorkload() {
        String[] customers = {"ada", "grace", "linus"};
        PaymentMethod[] methods = PaymentMethod.values();
        for (int i = 0; i < 3; i++) {
            long orderId = 1001 + i;
            EVENTS.orderPlaced(orderId, i + 1, customers[i]);
            if (EVENTS.priceCacheMissEnabled()) { // only build the argument when someone listens
                EVENTS.priceCacheMiss("SKU-" + (700 + i), 1);
            }
            if (i == 1) {
                EVENTS.paymentDeclined(orderId, methods[i], "insufficient funds");
            } else {
                EVENTS.paymentAccepted(orderId, methods[i], 1999L * (i + 1));
            }
        }
    }

    private static void printTrace(Session session, Path trace) throws IOException {
        CtfTraceReader reader = CtfTraceReader.open(trace);
        System.out.printf("Session '%s' (%s) recorded %d events to the CTF trace %s:%n", session.name(), session.rules(),
                reader.count(), trace);
        reader.forEach(event -> System.out.printf("  %s [tid %d] %-5s %-8s %s%n", reader.clock().toInstant(event.timestampNanos()),
                event.threadId(), event.type().level(), event.type().stability(), format(event)));
        System.out.printf("  (read it with babeltrace2: babeltrace2 %s)%n", trace);
    }

    private static void printMemory(Session session) {
        List<RecordedEvent> events = ((MemoryBackend) session.backend()).events();
        System.out.printf("Session '%s' (%s) recorded %d events in memory:%n", session.name(), session.rules(), events.size());
        for (RecordedEvent event : events) {
            System.out.printf("  %s [%s] %-5s %-8s %s%n", event.time(), event.threadName(), event.type().level(),
                    event.type().stability(), event);
        }
    }

    /** {@code provider:event{field=value, ...}}, the form the memory backend prints. */
    private static String format(Event event) {
        EventType type = event.type();
        StringBuilder text = new StringBuilder(type.qualifiedName()).append('{');
        for (int i = 0; i < type.fieldCount(); i++) {
            text.append(i == 0 ? "" : ", ").append(type.field(i).name()).append('=').append(event.getValue(i));
        }
        return text.append('}').toString();
    }

    /** Replaces a trace this sample wrote before; refuses to touch a directory that does not look like one. */
    private static void deletePreviousTrace(Path trace) throws IOException {
        if (!Files.exists(trace)) {
            return;
        }
        if (!Files.exists(trace.resolve("metadata"))) {
            throw new IOException(trace + " exists and is not a CTF trace; choose another directory");
        }
        try (Stream<Path> files = Files.walk(trace)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
