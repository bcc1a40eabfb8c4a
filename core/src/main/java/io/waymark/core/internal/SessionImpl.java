package io.waymark.core.internal;

import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.SessionState;
import io.waymark.core.SessionStatistics;
import io.waymark.spi.Backend;
import io.waymark.spi.EventType;
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
    private SessionState state = SessionState.CREATED;

    /** @param rules the config's rules, parsed before the caller took the runtime's lock */
    SessionImpl(TracingRuntime runtime, SessionConfig config, List<EnablementRule> rules, String backendName, Backend backend) {
        this.runtime = runtime;
        this.config = config;
        this.backendName = backendName;
        this.sink = new SessionSink(config.name(), backend, config.maxBackendFailures(), runtime::rebuildLater);
        this.rules.addAll(rules);
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

    /** Takes the lock only after parsing: what is done under it, matching, is bounded by the pattern's length. */
    private void addRule(EnablementRule rule) {
        synchronized (runtime.lock()) {
            requireOpen("change the rules of");
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

    @Override
    public boolean wants(EventType type) {
        synchronized (runtime.lock()) {
            if (!type.level().isAtLeast(config.minLevel())) {
                return false;
            }
            if (config.stableOnly() && type.stability() != Stability.STABLE) {
                return false;
            }
            boolean enabled = false;
            for (EnablementRule rule : rules) {
                if (rule.matches(type)) {
                    enabled = rule.enabling();
                }
            }
            return enabled;
        }
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
        return new SessionStatistics(sink.failures(), sink.detached(), sink.discardedEvents());
    }

    @Override
    public String toString() {
        return "Session[" + name() + ", " + backendName + ", " + state() + ", " + rules() + "]";
    }
}
