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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime: knows every registered provider and every open session, and recomputes each
 * tracepoint's dispatch target whenever either changes. All state is guarded by one lock; only the
 * slow path takes it. The hot path sees the result through {@link Probe#update}.
 */
@Singleton
public final class TracingRuntime {

    private static final Logger LOG = LoggerFactory.getLogger("io.waymark");

    private final Object lock = new Object();
    private final BackendCatalog backends;
    private final StartupConfiguration startup;
    private final Executor maintenance;
    private final List<RegisteredProvider> providers = new ArrayList<>();
    private final Map<String, SessionImpl> sessions = new LinkedHashMap<>();
    private SessionImpl startupSession;

    @Inject
    TracingRuntime(BackendCatalog backends, StartupConfiguration startup, @Named("maintenance") Executor maintenance) {
        this.backends = backends;
        this.startup = startup;
        this.maintenance = maintenance;
    }

    /** Subscribes to the provider registry, reports the backend situation, and starts the startup session if configured. */
    public void init() {
        ProbeRegistry.subscribe(this::providerRegistered);
        for (String error : startup.errors()) {
            LOG.error("Waymark: {}. No startup session is started; the application continues with tracing dormant.", error);
        }
        if (backends.names().isEmpty()) {
            LOG.warn("Waymark: no backend found on the class path, tracepoints stay dormant. "
                    + "Add a backend jar such as io.waymark:waymark-backend-memory.");
            return;
        }
        if (startup.wantsStartupSession() && startup.errors().isEmpty()) {
            try {
                SessionConfig.Builder builder = SessionConfig.builder("startup")
                        .minLevel(startup.minLevel())
                        .stableOnly(startup.stableOnly());
                startup.rules().forEach(rule -> {
                    if (rule.startsWith("!")) {
                        builder.disable(rule.substring(1));
                    } else {
                        builder.enable(rule);
                    }
                });
                startup.settings().forEach(builder::setting);
                SessionImpl session = (SessionImpl) createSession(builder.build());
                session.start();
                startupSession = session;
                // Nobody else owns the startup session: close it (flushing its backend) when the JVM exits.
                Thread hook = new Thread(session::close, "waymark-shutdown");
                hook.setContextClassLoader(null);
                Runtime.getRuntime().addShutdownHook(hook);
                LOG.info("Waymark: startup session recording {} to backend '{}'", startup.rules(), session.backendName());
            } catch (RuntimeException e) {
                LOG.error("Waymark: the startup session could not start: {}. The application continues with tracing dormant.",
                        e.getMessage());
            }
        }
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

    public List<String> configurationErrors() {
        return startup.errors();
    }

    public Session createSession(SessionConfig config) {
        BackendFactory factory = resolve(config);
        synchronized (lock) {
            if (sessions.containsKey(config.name())) {
                throw new IllegalArgumentException("a session called '" + config.name()
                        + "' is already open; close it first or choose another name");
            }
        }
        BackendContext context = new BackendContext(config.name(), ClockAnchor.now(), config.backendSettings());
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
            SessionImpl session = new SessionImpl(this, config, factory.name(), backend);
            sessions.put(config.name(), session);
            return session;
        }
    }

    private BackendFactory resolve(SessionConfig config) {
        if (config.backendFactory() != null) {
            return config.backendFactory();
        }
        if (config.backendName() != null) {
            return backends.byName(config.backendName()).orElseThrow(() -> new IllegalArgumentException(
                    "session '" + config.name() + "': no backend called '" + config.backendName() + "' on the class path; available: "
                            + backends.names()));
        }
        return backends.defaultBackend(startup.backend());
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

    /** Recomputes every tracepoint's target. Holds the lock. */
    void rebuild() {
        Map<Probe, ProbeTarget> targets = new IdentityHashMap<>();
        for (RegisteredProvider provider : providers) {
            for (Probe probe : provider.probes()) {
                targets.put(probe, targetFor(probe.type()));
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
                targets.put(probe, targetFor(probe.type()));
            }
            Probe.update(targets);
        }
    }

    private ProbeTarget targetFor(EventType type) {
        List<SessionSink> sinks = new ArrayList<>(2);
        for (SessionImpl session : sessions.values()) {
            if (session.isRunning() && !session.sink().detached() && session.wants(type)) {
                sinks.add(session.sink());
            }
        }
        if (sinks.isEmpty()) {
            return ProbeTarget.NONE;
        }
        return sinks.size() == 1 ? sinks.get(0) : new Fanout(sinks.toArray(new SessionSink[0]));
    }
}
