package io.waymark.backend.ctf;

import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.ctftest.ShopEvents;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child JVM of {@link CtfStartupTest#aTraceThatCannotBeWrittenIsReportedWithoutAnSlf4jProvider}: records into
 * a directory that is removed before the first packet is written, so the backend cannot write its stream file.
 */
public final class LostTraceMain {

    private LostTraceMain() {}

    public static void main(String[] args) throws Exception {
        Path trace = Path.of(args[0]);
        ShopEvents shop = Waymark.provider(ShopEvents.class);
        try (Session session = Tracing.createSession(SessionConfig.builder("lost").backend("ctf").enable("ctftest.shop:*")
                .setting("directory", trace.toString()).setting("flush-interval-ms", "0").build())) {
            session.start();
            Files.delete(trace.resolve("metadata"));
            Files.delete(trace);
            shop.orderPlaced(1, 1, "SKU-1");
            session.stop(); // flushes: the stream file is created now, in a directory that is gone
        }
    }
}
