package io.waymark.core.management;

import java.util.List;
import java.util.Objects;
import javax.management.openmbean.CompositeData;

/**
 * One open session as {@link TracingMXBean#getSessions()} shows it. A JMX client without this class
 * sees a {@link CompositeData} with the items {@code name}, {@code state}, {@code backend},
 * {@code rules}, {@code settings}, {@code destination}, {@code discardedEvents},
 * {@code backendFailures}, {@code backendDetached} and {@code external}.
 */
public final class SessionInfo {

    private final String name;
    private final String state;
    private final String backend;
    private final List<String> rules;
    private final List<String> settings;
    private final String destination;
    private final long discardedEvents;
    private final long backendFailures;
    private final boolean backendDetached;
    private final boolean external;

    /**
     * @param name the session's name
     * @param state the {@link io.waymark.core.SessionState} name
     * @param backend the backend's name
     * @param rules the rules in order, disabling ones prefixed with {@code '!'}
     * @param settings the backend settings as {@code key=value}
     * @param destination where the backend writes, empty if nowhere or unknown
     * @param discardedEvents events the backend received but could not keep
     * @param backendFailures exceptions the backend threw
     * @param backendDetached whether the backend was detached after failing too often
     * @param external whether the session was created through {@link TracingMXBean}
     */
    public SessionInfo(String name, String state, String backend, List<String> rules, List<String> settings,
            String destination, long discardedEvents, long backendFailures, boolean backendDetached, boolean external) {
        this.name = Objects.requireNonNull(name, "name");
        this.state = Objects.requireNonNull(state, "state");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.rules = List.copyOf(rules);
        this.settings = List.copyOf(settings);
        this.destination = Objects.requireNonNull(destination, "destination");
        this.discardedEvents = discardedEvents;
        this.backendFailures = backendFailures;
        this.backendDetached = backendDetached;
        this.external = external;
    }

    /** Reads the open-type form (what a JMX client receives) back; the MXBean framework calls it. */
    public static SessionInfo from(CompositeData data) {
        return new SessionInfo((String) data.get("name"), (String) data.get("state"), (String) data.get("backend"),
                List.of((String[]) data.get("rules")), List.of((String[]) data.get("settings")),
                (String) data.get("destination"), (Long) data.get("discardedEvents"), (Long) data.get("backendFailures"),
                (Boolean) data.get("backendDetached"), (Boolean) data.get("external"));
    }

    /** The session's name. */
    public String getName() {
        return name;
    }

    /** The {@link io.waymark.core.SessionState} name: {@code CREATED}, {@code RUNNING} or {@code STOPPED}. */
    public String getState() {
        return state;
    }

    /** The backend's name. */
    public String getBackend() {
        return backend;
    }

    /** The rules in order, disabling ones prefixed with {@code '!'}. */
    public List<String> getRules() {
        return rules;
    }

    /** The backend settings as {@code key=value}, sorted by key. */
    public List<String> getSettings() {
        return settings;
    }

    /** Where the backend writes (a directory, for example); empty if nowhere or unknown. */
    public String getDestination() {
        return destination;
    }

    /** Events the backend received but could not keep. */
    public long getDiscardedEvents() {
        return discardedEvents;
    }

    /** Exceptions the backend threw (and the runtime caught). */
    public long getBackendFailures() {
        return backendFailures;
    }

    /** Whether the backend failed so often that the runtime detached it. */
    public boolean isBackendDetached() {
        return backendDetached;
    }

    /** Whether the session was created through {@link TracingMXBean}. */
    public boolean isExternal() {
        return external;
    }

    @Override
    public String toString() {
        return "SessionInfo[" + name + ", " + state + ", " + backend + ", " + rules + (external ? ", external" : "") + "]";
    }
}
