package io.waymark.core.internal;

import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.SessionState;
import io.waymark.core.SessionStatistics;
import io.waymark.spi.Backend;
import io.waymark.spi.EventType;
import io.waymark.spi.probe.ProbeTarget;
import io.waymark.Stability;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A session. Its state and rules are guarded by the runtime's lock. */
final class SessionImpl implements Session {

    private final TracingRuntime runtime;
    private final SessionConfig config;
    private final String backendName;
    private final SessionSink sink;
    private final List<EnablementRule> rules = new ArrayList<>();
    private final List<SessionAggregation> aggregations = new ArrayList<>();
    private SessionState state = SessionState.CREATED;

    /** @param rules the config's rules, parsed before the caller took the runtime's lock */
    SessionImpl(TracingRuntime runtime, SessionConfig config, List<EnablementRule> rules, String backendName, Backend backend) {
        this.runtime = runtime;
        this.config = config;
        this.backendName = backendName;
        this.sink = new SessionSink(config.name(), backend, config.maxBackendFailures(), runtime::rebuildLater);
        this.rules.addAll(rules);
        for (String spec : config.aggregations()) {
            aggregations.add(new SessionAggregation(config.name(), io.waymark.spi.aggregate.Aggregation.parse(spec),
                    config.aggregationCapacity(), config.aggregationKeyBytes()));
        }
    }

    /**
     * Checks aggregations against every loaded event type their patterns match, and their tables'
     * memory, before anything is allocated. Holds the runtime lock.
     *
     * @throws IllegalArgumentException naming the session, the aggregation and what the check found
     */
    static void checkAggregations(SessionConfig config, List<io.waymark.spi.aggregate.Aggregation> specs, List<EventType> loaded) {
        for (io.waymark.spi.aggregate.Aggregation spec : specs) {
            io.waymark.spi.aggregate.CheckedAggregation first = null;
            for (EventType type : loaded) {
                if (spec.pattern().matches(type)) {
                    io.waymark.spi.aggregate.CheckedAggregation checked;
                    try {
                        checked = spec.check(type);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("session '" + config.name() + "': aggregation '" + spec.name() + "': "
                                + e.getMessage(), e);
                    }
                    if (first == null) {
                        first = checked;
                    } else {
                        for (int i = 0; i < checked.keyCount(); i++) {
                            if (checked.keyType(i) != first.keyType(i)) {
                                throw new IllegalArgumentException("session '" + config.name() + "': aggregation '" + spec.name()
                                        + "': key '" + spec.keys().get(i) + "' is " + checked.keyType(i) + " in "
                                        + type.qualifiedName() + " but " + first.keyType(i) + " in " + first.type().qualifiedName()
                                        + "; key events of one pattern by fields of one type, or split the aggregation");
                            }
                        }
                    }
                }
            }
            SessionAggregation.checkMemory(config.name(), spec, first, config.aggregationCapacity(), config.aggregationKeyBytes(),
                    SessionAggregation.heapAvailable());
        }
    }

    /** Adds the targets of this session's aggregations for {@code type} to {@code out}. Holds the runtime lock. */
    void aggregationTargets(EventType type, List<ProbeTarget> out) {
        for (SessionAggregation aggregation : aggregations) {
            ProbeTarget target = aggregation.target(type, error -> runtime.filterError(error
                    + "; the aggregation counts no " + type.qualifiedName() + " events", error),
                    refusal -> runtime.filterError(refusal + "; the aggregation counts nothing", refusal));
            if (target != null) {
                out.add(target);
            }
        }
    }

    /** Whether one of this session's aggregations counts events of {@code type} (it matches and fits the type). */
    boolean aggregates(EventType type) {
        synchronized (runtime.lock()) {
            for (SessionAggregation aggregation : aggregations) {
                if (aggregation.counts(type)) {
                    return true;
                }
            }
            return false;
        }
    }

    @Override
    public String aggregate(String spec) {
        io.waymark.spi.aggregate.Aggregation parsed = io.waymark.spi.aggregate.Aggregation.parse(spec);
        synchronized (runtime.lock()) {
            requireOpen("add an aggregation to");
            if (parsed.name() == null) {
                int next = 1;
                while (aggregation0("agg" + next) != null) {
                    next++;
                }
                parsed = parsed.named("agg" + next);
            } else if (aggregation0(parsed.name()) != null) {
                throw new IllegalArgumentException("session '" + name() + "' already has an aggregation called '" + parsed.name()
                        + "'; choose another name");
            }
            checkAggregations(config, List.of(parsed), runtime.eventTypes());
            aggregations.add(new SessionAggregation(name(), parsed, config.aggregationCapacity(), config.aggregationKeyBytes()));
            if (state == SessionState.RUNNING) {
                runtime.rebuild();
            }
            return parsed.name();
        }
    }

    @Override
    public List<String> aggregations() {
        synchronized (runtime.lock()) {
            List<String> result = new ArrayList<>(aggregations.size());
            aggregations.forEach(a -> result.add(a.aggregation().toString()));
            return result;
        }
    }

    @Override
    public io.waymark.core.AggregationSnapshot aggregation(String aggregationName) {
        SessionAggregation found;
        synchronized (runtime.lock()) {
            found = aggregation0(aggregationName == null ? "" : aggregationName.trim());
            if (found == null) {
                List<String> names = new ArrayList<>();
                aggregations.forEach(a -> names.add(a.name()));
                throw new IllegalArgumentException("session '" + name() + "' has no aggregation called '" + aggregationName + "'; "
                        + (names.isEmpty() ? "it has none" : "it has " + String.join(", ", names)));
            }
        }
        return found.snapshot(); // not under the lock: reading a big table takes a while
    }

    private SessionAggregation aggregation0(String aggregationName) {
        for (SessionAggregation a : aggregations) {
            if (a.name().equals(aggregationName)) {
                return a;
            }
        }
        return null;
    }

    SessionSink sink() {
        return sink;
    }

    String backendName() {
        return backendName;
    }

    boolean isRunning() {
        return state == SessionState.RUNNING;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public SessionState state() {
        synchronized (runtime.lock()) {
            return state;
        }
    }

    @Override
    public void start() {
        synchronized (runtime.lock()) {
            requireOpen("start");
            if (state == SessionState.RUNNING) {
                return;
            }
            state = SessionState.RUNNING;
            runtime.started(this);
        }
    }

    @Override
    public void stop() {
        synchronized (runtime.lock()) {
            if (state != SessionState.RUNNING) {
                return;
            }
            state = SessionState.STOPPED;
            runtime.rebuild();
        }
        sink.flush();
    }

    @Override
    public void close() {
        boolean wasRunning;
        synchronized (runtime.lock()) {
            if (state == SessionState.CLOSED) {
                return;
            }
            // One critical section, so that a concurrent start() cannot slip in between stop and close.
            wasRunning = state == SessionState.RUNNING;
            state = SessionState.CLOSED;
            runtime.closed(this);
            if (wasRunning) {
                runtime.rebuild();
            }
        }
        if (wasRunning) {
            sink.flush();
        }
        sink.close();
    }

    @Override
    public void enable(String pattern) {
        addRule(EnablementRule.pattern(pattern, true));
    }

    @Override
    public void disable(String pattern) {
        addRule(EnablementRule.pattern(pattern, false));
    }

    /**
     * Takes the lock only after parsing: what is done under it, matching and checking a filter against
     * the loaded event types, is bounded by the pattern's length and the filter's limits.
     */
    private void addRule(EnablementRule rule) {
        synchronized (runtime.lock()) {
            requireOpen("change the rules of");
            checkAgainstLoaded(name(), rule, runtime.eventTypes());
            rules.add(rule);
            if (state == SessionState.RUNNING) {
                runtime.rebuild();
            }
        }
    }

    private void requireOpen(String action) {
        if (state == SessionState.CLOSED) {
            throw new IllegalStateException("cannot " + action + " session '" + name() + "': it is closed; create a new session");
        }
    }

    @Override
    public List<String> rules() {
        synchronized (runtime.lock()) {
            List<String> result = new ArrayList<>(rules.size());
            rules.forEach(r -> result.add(r.toString()));
            return result;
        }
    }

    /**
     * Checks a rule's filter against every loaded event type its pattern matches, reporting warnings
     * (an UNSTABLE event's fields); an error refuses the rule. Holds the runtime lock.
     *
     * @throws IllegalArgumentException naming the session, the rule and what the check found
     */
    static void checkAgainstLoaded(String session, EnablementRule rule, List<EventType> loaded) {
        if (rule.filter().isEmpty()) {
            return;
        }
        List<String> warnings = new ArrayList<>();
        for (EventType type : loaded) {
            if (rule.matches(type)) {
                EnablementRule.Check check = rule.check(type);
                if (check.error() != null) {
                    throw new IllegalArgumentException("session '" + session + "': rule '" + EnablementRule.shorten(rule.toString())
                            + "': " + check.error());
                }
                if (check.fresh()) {
                    warnings.addAll(check.filter().warnings());
                }
            }
        }
        warnings.forEach(w -> Diagnostics.warn("session '" + session + "': " + w));
    }

    @Override
    public boolean wants(EventType type) {
        synchronized (runtime.lock()) {
            return decidingRule(type) != null && targetFor(type) != null;
        }
    }

    /** The last rule that matches {@code type} when it enables it (and the level and stability allow it), else {@code null}. */
    private EnablementRule decidingRule(EventType type) {
        if (!type.level().isAtLeast(config.minLevel())) {
            return null;
        }
        if (config.stableOnly() && type.stability() != Stability.STABLE) {
            return null;
        }
        EnablementRule deciding = null;
        for (EnablementRule rule : rules) {
            if (rule.matches(type)) {
                deciding = rule;
            }
        }
        return deciding != null && deciding.enabling() ? deciding : null;
    }

    /**
     * Where this session takes events of {@code type}: {@code null} when it does not want them, its sink
     * when the deciding rule has no filter, else the sink behind the rule's filter, checked against the
     * type. A filter that fails its check (a provider loaded after the rule was set, whose event lacks a
     * field or has another type) is reported once, kept in the configuration errors, and the session
     * receives none of that type's events: it fails closed. Holds the runtime lock.
     */
    ProbeTarget targetFor(EventType type) {
        EnablementRule rule = decidingRule(type);
        if (rule == null) {
            return null;
        }
        EnablementRule.Check check = rule.check(type);
        if (check == null) {
            return sink;
        }
        if (check.error() != null) {
            if (check.fresh()) {
                String error = "session '" + name() + "': rule '" + EnablementRule.shorten(rule.toString()) + "' does not fit event "
                        + type.qualifiedName() + " as loaded: " + check.error();
                runtime.filterError(error + "; the session receives no " + type.qualifiedName() + " events until the rule is fixed",
                        error);
            }
            return null;
        }
        if (check.fresh()) {
            check.filter().warnings().forEach(w -> Diagnostics.warn("session '" + name() + "': " + w));
        }
        return new FilteringTarget(sink, check.filter());
    }

    @Override
    public List<EventType> enabledEventTypes() {
        synchronized (runtime.lock()) {
            List<EventType> result = new ArrayList<>();
            for (EventType type : runtime.eventTypes()) {
                if (wants(type)) {
                    result.add(type);
                }
            }
            return result;
        }
    }

    @Override
    public Path snapshot(Path target) throws IOException {
        Objects.requireNonNull(target, "target");
        synchronized (runtime.lock()) {
            requireOpen("take a snapshot of");
        }
        // Not under the lock: writing a trace takes a while and must not hold up other sessions.
        try {
            return sink.backend().snapshot(target.toAbsolutePath()).toAbsolutePath();
        } catch (UnsupportedOperationException e) {
            throw new UnsupportedOperationException("session '" + name() + "': backend '" + backendName
                    + "' takes no snapshots; use a backend that keeps recent events in memory, such as ctf with "
                    + "mode=overwrite (" + e.getMessage() + ")", e);
        }
    }

    /** Flushes the backend without stopping the session (guarded: a failure counts as the backend's). */
    void flush() {
        synchronized (runtime.lock()) {
            requireOpen("flush");
        }
        sink.flush();
    }

    /** The configuration the session was created with. */
    SessionConfig config() {
        return config;
    }

    @Override
    public Backend backend() {
        return sink.backend();
    }

    @Override
    public SessionStatistics statistics() {
        // read while events arrive, the counts are each a moment apart; exact once the emitting threads are quiet
        return new SessionStatistics(sink.failures(), sink.detached(), sink.recordedEvents(), sink.discarded());
    }

    @Override
    public String toString() {
        return "Session[" + name() + ", " + backendName + ", " + state() + ", " + rules()
                + (config.aggregations().isEmpty() ? "" : ", " + aggregations()) + "]";
    }
}
