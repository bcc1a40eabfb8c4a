package io.waymark.samples.quickstart;

import io.waymark.Level;
import io.waymark.Waymark;
import io.waymark.backend.memory.MemoryBackend;
import io.waymark.backend.memory.RecordedEvent;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.samples.quickstart.CheckoutEvents.PaymentMethod;
import java.util.List;

/**
 * Declares a provider ({@link CheckoutEvents}), runs a small checkout workload with two sessions
 * recording at once, and prints what each recorded.
 */
public final class Quickstart {

    private static final CheckoutEvents EVENTS = Waymark.provider(CheckoutEvents.class);

    private Quickstart() {}

    public static void main(String[] args) {
        // One session sees everything; a second, like a dashboard, only stable events at INFO or above.
        try (Session everything = Tracing.createSession(SessionConfig.builder("everything")
                        .backend("memory").enable("shop.checkout:*").build());
                Session dashboard = Tracing.createSession(SessionConfig.builder("dashboard")
                        .backend("memory").enable("shop.*").minLevel(Level.INFO).stableOnly(true).build())) {
            everything.start();
            dashboard.start();

            runCheckoutWorkload();

            everything.stop();
            dashboard.stop();
            print(everything);
            print(dashboard);
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

    private static void print(Session session) {
        List<RecordedEvent> events = ((MemoryBackend) session.backend()).events();
        System.out.printf("Session '%s' (%s) recorded %d events:%n", session.name(), session.rules(), events.size());
        for (RecordedEvent event : events) {
            System.out.printf("  %s [%s] %-5s %-8s %s%n", event.time(), event.threadName(), event.type().level(),
                    event.type().stability(), event);
        }
    }
}
