package io.waymark;

/** Severity of a tracepoint, from the most verbose to the most severe. Sessions filter by a minimum level. */
public enum Level {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR;

    /** Whether this level is at least as severe as {@code minimum}. */
    public boolean isAtLeast(Level minimum) {
        return compareTo(minimum) >= 0;
    }
}
