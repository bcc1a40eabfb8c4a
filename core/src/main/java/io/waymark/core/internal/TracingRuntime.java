package io.waymark.core.internal;

import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.EventType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.probe.Probe;
import io.waymark.spi.probe.ProbeRegistry;
import io.waymark.spi.probe.ProbeTarget;
import io.waymark.spi.probe.RegisteredProvider;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The runtime: knows every registered provider and every open session, and recomputes each
 * tracepoint's dispatch target whenever either changes. All state is guarded by one lock; only the
 * slow path takes it. The hot path sees the result through {@link Probe#update}.
 *
 * <p>The lock is taken on application threads while a provider class initialises and by the shutdown
 * hook, so it is never held across work whose cost the user controls: rules are parsed before it is
 * taken, and what remains under it, matching parsed rules ({@link io.waymark.spi.Glob}, patterns of at
 * most {@link EnablementRule#MAX_PATTERN_LENGTH} characters), is bounded by the patterns' length times
 * the names' length, with no regular expression.
 */
@Singleton
public final class TracingRuntime {

    private final Object lock = new Object();
    private final BackendCatalog backends;
    private final StartupConfiguration startup;
    private final Executor maintenance;
    private final List<RegisteredProvider> providers = new ArrayList<>();
    private final Map<String, SessionImpl> sessions = new LinkedHashMap<>();
    private final List<String> configurationErrors = new ArrayList<>();
    private SessionImpl startupSession;
    private final AtomicBoolean rebuildPending = new AtomicBoolean();

    @Inject
    TracingRuntime(BackendCatalog backends, StartupConfiguration startup, @Named("maintenance") Executor maintenance) {
        this.backends = backends;
        this.startup = startup;
        this.maintenance = maintenance;
    }

    /**
     * Subscribes to the provider registry, reports the backend situation, and starts the startup
     * session if configured. Every error it reports is also kept for {@link #configurationErrors()}.
     */
    public void init() {
        ProbeRegistry.subscribe(this::providerRegistered);
        for (String error : startup.errors()) {
            startupError(error + ". No startup session is started; the application continues with tracing dormant.", error);
        }
        if (startup.onlyAggregates() && startup.backend().isEmpty()) {
            if (startup.errors().isEmpty()) {
                startStartupSession();
            }
            return;
        }
        if (backends.names().isEmpty()) {
            Diagnostics.warn("no backend found on the class path, tracepoints stay dormant. To record traces add "
                    + BackendCatalog.RECOMMENDED + " (see the README, 'Pick a backend').");
            return;
        }
        Optional<String> configured = startup.backend();
        if (configured.isPresent() && backends.byName(configured.get()).isEmpty()) {
            String error = BackendCatalog.noSuchBackend(startup.origin(StartupConfiguration.BACKEND), configured.get(),
                    backends.names());
            startupError(error + ". No startup session is started; the application continues with tracing dormant.", error);
            return;
        }
        if (startup.wantsStartupSession() && startup.errors().isEmpty()) {
            startStartupSession();
        }
    }

    private void startStartupSession() {
        String dormant = ". The application continues with tracing dormant.";
        BackendFactory factory;
        try {
            factory = startup.onlyAggregates() && startup.backend().isEmpty() ? NoBackendFactory.INSTANCE
                    : backends.defaultBackend(startup.backend(), startup.origin(StartupConfiguration.BACKEND));
        } catch (IllegalStateException e) {
            startupError("the startup session could not start: " + e.getMessage() + dormant, e.getMessage());
            return;
        }
        List<SettingNames.Unknown> unknown = SettingNames.unknown(factory, startup.settings().keySet());
        for (SettingNames.Unknown setting : unknown) {
            String error = startup.origin(StartupConfiguration.SETTING_PREFIX + setting.name())
                    + " names no setting of backend '" + factory.name() + "'"
                    + setting.closest().map(c -> " (did you mean " + startup.suggestSetting(setting.name(), c) + "?)").orElse("")
                    + "; " + SettingNames.declared(factory);
            startupError("the startup session could not start: " + error + dormant, error);
        }
        if (!unknown.isEmpty()) {
            return;
        }
        try {
            SessionConfig.Builder builder = SessionConfig.builder("startup")
                    .backend(factory)
                    .minLevel(startup.minLevel())
                    .stableOnly(startup.stableOnly());
            startup.rules().forEach(builder::rule);
            startup.aggregations().forEach(builder::aggregate);
            builder.aggregationCapacity(startup.aggregationCapacity()).aggregationKeyBytes(startup.aggregationKeyBytes());
            startup.settings().forEach(builder::setting);
            SessionImpl session = (SessionImpl) createSession(builder.build());
            session.start();
            synchronized (lock) {
                startupSession = session;
            }
            // Nobody else owns the startup session: close it (flushing its backend) when the JVM exits.
            Thread hook = new Thread(session::close, "waymark-shutdown");
            hook.setContextClassLoader(null);
            Runtime.getRuntime().addShutdownHook(hook);
            Diagnostics.info(startup.onlyAggregates() ? "startup session aggregating " + session.aggregations()
                    : "startup session recording " + startup.rules() + " to backend '" + session.backendName() + "'"
                    + session.sink().destination().map(d -> ": " + d).orElse("")
                    + (startup.aggregations().isEmpty() ? "" : ", aggregating " + session.aggregations()));
        } catch (RuntimeException e) {
            startupError("the startup session could not start: " + e.getMessage() + dormant, e.getMessage());
        }
    }

    /** Logs a start-up error and keeps it for {@link #configurationErrors()}, so a health check sees what the log says. */
    private void startupError(String logged, String error) {
        synchronized (lock) {
            configurationErrors.add(error);
        }
        Diagnostics.error(logged);
    }

    /**
     * Reports a filter that failed its check against a provider that registered after the rule was set,
     * and keeps it for {@link #configurationErrors()}. Holds the lock.
     */
    void filterError(String logged, String error) {
        configurationErrors.add(error);
        Diagnostics.error(logged);
    }

    /** The session configured by system properties, if one is running. */
    public Optional<Session> startupSession() {
        synchronized (lock) {
            return Optional.<Session>ofNullable(startupSession);
        }
    }

    public List<String> backendNames() {
        return backends.names();
    }

    /**
     * Every configuration error reported: at start-up, malformed values, an unknown backend or setting, a
     * startup session that failed; later, a session's filter that did not fit a provider loaded after it was set.
     */
    public List<String> configurationErrors() {
        synchronized (lock) {
            return List.copyOf(configurationErrors);
        }
    }

    public Session createSession(SessionConfig config) {
        BackendFactory factory = resolve(config);
        List<SettingNames.Unknown> unknown = SettingNames.unknown(factory, config.backendSettings().keySet());
        if (!unknown.isEmpty()) {
            List<String> described = new ArrayList<>();
            unknown.forEach(u -> described.add("'" + u.name() + "'" + u.closest().map(c -> " (did you mean '" + c + "'?)").orElse("")));
            throw new IllegalArgumentException("session '" + config.name() + "': backend '" + factory.name() + "' has no setting"
                    + (unknown.size() == 1 ? " " : "s ") + String.join(", ", described) + "; " + SettingNames.declared(factory));
        }
        // Parsed here, not under the lock: the lock is held only for work bounded independently of the rules' text.
        List<EnablementRule> rules = new ArrayList<>(config.rules().size());
        config.rules().forEach(rule -> rules.add(EnablementRule.parse(rule)));
        List<io.waymark.spi.aggregate.Aggregation> aggregations = new ArrayList<>(config.aggregations().size());
        config.aggregations().forEach(a -> aggregations.add(io.waymark.spi.aggregate.Aggregation.parse(a)));
        synchronized (lock) {
            if (sessions.containsKey(config.name())) {
                throw new IllegalArgumentException("a session called '" + config.name()
                        + "' is already open; close it first or choose another name");
            }
            // filters are checked when set, against the providers loaded now; later ones when they register
            List<EventType> loaded = eventTypes();
            for (EnablementRule rule : rules) {
                SessionImpl.checkAgainstLoaded(config.name(), rule, loaded);
            }
            SessionImpl.checkAggregations(config, aggregations, loaded);
        }
        BackendContext context = new BackendContext(config.name(), ClockAnchor.now(), config.backendSettings(),
                Diagnostics.REPORTER, this::interestChanged);
        Backend backend;
        try {
            backend = factory.create(context);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalStateException("backend '" + factory.name() + "' could not be created for session '"
                    + config.name() + "': " + e, e);
        }
        if (backend == null) {
            throw new IllegalStateException("backend '" + factory.name() + "' returned no backend for session '" + config.name() + "'");
        }
        synchronized (lock) {
            if (sessions.containsKey(config.name())) {
                backend.close();
                throw new IllegalArgumentException("a session called '" + config.name()
                        + "' is already open; close it first or choose another name");
            }
            SessionImpl session = new SessionImpl(this, config, rules, factory.name(), backend);
            sessions.put(config.name(), session);
            return session;
        }
    }

    private BackendFactory resolve(SessionConfig config) {
        if (config.backendFactory() != null) {
            Optional<String> refusal = SpiHandshake.refusal(config.backendFactory());
            if (refusal.isPresent()) {
                throw new IllegalArgumentException("session '" + config.name() + "': " + refusal.get());
            }
            return config.backendFactory();
        }
        if (config.backendName() == null && config.rules().isEmpty() && !config.aggregations().isEmpty()) {
            return NoBackendFactory.INSTANCE; // a session that only aggregates records nothing: it needs no backend
        }
        if (config.backendName() != null) {
            return backends.byName(config.backendName()).orElseThrow(() -> new IllegalArgumentException(
                    "session '" + config.name() + "': no backend called '" + config.backendName() + "' on the class path; available: "
                            + backends.names() + backends.refusedNote()));
        }
        return backends.defaultBackend(startup.backend(), startup.origin(StartupConfiguration.BACKEND));
    }

    public List<Session> sessions() {
        synchronized (lock) {
            return List.copyOf(sessions.values());
        }
    }

    public List<ProviderDescriptor> providers() {
        synchronized (lock) {
            List<ProviderDescriptor> result = new ArrayList<>(providers.size());
            providers.forEach(p -> result.add(p.descriptor()));
            return result;
        }
    }

    // ---- slow path, called by sessions ----

    Object lock() {
        return lock;
    }

    /** Tells a starting session's backend about every provider, then turns its tracepoints on. Holds the lock. */
    void started(SessionImpl session) {
        // a copy: a backend that loads a provider class re-enters providerRegistered on this thread
        for (RegisteredProvider provider : List.copyOf(providers)) {
            session.sink().providerRegistered(provider.descriptor(), provider.index());
        }
        rebuild();
    }

    void closed(SessionImpl session) {
        sessions.remove(session.name(), session);
        if (startupSession == session) {
            startupSession = null;
        }
    }

    List<EventType> eventTypes() {
        List<EventType> types = new ArrayList<>();
        providers.forEach(p -> types.addAll(p.descriptor().events()));
        return types;
    }

    /** Asks for a rebuild from a thread that must not block (a failing backend on an application thread). */
    void rebuildLater() {
        maintenance.execute(() -> {
            synchronized (lock) {
                rebuild();
            }
        });
    }

    /**
     * A backend's {@link BackendContext#interestChanged()}: one rebuild on the maintenance thread answers every
     * request made before it starts, so a backend that calls it in a burst (a listener per logger) costs one.
     */
    private void interestChanged() {
        if (rebuildPending.compareAndSet(false, true)) {
            maintenance.execute(() -> {
                rebuildPending.set(false); // before rebuilding: a request arriving during the rebuild gets another
                synchronized (lock) {
                    rebuild();
                }
            });
        }
    }

    /** Recomputes every tracepoint's target. Holds the lock. */
    void rebuild() {
        Map<Probe, ProbeTarget> targets = new IdentityHashMap<>();
        for (RegisteredProvider provider : providers) {
            for (Probe probe : provider.probes()) {
                targets.put(probe, targetFor(probe));
            }
        }
        Probe.update(targets);
    }

    private void providerRegistered(RegisteredProvider provider) {
        synchronized (lock) {
            providers.add(provider);
            for (SessionImpl session : List.copyOf(sessions.values())) {
                if (session.isRunning()) {
                    session.sink().providerRegistered(provider.descriptor(), provider.index());
                }
            }
            Map<Probe, ProbeTarget> targets = new IdentityHashMap<>();
            for (Probe probe : provider.probes()) {
                targets.put(probe, targetFor(probe));
            }
            Probe.update(targets);
        }
    }

    /**
     * The target of a tracepoint: the sinks of the running sessions that want its events, each behind
     * its session's filter when the session filters them; {@link ProbeTarget#NONE} when none does.
     */
    private ProbeTarget targetFor(Probe probe) {
        if (probe.argumentsType() == null) {
            return targetFor(probe.type());
        }
        try {
            return routeFor(probe);
        } catch (RuntimeException e) {
            // a handle that cannot be combined (a bug, or a backend's handle of an unexpected shape): the encoded path still works
            Diagnostics.warn("tracepoint " + probe.type().qualifiedName() + ": its events take the encoded path only: " + e, null);
            return targetFor(probe.type());
        }
    }

    private ProbeTarget routeFor(Probe probe) {
        EventType type = probe.type();
        Route.Builder route = new Route.Builder(probe);
        List<ProbeTarget> others = new ArrayList<>(1);
        for (SessionImpl session : sessions.values()) {
            if (session.isRunning() && !session.sink().detached()) {
                ProbeTarget target = session.targetFor(type);
                if (target != null && session.sink().wants(type)) {
                    route.session(session.sink(), target);
                }
                others.clear();
                session.aggregationTargets(type, others);
                others.forEach(route::other);
            }
        }
        return route.build();
    }

    /** {@link #targetFor(Probe)} for a tracepoint whose generated code hands no arguments (an older processor, view fields). */
    private ProbeTarget targetFor(EventType type) {
        List<ProbeTarget> sinks = new ArrayList<>(2);
        for (SessionImpl session : sessions.values()) {
            if (session.isRunning() && !session.sink().detached()) {
                ProbeTarget target = session.targetFor(type);
                if (target != null && session.sink().wants(type)) {
                    sinks.add(target);
                }
                session.aggregationTargets(type, sinks); // aggregations count whatever the backend wants
            }
        }
        if (sinks.isEmpty()) {
            return ProbeTarget.NONE;
        }
        return sinks.size() == 1 ? sinks.get(0) : new Fanout(sinks.toArray(new ProbeTarget[0]));
    }
}
