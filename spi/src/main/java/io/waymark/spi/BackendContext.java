package io.waymark.spi;

import java.util.Map;
import java.util.Objects;

/**
 * What a backend is told about the session it serves, and how it talks back to the runtime.
 *
 * <p>Besides the session's name, clock and settings, a backend gets two channels to the runtime: a
 * {@link #reporter()} for problems while it runs, and {@link #interestChanged()} to say that its answers to
 * {@link Backend#wants(EventType)} may have changed, so that the runtime re-targets the tracepoints.
 */
public final class BackendContext {

    private final String sessionName;
    private final ClockAnchor clock;
    private final Map<String, String> settings;
    private final Reporter reporter;
    private final Runnable interestListener;

    /**
     * @param sessionName the session's name
     * @param clock the session's clock anchor, to turn event timestamps into wall-clock time
     * @param settings backend-specific settings of the session (for example a buffer size), never null
     * @param reporter where the backend reports problems while it runs (the runtime's messages)
     * @param interestListener what {@link #interestChanged()} runs: the runtime's request for a re-targeting,
     *     which must be cheap, thread-safe and never block
     */
    public BackendContext(String sessionName, ClockAnchor clock, Map<String, String> settings, Reporter reporter,
            Runnable interestListener) {
        this.sessionName = Objects.requireNonNull(sessionName, "sessionName");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Map.copyOf(Objects.requireNonNull(settings, "settings"));
        this.reporter = Objects.requireNonNull(reporter, "reporter");
        this.interestListener = Objects.requireNonNull(interestListener, "interestListener");
    }

    /** A context whose {@link #interestChanged()} does nothing: for backends made without a runtime. */
    public BackendContext(String sessionName, ClockAnchor clock, Map<String, String> settings, Reporter reporter) {
        this(sessionName, clock, settings, reporter, () -> {});
    }

    /** A context whose backend reports to standard error ({@link Reporter#STANDARD_ERROR}): for backends made without a runtime. */
    public BackendContext(String sessionName, ClockAnchor clock, Map<String, String> settings) {
        this(sessionName, clock, settings, Reporter.STANDARD_ERROR);
    }

    /** The session's name. */
    public String sessionName() {
        return sessionName;
    }

    /** The session's clock anchor, to turn event timestamps into wall-clock time. */
    public ClockAnchor clock() {
        return clock;
    }

    /** The backend-specific settings of the session, never null. */
    public Map<String, String> settings() {
        return settings;
    }

    /** Where the backend reports problems while it runs. */
    public Reporter reporter() {
        return reporter;
    }

    /** A setting, or {@code defaultValue} when the session does not set it. */
    public String setting(String key, String defaultValue) {
        return settings.getOrDefault(key, defaultValue);
    }

    /**
     * Tells the runtime that the backend's answers to {@link Backend#wants(EventType)} may have changed (a
     * JFR recording started, a logger's level changed). The runtime asks again for every tracepoint soon
     * after, on a thread of its own, and re-targets the tracepoints accordingly: a tracepoint no session
     * wants becomes dormant again. Cheap, callable from any thread (a listener of the consumer included),
     * never blocks and never calls the backend back on the caller's thread; calls made close together are
     * answered by one re-targeting.
     */
    public void interestChanged() {
        interestListener.run();
    }

    @Override
    public String toString() {
        return "BackendContext[sessionName=" + sessionName + ", settings=" + settings + "]";
    }
}
