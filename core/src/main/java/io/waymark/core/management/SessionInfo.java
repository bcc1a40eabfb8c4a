package io.waymark.core.management;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * One open session as {@link TracingMXBean#getSessions()} shows it. A JMX client without this class
 * sees a {@link CompositeData} with the items {@code name}, {@code state}, {@code backend},
 * {@code rules}, {@code settings}, {@code destination}, {@code recordedEvents}, {@code discardedEvents},
 * {@code discardedByReason} (a {@link TabularData} of rows {@code key}, the
 * {@link io.waymark.spi.DiscardReason} name, and {@code value}, the count), {@code backendFailures},
 * {@code backendDetached} and {@code external}.
 */
public final class SessionInfo {

    private final String name;
    private final String state;
    private final String backend;
    private final List<String> rules;
    private final List<String> settings;
    private final String destination;
    private final long recordedEvents;
    private final long discardedEvents;
    private final Map<String, Long> discardedByReason;
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
     * @param recordedEvents events the backend kept, {@code -1} when it cannot say
     * @param discardedByReason events discarded, by {@link io.waymark.spi.DiscardReason} name; their sum is
     *     {@link #getDiscardedEvents()}
     * @param backendFailures exceptions the backend threw
     * @param backendDetached whether the backend was detached after failing too often
     * @param external whether the session was created through {@link TracingMXBean}
     */
    public SessionInfo(String name, String state, String backend, List<String> rules, List<String> settings,
            String destination, long recordedEvents, Map<String, Long> discardedByReason, long backendFailures,
            boolean backendDetached, boolean external) {
        this(name, state, backend, rules, settings, destination, recordedEvents, sum(discardedByReason), discardedByReason,
                backendFailures, backendDetached, external);
    }

    /**
     * A session as a runtime without discard reasons described it: recorded events unknown, no reasons.
     *
     * @param discardedEvents events the backend received but could not keep
     * @deprecated give the recorded events and the discards by reason
     */
    @Deprecated
    public SessionInfo(String name, String state, String backend, List<String> rules, List<String> settings,
            String destination, long discardedEvents, long backendFailures, boolean backendDetached, boolean external) {
        this(name, state, backend, rules, settings, destination, -1, discardedEvents, Map.of(), backendFailures,
                backendDetached, external);
    }

    private SessionInfo(String name, String state, String backend, List<String> rules, List<String> settings,
            String destination, long recordedEvents, long discardedEvents, Map<String, Long> discardedByReason,
            long backendFailures, boolean backendDetached, boolean external) {
        this.name = Objects.requireNonNull(name, "name");
        this.state = Objects.requireNonNull(state, "state");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.rules = List.copyOf(rules);
        this.settings = List.copyOf(settings);
        this.destination = Objects.requireNonNull(destination, "destination");
        this.recordedEvents = recordedEvents;
        this.discardedEvents = discardedEvents;
        this.discardedByReason = Collections.unmodifiableMap(new LinkedHashMap<>(discardedByReason));
        this.backendFailures = backendFailures;
        this.backendDetached = backendDetached;
        this.external = external;
    }

    private static long sum(Map<String, Long> counts) {
        long total = 0;
        for (Long count : counts.values()) {
            total += count == null ? 0 : count;
        }
        return total;
    }

    /**
     * Reads the open-type form (what a JMX client receives) back; the MXBean framework calls it. The items a
     * runtime before discard reasons did not have read as unknown ({@code -1}) and none.
     */
    public static SessionInfo from(CompositeData data) {
        long recorded = data.containsKey("recordedEvents") ? (Long) data.get("recordedEvents") : -1;
        Map<String, Long> reasons = new LinkedHashMap<>();
        if (data.containsKey("discardedByReason") && data.get("discardedByReason") instanceof TabularData rows) {
            for (Object row : rows.values()) {
                CompositeData entry = (CompositeData) row;
                reasons.put((String) entry.get("key"), (Long) entry.get("value"));
            }
        }
        return new SessionInfo((String) data.get("name"), (String) data.get("state"), (String) data.get("backend"),
                List.of((String[]) data.get("rules")), List.of((String[]) data.get("settings")),
                (String) data.get("destination"), recorded, (Long) data.get("discardedEvents"), reasons,
                (Long) data.get("backendFailures"), (Boolean) data.get("backendDetached"), (Boolean) data.get("external"));
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

    /** Events the backend kept, as it counts them; {@code -1} when it cannot say. */
    public long getRecordedEvents() {
        return recordedEvents;
    }

    /** Events the session discarded, for any reason: the sum of {@link #getDiscardedByReason()}. */
    public long getDiscardedEvents() {
        return discardedEvents;
    }

    /**
     * Events the session discarded, by {@link io.waymark.spi.DiscardReason} name, every reason the runtime knows
     * (zeros included), in the enum's order: what the runtime counted plus what the backend counted. A JMX
     * client without this class reads a {@link TabularData} whose rows have the items {@code key} and {@code value}.
     */
    public Map<String, Long> getDiscardedByReason() {
        return discardedByReason;
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
