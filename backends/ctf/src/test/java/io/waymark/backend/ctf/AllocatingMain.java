package io.waymark.backend.ctf;

import io.waymark.spi.ClockAnchor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM of {@link CtfStartupTest} with a small heap: creates an overwrite-mode backend whose ring (2 × 4 × 16 MiB)
 * is four times the heap, prints the sizes of its ring files, closes it (no event: no stream file is left) and prints
 * what is left; or what it threw.
 */
public final class AllocatingMain {

    private AllocatingMain() {}

    public static void main(String[] args) {
        Path trace = Path.of(System.getProperty("trace"));
        try {
            CtfBackend backend = new CtfBackend("ring", CtfMode.OVERWRITE, trace, 0600, ClockAnchor.now(), 2,
                    16 * 1024 * 1024, 4, 8L << 20, true, false, 0, Long.MAX_VALUE, io.waymark.spi.Reporter.STANDARD_ERROR);
            System.out.println("created, ring files of 67108864 bytes: " + List.of(Files.size(trace.resolve("stream_0")),
                    Files.size(trace.resolve("stream_1"))));
            backend.close();
            List<String> left = new ArrayList<>();
            try (var files = Files.list(trace)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("stream_")).forEach(left::add);
            }
            System.out.println("closed, stream files: " + left);
        } catch (Throwable t) {
            System.out.println(t);
            System.out.println("cause=" + t.getCause());
        }
    }
}
