package io.waymark.core.management;

import java.util.List;
import java.util.Objects;
import javax.management.openmbean.CompositeData;

/**
 * One tracepoint as {@link TracingMXBean#getTracepoints()} shows it. A JMX client without this class
 * sees a {@link CompositeData} with the items {@code provider}, {@code event}, {@code id},
 * {@code stability}, {@code level}, {@code version}, {@code enabled} and {@code sessions}.
 */
public final class TracepointInfo {

    private final String provider;
    private final String event;
    private final int id;
    private final String stability;
    private final String level;
    private final int version;
    private final boolean enabled;
    private final List<String> sessions;

    /**
     * @param provider the provider's name
     * @param event the event's name
     * @param id the event's id within its provider
     * @param stability {@code STABLE} or {@code UNSTABLE}
     * @param level the event's level, e.g. {@code INFO}
     * @param version the event's schema version
     * @param enabled whether a running session receives it
     * @param sessions the names of the running sessions that receive it
     */
    public TracepointInfo(String provider, String event, int id, String stability, String level, int version,
            boolean enabled, List<String> sessions) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.event = Objects.requireNonNull(event, "event");
        this.id = id;
        this.stability = Objects.requireNonNull(stability, "stability");
        this.level = Objects.requireNonNull(level, "level");
        this.version = version;
        this.enabled = enabled;
        this.sessions = List.copyOf(sessions);
    }

    /** Reads the open-type form (what a JMX client receives) back; the MXBean framework calls it. */
    public static TracepointInfo from(CompositeData data) {
        return new TracepointInfo((String) data.get("provider"), (String) data.get("event"), (Integer) data.get("id"),
                (String) data.get("stability"), (String) data.get("level"), (Integer) data.get("version"),
                (Boolean) data.get("enabled"), List.of((String[]) data.get("sessions")));
    }

    /** The provider's name. */
    public String getProvider() {
        return provider;
    }

    /** The event's name. */
    public String getEvent() {
        return event;
    }

    /** The event's id within its provider. */
    public int getId() {
        return id;
    }

    /** {@code STABLE} or {@code UNSTABLE}. */
    public String getStability() {
        return stability;
    }

    /** The event's level: {@code TRACE}, {@code DEBUG}, {@code INFO}, {@code WARN} or {@code ERROR}. */
    public String getLevel() {
        return level;
    }

    /** The event's schema version. */
    public int getVersion() {
        return version;
    }

    /** Whether the tracepoint is on: a running session receives its events. */
    public boolean isEnabled() {
        return enabled;
    }

    /** The names of the running sessions that receive it. */
    public List<String> getSessions() {
        return sessions;
    }

    @Override
    public String toString() {
        return provider + ":" + event + " (id " + id + ", " + level + ", " + stability + ", v" + version + ")"
                + (enabled ? " -> " + sessions : " off");
    }
}
