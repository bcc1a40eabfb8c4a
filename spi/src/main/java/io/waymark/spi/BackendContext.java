package io.waymark.spi;

import java.util.Map;
import java.util.Objects;

/**
 * What a backend is told about the session it serves.
 *
 * @param sessionName the session's name
 * @param clock the session's clock anchor, to turn event timestamps into wall-clock time
 * @param settings backend-specific settings of the session (for example a buffer size), never null
 * @param reporter where the backend reports problems while it runs (the runtime's messages)
 */
public record BackendContext(String sessionName, ClockAnchor clock, Map<String, String> settings, Reporter reporter) {

    public BackendContext {
        Objects.requireNonNull(sessionName, "sessionName");
        Objects.requireNonNull(clock, "clock");
        settings = Map.copyOf(Objects.requireNonNull(settings, "settings"));
        Objects.requireNonNull(reporter, "reporter");
    }

    /** A context whose backend reports to standard error ({@link Reporter#STANDARD_ERROR}): for backends made without a runtime. */
    public BackendContext(String sessionName, ClockAnchor clock, Map<String, String> settings) {
        this(sessionName, clock, settings, Reporter.STANDARD_ERROR);
    }

    /** A setting, or {@code defaultValue} when the session does not set it. */
    public String setting(String key, String defaultValue) {
        return settings.getOrDefault(key, defaultValue);
    }
}
