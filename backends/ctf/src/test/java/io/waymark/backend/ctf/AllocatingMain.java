package io.waymark.backend.ctf;

import io.waymark.spi.ClockAnchor;
import java.nio.file.Path;

/**
 * A child JVM of {@link CtfStartupTest} with a small heap: creates an overwrite-mode backend (its ring is heap) whose buffers do not fit,
 * past the factory's heap check, and prints what it threw.
 */
public final class AllocatingMain {

    private AllocatingMain() {}

    public static void main(String[] args) {
        try {
            new CtfBackend("oom", CtfMode.OVERWRITE, Path.of(System.getProperty("trace")), 0600, ClockAnchor.now(), 2,
                    16 * 1024 * 1024, 4, 8L << 20, true, false, 0, io.waymark.spi.Reporter.STANDARD_ERROR);
            System.out.println("created");
        } catch (Throwable t) {
            System.out.println(t);
            System.out.println("cause=" + t.getCause());
        }
    }
}
