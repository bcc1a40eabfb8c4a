package io.waymark.core.internal;

import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.SessionState;
import io.waymark.core.SessionStatistics;
import io.waymark.spi.DiscardReason;
import io.waymark.core.management.SessionInfo;
import io.waymark.core.management.TracepointInfo;
import io.waymark.core.management.TracingMXBean;
import io.waymark.spi.EventType;
import io.waymark.spi.ProviderDescriptor;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.commons.lang3.StringUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TracingMXBean}: a thin layer over the runtime's public behaviour that validates its
 * arguments, works on sessions by name, and hands a JMX client only JDK exceptions (a client has none
 * of Waymark's classes, so a Waymark exception or cause would not even deserialize there).
 */
@Singleton
public final class TracingManagement implements TracingMXBean {

    private static final Logger LOG = LoggerFactory.getLogger("io.waymark");

    /** The message of the {@link SecurityException} every operation throws in {@code readonly} mode. */
    public static final String READONLY_MESSAGE =
            "outside control of tracing is refused by this application (waymark.management=readonly)";

    private final TracingRuntime runtime;
    private final BackendCatalog backends;
    private final StartupConfiguration startup;
    /** Sessions created here, by identity (SessionImpl keeps Object's equals); weak: a closed session goes away. */
    private final Set<Session> external = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private final AtomicBoolean closeAtExit = new AtomicBoolean();

    @Inject
    TracingManagement(TracingRuntime runtime, BackendCatalog backends, StartupConfiguration startup) {
        this.runtime = runtime;
        this.backends = backends;
        this.startup = startup;
    }

    /** The mode the application chose with {@code waymark.management}. */
    ManagementMode mode() {
        return startup.management();
    }

    // ---- attributes ----

    @Override
    public String getVersion() {
        return WaymarkVersion.get();
    }

    @Override
    public String[] getBackendNames() {
        return backends.names().toArray(new String[0]);
    }

    @Override
    public String[] getConfigurationErrors() {
        return runtime.configurationErrors().toArray(new String[0]);
    }

    @Override
    public String getControl() {
        return mode() == ManagementMode.ON ? ManagementMode.ON.settingValue() : ManagementMode.READONLY.settingValue();
    }

    @Override
    public List<TracepointInfo> getTracepoints() {
        List<Session> running = new ArrayList<>();
        for (Session session : runtime.sessions()) {
            if (session.state() == SessionState.RUNNING && !session.statistics().backendDetached()) {
                running.add(session);
            }
        }
        List<TracepointInfo> result = new ArrayList<>();
        for (ProviderDescriptor provider : runtime.providers()) {
            for (EventType type : provider.events()) {
                List<String> receivers = new ArrayList<>();
                for (Session session : running) {
                    if (session.wants(type) || ((SessionImpl) session).aggregates(type)) { // recorded or aggregated
                        receivers.add(session.name());
                    }
                }
                result.add(new TracepointInfo(type.provider(), type.name(), type.id(), type.stability().name(),
                        type.level().name(), type.version(), !receivers.isEmpty(), receivers));
            }
        }
        return result;
    }

    /** Where the session's backend records, or empty: the sink guards the backend's answer as the start-up line does. */
    private static String destination(Session session) {
        return ((SessionImpl) session).sink().destination().orElse("");
    }

    @Override
    public List<SessionInfo> getSessions() {
        List<SessionInfo> result = new ArrayList<>();
        for (Session session : runtime.sessions()) {
            SessionImpl impl = (SessionImpl) session;
            SessionStatistics statistics = session.statistics();
            List<String> settings = new ArrayList<>();
            new TreeMap<>(impl.config().backendSettings()).forEach((k, v) -> settings.add(k + "=" + v));
            result.add(new SessionInfo(session.name(), session.state().name(), impl.backendName(), session.rules(),
                    settings, destination(session), statistics.recordedEvents(), byReason(statistics), statistics.backendFailures(),
                    statistics.backendDetached(),
                    external.contains(session)));
        }
        return result;
    }

    /** Every reason the runtime knows, by name, zeros included: a JMX client finds each row it looks for. */
    private static Map<String, Long> byReason(SessionStatistics statistics) {
        Map<String, Long> result = new LinkedHashMap<>();
        for (DiscardReason reason : DiscardReason.values()) {
            result.put(reason.name(), statistics.discarded(reason));
        }
        return result;
    }

    // ---- operations ----

    @Override
    public void createSession(String name, String backend, String[] settings) {
        operate(() -> {
            if (StringUtils.isBlank(name)) {
                throw new IllegalArgumentException("argument name is " + quote(name)
                        + ": give the session a name that no open session has");
            }
            SessionConfig.Builder builder = SessionConfig.builder(name.trim());
            if (StringUtils.isBlank(backend)) {
                try {
                    backends.defaultBackend(startup.backend(), startup.origin(StartupConfiguration.BACKEND));
                } catch (IllegalStateException e) {
                    throw new IllegalArgumentException("argument backend is empty but there is no default backend ("
                            + e.getMessage() + "); name one of " + backends.names());
                }
            } else if (backend.trim().equals("none") && backends.byName("none").isEmpty()) {
                builder.backend(NoBackendFactory.INSTANCE); // a session that only aggregates
            } else if (backends.byName(backend.trim()).isEmpty()) {
                throw new IllegalArgumentException("argument backend is '" + backend + "': no such backend in this JVM; "
                        + "use one of " + backends.names());
            } else {
                builder.backend(backend.trim());
            }
            parseSettings(settings).forEach(builder::setting);
            Session session = runtime.createSession(builder.build());
            external.add(session);
            closeExternalSessionsAtExit();
            LOG.info("Waymark: session '{}' created through JMX (backend '{}')", session.name(),
                    ((SessionImpl) session).backendName());
            return null;
        });
    }

    /**
     * Nobody in the application knows the sessions created here, so nobody would close them: close
     * those still open when the JVM exits, flushing their backends, as the startup session is.
     */
    private void closeExternalSessionsAtExit() {
        if (closeAtExit.compareAndSet(false, true)) {
            Thread hook = new Thread(() -> {
                for (Session session : runtime.sessions()) {
                    if (external.contains(session)) {
                        session.close();
                    }
                }
            }, "waymark-shutdown-external");
            hook.setContextClassLoader(null);
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    /** {@code key=value} strings in order; a key given twice is refused rather than silently overridden. */
    static Map<String, String> parseSettings(String[] settings) {
        Map<String, String> result = new LinkedHashMap<>();
        if (settings == null) {
            return result;
        }
        for (String setting : settings) {
            int equals = setting == null ? -1 : setting.indexOf('=');
            if (equals <= 0 || setting.substring(0, equals).isBlank()) {
                throw new IllegalArgumentException("argument settings has " + quote(setting)
                        + ": each setting is key=value, for example mode=overwrite");
            }
            String key = setting.substring(0, equals).trim();
            if (result.putIfAbsent(key, setting.substring(equals + 1)) != null) {
                throw new IllegalArgumentException("argument settings has '" + key + "' twice ('" + key + "="
                        + result.get(key) + "' and '" + setting + "'): give each setting once");
            }
        }
        return result;
    }

    @Override
    public void enable(String session, String pattern) {
        operate(() -> {
            Session target = session(session);
            target.enable(checkPattern(pattern));
            return null;
        });
    }

    @Override
    public void disable(String session, String pattern) {
        operate(() -> {
            Session target = session(session);
            target.disable(checkPattern(pattern));
            return null;
        });
    }

    @Override
    public String aggregate(String session, String spec) {
        return operate(() -> {
            Session target = session(session);
            try {
                io.waymark.spi.aggregate.Aggregation.parse(spec == null ? "" : spec);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("argument spec: " + e.getMessage());
            }
            String name = target.aggregate(spec);
            LOG.info("Waymark: aggregation '{}' added to session '{}' through JMX", name, target.name());
            return name;
        });
    }

    @Override
    public String[] aggregations(String session) {
        return read(() -> session(session).aggregations().toArray(new String[0]));
    }

    @Override
    public io.waymark.core.management.AggregationInfo aggregation(String session, String name) {
        return read(() -> io.waymark.core.management.AggregationInfo.of(session(session).aggregation(name)));
    }

    private static String checkPattern(String pattern) {
        try {
            return EnablementRule.pattern(pattern, true).toString(); // the session's own grammar, checked with the argument named
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("argument pattern: " + e.getMessage());
        }
    }

    @Override
    public void start(String session) {
        operate(() -> {
            Session target = session(session);
            target.start();
            LOG.info("Waymark: session '{}' started through JMX", target.name());
            return null;
        });
    }

    @Override
    public void stop(String session) {
        operate(() -> {
            Session target = session(session);
            target.stop();
            LOG.info("Waymark: session '{}' stopped through JMX", target.name());
            return null;
        });
    }

    @Override
    public void flush(String session) {
        operate(() -> {
            ((SessionImpl) session(session)).flush();
            return null;
        });
    }

    @Override
    public void close(String session) {
        operate(() -> {
            Session target = session(session);
            target.close();
            LOG.info("Waymark: session '{}' closed through JMX", target.name());
            return null;
        });
    }

    @Override
    public String snapshot(String session, String path) {
        return operate(() -> {
            Session target = session(session);
            Path directory = snapshotDirectory(path);
            try {
                Path written = target.snapshot(directory);
                LOG.info("Waymark: snapshot of session '{}' written to {} through JMX", target.name(), written);
                return written.toString();
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException("argument session is '" + session + "': " + e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException("snapshot of session '" + session + "' into " + directory + " failed: " + e
                        + "; check the file system and try another path", new IOException(e.toString()));
            }
        });
    }

    /** Checks what can be checked before the backend writes: a new or empty directory in an existing, writable one. */
    private static Path snapshotDirectory(String path) {
        if (StringUtils.isBlank(path)) {
            throw new IllegalArgumentException("argument path is " + quote(path) + ": name a new directory for the snapshot");
        }
        Path directory;
        try {
            directory = Paths.get(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("argument path is '" + path + "': not a valid path (" + e.getReason() + ")");
        }
        Path parent = directory.getParent();
        if (parent == null || !Files.exists(parent)) {
            throw new IllegalArgumentException("argument path is '" + path + "': its parent directory " + parent
                    + " does not exist; create it first or choose another path");
        }
        if (!Files.isDirectory(parent)) {
            throw new IllegalArgumentException("argument path is '" + path + "': its parent " + parent
                    + " is not a directory; choose another path");
        }
        if (!Files.isWritable(parent)) {
            throw new IllegalArgumentException("argument path is '" + path + "': its parent directory " + parent
                    + " is not writable by this JVM's user; choose another path");
        }
        if (Files.exists(directory)) {
            boolean empty;
            try (var entries = Files.list(directory)) {
                empty = entries.findAny().isEmpty();
            } catch (IOException e) {
                empty = false;
            }
            if (!empty) {
                throw new IllegalArgumentException("argument path is '" + path + "': " + directory
                        + " exists and is not an empty directory; name a new directory");
            }
        }
        return directory;
    }

    private Session session(String name) {
        if (StringUtils.isBlank(name)) {
            throw new IllegalArgumentException("argument session is " + quote(name) + ": name an open session; sessions: "
                    + sessionNames());
        }
        for (Session session : runtime.sessions()) {
            if (session.name().equals(name.trim())) {
                return session;
            }
        }
        throw new IllegalArgumentException("no session named '" + name + "'; sessions: " + sessionNames());
    }

    private List<String> sessionNames() {
        return runtime.sessions().stream().map(Session::name).toList();
    }

    private static String quote(String value) {
        return value == null ? "missing" : value.isEmpty() ? "empty" : "'" + value + "'";
    }

    /**
     * Runs an operation for a client: refused in readonly mode; whatever it throws reaches the client as
     * a JDK exception with the message and no cause chain (which could hold classes the client lacks).
     */
    private <T> T operate(Supplier<T> operation) {
        if (mode() != ManagementMode.ON) {
            throw new SecurityException(READONLY_MESSAGE);
        }
        return read(operation);
    }

    /** An operation that changes nothing (reading counters): allowed in read-only mode too; errors as {@link #operate}'s. */
    private <T> T read(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (UnsupportedOperationException e) {
            throw new UnsupportedOperationException(e.getMessage());
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage());
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException(e.getMessage(), new IOException(e.getCause().getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("Waymark: a management operation failed unexpectedly; the application and its sessions are unaffected", e);
            throw new IllegalStateException(e.toString());
        }
    }
}
