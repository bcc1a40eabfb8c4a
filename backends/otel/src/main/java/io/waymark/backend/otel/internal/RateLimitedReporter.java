package io.waymark.backend.otel.internal;

import io.waymark.spi.Reporter;
import java.util.EnumMap;
import java.util.Map;

/**
 * Reports each kind of loss once when it first happens, then at most once per interval with the
 * count since the last line, so a collector that stays down costs one line a minute, not one per
 * batch. Export thread only.
 */
public final class RateLimitedReporter {

    /** The kinds of loss, each reported on its own schedule. */
    public enum Kind { BUFFER_FULL, EXPORT_FAILED, PARTIALLY_REJECTED, UNREADABLE_ANSWER, NOT_MAPPED }

    private final Reporter reporter;
    private final String prefix;
    private final long intervalNanos;
    private final Map<Kind, long[]> state = new EnumMap<>(Kind.class); // {last report time, events since, reported once}

    public RateLimitedReporter(Reporter reporter, String prefix, long intervalNanos) {
        this.reporter = reporter;
        this.prefix = prefix;
        this.intervalNanos = intervalNanos;
    }

    /** Notes {@code events} lost for {@code kind}, reporting {@code detail} when it is time to. */
    public void lost(Kind kind, long events, String detail, String remedy) {
        long now = System.nanoTime();
        long[] s = state.computeIfAbsent(kind, k -> new long[3]);
        s[1] += events;
        if (s[2] == 0 || now - s[0] >= intervalNanos) {
            reporter.warn(prefix + s[1] + " events lost" + (s[2] == 0 ? "" : " since the last report") + ": " + detail
                    + "; " + remedy + " (reported at most every " + intervalNanos / 1_000_000_000L + " s)", null);
            s[0] = now;
            s[1] = 0;
            s[2] = 1;
        }
    }
}
