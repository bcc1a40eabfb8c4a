package com.example.orders;

import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import java.nio.file.Path;

/** Places a few orders while recording them to a CTF trace. Argument: the trace directory (default {@code orders-trace}). */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        Path trace = Path.of(args.length > 0 ? args[0] : "orders-trace").toAbsolutePath();
        try (Session session = Tracing.createSession(SessionConfig.builder("orders")
                .backend("ctf").setting("directory", trace.toString()).enable("example.orders:*").build())) {
            session.start();
            OrderService orders = new OrderService();
            orders.place(1001, 2, "ada");
            orders.place(1002, 0, "grace");
            orders.place(1003, 1, "linus");
        }
        System.out.println("Recorded the orders to " + trace + " (read it with: babeltrace2 " + trace + ")");
    }
}
