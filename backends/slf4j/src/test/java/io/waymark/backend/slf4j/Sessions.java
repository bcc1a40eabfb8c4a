package io.waymark.backend.slf4j;

import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Test sessions with the SLF4J backend. */
final class Sessions {

    private Sessions() {}

    /** A started session of the {@code slf4j} backend enabling {@code slf4jtest.shop:*}, with settings as key, value pairs. */
    static Session started(String name, String... settings) {
        return started(name, new Slf4jBackendFactory(), settings);
    }

    static Session started(String name, Slf4jBackendFactory factory, String... settings) {
        SessionConfig.Builder builder = SessionConfig.builder(name).backend(factory).enable("slf4jtest.shop:*");
        for (int i = 0; i < settings.length; i += 2) {
            builder.setting(settings[i], settings[i + 1]);
        }
        Session session = Tracing.createSession(builder.build());
        session.start();
        return session;
    }

    /** Runs {@code action} on a new thread called {@code name} and waits for it. */
    static void onThread(String name, Runnable action) throws InterruptedException {
        Thread thread = new Thread(action, name);
        thread.start();
        thread.join();
    }

    /** Waits up to {@code limit} for {@code condition}. */
    static void awaitTrue(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + limit.toMillis() + " ms");
            }
            Thread.sleep(2);
        }
    }
}
