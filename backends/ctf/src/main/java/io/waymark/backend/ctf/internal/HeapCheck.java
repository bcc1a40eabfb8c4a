package io.waymark.backend.ctf.internal;

import java.util.Optional;

/**
 * Whether a session's buffers fit in the heap, checked before they are allocated so that settings
 * too large for the heap are a clear error rather than an {@link OutOfMemoryError} (in the
 * application's thread, or in another thread that happens to allocate at the same moment).
 *
 * <p>Available is {@link Runtime#maxMemory()} minus the heap in use, less a margin of an eighth of
 * the maximum heap that stays free for the application. Garbage not yet collected counts as in use,
 * so when the buffers seem not to fit one garbage collection is requested and the check repeated
 * (as the JDK does before refusing a direct buffer).
 */
public final class HeapCheck {

    private HeapCheck() {}

    /** The margin kept free: an eighth of the maximum heap. */
    public static long margin() {
        return Runtime.getRuntime().maxMemory() / 8;
    }

    /**
     * Empty when {@code bytes} fit; otherwise a description of the heap ("the heap has 12 MiB
     * available: maximum 64 MiB, 44 MiB in use, 8 MiB kept free").
     */
    public static Optional<String> shortfall(long bytes) {
        if (fits(bytes)) {
            return Optional.empty();
        }
        System.gc(); // a rare set-up call: worth a collection before refusing on the strength of garbage
        return fits(bytes) ? Optional.empty() : Optional.of(describe());
    }

    /** The heap as it is now, for an error message. */
    public static String describe() {
        Runtime runtime = Runtime.getRuntime();
        long max = runtime.maxMemory();
        long used = runtime.totalMemory() - runtime.freeMemory();
        return "the heap has " + mib(Math.max(0, max - used - margin())) + " available (maximum " + mib(max) + ", "
                + mib(used) + " in use, " + mib(margin()) + " kept free for the application)";
    }

    /** {@code bytes} in MiB, rounded up, with the unit. */
    public static String mib(long bytes) {
        return ((bytes + (1 << 20) - 1) >> 20) + " MiB";
    }

    private static boolean fits(long bytes) {
        Runtime runtime = Runtime.getRuntime();
        long used = runtime.totalMemory() - runtime.freeMemory();
        return bytes <= runtime.maxMemory() - used - margin();
    }
}
