package io.waymark.spi;

/**
 * Where a backend reports what its user must know while it runs (a trace that cannot be written, events
 * it cannot record): one line naming the problem and the remedy. The runtime passes one that follows
 * Waymark's own messages (SLF4J, or standard error when SLF4J has no provider), so a backend is never
 * silent where the runtime would not be. Never called on a tracepoint's path.
 */
public interface Reporter {

    /** Writes {@code "Waymark WARN: "} or {@code "Waymark ERROR: "} lines to standard error; for backends created without a runtime. */
    Reporter STANDARD_ERROR = new Reporter() {
        @Override
        public void warn(String message, Throwable cause) {
            System.err.println("Waymark WARN: " + message + (cause == null ? "" : " (" + cause + ")"));
        }

        @Override
        public void error(String message, Throwable cause) {
            System.err.println("Waymark ERROR: " + message + (cause == null ? "" : " (" + cause + ")"));
        }
    };

    /** Something works less well than configured; {@code cause} may be null. */
    void warn(String message, Throwable cause);

    /** Something configured does not work (events are being lost); {@code cause} may be null. */
    void error(String message, Throwable cause);
}
