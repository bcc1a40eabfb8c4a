package io.waymark.backend.ctf;

import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.ctftest.ShopEvents;
import java.nio.file.Path;

/**
 * The child JVM of {@link CtfStartupTest#aTraceThatCannotBeWrittenIsReportedWithoutAnSlf4jProvider}, run under a file size
 * limit: the first sub-buffer of the stream file fits, the keeper's allocation of the next ones does not.
 */
public final class LostTraceMain {

    private LostTraceMain() {}

    public static void main(String[] args) throws Exception {
        Path trace = Path.of(args[0]);
        ShopEvents shop = Waymark.provider(ShopEvents.class);
        try (Session session = Tracing.createSession(SessionConfig.builder("lost").backend("ctf").enable("ctftest.shop:*")
                .setting("directory", trace.toString()).setting("flush-interval-ms", "0").setting("streams", "1")
                .setting("subbuffer-size", "4096").setting("subbuffer-count", "1024").setting("window-size", "4096").build())) {
            session.start();
            shop.orderPlaced(1, 1, "SKU-1");
            session.stop(); // the keeper failed to allocate the sub-buffers past 2 MiB (the first MiB is allocated at creation) and reported it
        }
    }
}
