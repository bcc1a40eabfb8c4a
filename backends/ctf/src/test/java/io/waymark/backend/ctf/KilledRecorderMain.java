package io.waymark.backend.ctf;

import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.ctftest.ShopEvents;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The child JVM of {@link CtfCrashTest}: records ticks from two threads into the trace directory
 * given as argument until it is killed, printing {@code emitted N0 N1} (events emitted per thread)
 * every 20 ms.
 */
public final class KilledRecorderMain {

    private KilledRecorderMain() {}

    public static void main(String[] args) throws InterruptedException {
        ShopEvents shop = Waymark.provider(ShopEvents.class);
        Session session = Tracing.createSession(SessionConfig.builder("killed").backend(new CtfBackendFactory())
                .enable("ctftest.shop:tick").setting("directory", args[0]).setting("flush-interval-ms", "50").setting("subbuffer-count", "32").build());
        session.start();
        AtomicLongArray emitted = new AtomicLongArray(2);
        for (int t = 0; t < 2; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                for (long i = 0; ; i++) {
                    shop.tick(thread, i);
                    emitted.lazySet(thread, i + 1);
                    if (i % 200 == 199) {
                        try {
                            Thread.sleep(1); // a steady rate the flusher keeps up with: no discards
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            });
            worker.setDaemon(true);
            worker.start();
        }
        while (true) {
            System.out.println("emitted " + emitted.get(0) + " " + emitted.get(1));
            System.out.flush();
            Thread.sleep(20);
        }
    }
}
