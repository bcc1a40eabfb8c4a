package io.waymark.backend.slf4j.internal;

import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.ILoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * One session's SLF4J backend: logs each event on the emitting thread ({@link TypeLog#log}), wants an event type
 * while its logger is enabled for its level, and tells the runtime when that may have changed: at once with
 * Logback ({@link LogbackLevels}), otherwise from a periodic check and on {@link #flush()}.
 */
public final class Slf4jBackend implements Backend {

    private final BackendContext context;
    private final Slf4jSettings settings;
    private final ILoggerFactory loggers;
    /** The session's marker as a record's markers, {@code null} for none. */
    private final List<Marker> markers;
    private final Object lock = new Object();
    /** Copy-on-write, by identity: the runtime hands out one {@link EventType} instance per tracepoint. */
    private volatile Map<EventType, TypeLog> types = new IdentityHashMap<>();
    /**
     * The same, by event id, for the lookup on the emitting thread (an array load and a comparison instead of a
     * hash lookup); an id that two providers share keeps the first type here and the others in {@link #types}.
     */
    private volatile TypeLog[] byId = new TypeLog[0];
    private final AutoCloseable logbackListener;
    private final ScheduledExecutorService levelChecks;
    private volatile boolean closed;

    public Slf4jBackend(BackendContext context, Slf4jSettings settings, ILoggerFactory loggers) {
        this.context = context;
        this.settings = settings;
        this.loggers = loggers;
        this.markers = settings.marker().isEmpty() ? null : List.of(MarkerFactory.getMarker(settings.marker()));
        this.logbackListener = listenToLogback(context, loggers);
        int interval = settings.levelCheckMillis() >= 0 ? settings.levelCheckMillis()
                : logbackListener != null ? 0 : io.waymark.backend.slf4j.Slf4jBackendFactory.DEFAULT_LEVEL_CHECK_MS;
        if (interval > 0) {
            levelChecks = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "waymark-slf4j-levels-" + context.sessionName());
                thread.setDaemon(true);
                thread.setContextClassLoader(null); // never pins the application's class loader
                return thread;
            });
            levelChecks.scheduleWithFixedDelay(this::checkLevels, interval, interval, TimeUnit.MILLISECONDS);
        } else {
            levelChecks = null;
        }
    }

    private static AutoCloseable listenToLogback(BackendContext context, ILoggerFactory loggers) {
        if (!loggers.getClass().getName().equals(LogbackLevels.LOGGER_CONTEXT)) {
            return null; // another provider: LogbackLevels, and with it Logback, is never loaded
        }
        try {
            return LogbackLevels.listen(loggers, context::interestChanged);
        } catch (LinkageError | RuntimeException e) { // Logback not readable from here (another class loader, say)
            context.reporter().warn("slf4j backend of session '" + context.sessionName() + "': cannot listen to Logback's "
                    + "level changes, checking the levels every " + io.waymark.backend.slf4j.Slf4jBackendFactory.DEFAULT_LEVEL_CHECK_MS
                    + " ms instead", e);
            return null;
        }
    }

    /** The argument consumer given per (event type, parameters), or none. */
    private final java.util.Map<java.util.List<Object>, java.util.Optional<MethodHandle>> consumers =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The record straight from the tracepoint's arguments ({@link TypeLog#argumentConsumer}): the same record as
     * {@link #onEvent} writes, without encoding the event and reading it back.
     */
    @Override
    public MethodHandle argumentConsumer(EventType type, MethodType arguments) {
        if (closed) {
            return null;
        }
        // the same handle each time asked, so that a re-target keeps the tracepoint's compiled code
        return consumers.computeIfAbsent(java.util.List.of(type, arguments),
                key -> java.util.Optional.ofNullable(typeLog(type).argumentConsumer(arguments))).orElse(null);
    }

    /** Whether the backend was closed: a handle the runtime still holds then writes nothing. */
    boolean closed() {
        return closed;
    }

    @Override
    public void onEvent(Event event) {
        if (closed) {
            return;
        }
        typeLog(event.type()).log(event);
    }

    /** Whether the event's logger is enabled for its level: when it is not, the tracepoint stays dormant. */
    @Override
    public boolean wants(EventType type) {
        TypeLog log = typeLog(type);
        boolean wanted = log.enabled();
        log.wanted = wanted;
        return wanted;
    }

    /** Checks the levels now: the trigger for SLF4J providers that do not report level changes. */
    @Override
    public void flush() {
        checkLevels();
    }

    @Override
    public Optional<String> destination() {
        return Optional.of("SLF4J loggers '" + settings.loggerPrefix() + "<provider>' of " + loggers.getClass().getName());
    }

    @Override
    public void close() {
        closed = true;
        if (levelChecks != null) {
            levelChecks.shutdownNow();
        }
        if (logbackListener != null) {
            try {
                logbackListener.close();
            } catch (Exception e) {
                context.reporter().warn("slf4j backend of session '" + context.sessionName() + "': cannot stop listening "
                        + "to Logback", e);
            }
        }
    }

    /** Asks the runtime to re-target when a logger's answer differs from what the backend last said. */
    void checkLevels() {
        if (closed) {
            return;
        }
        boolean changed = false;
        for (TypeLog log : types.values()) {
            boolean now = log.enabled();
            if (now != log.wanted) {
                // remembered before asking: a session that stopped is never asked again, and must not be asked every tick
                log.wanted = now;
                changed = true;
            }
        }
        if (changed) {
            context.interestChanged();
        }
    }

    private TypeLog typeLog(EventType type) {
        TypeLog[] logs = byId;
        int id = type.id();
        if (id < logs.length) {
            TypeLog log = logs[id];
            if (log != null && log.type == type) {
                return log;
            }
        }
        TypeLog log = types.get(type);
        return log != null ? log : add(type);
    }

    private TypeLog add(EventType type) {
        synchronized (lock) {
            TypeLog log = types.get(type);
            if (log == null) {
                log = new TypeLog(this, type, loggers.getLogger(settings.loggerPrefix() + type.provider()), markers,
                        settings, context.clock());
                Map<EventType, TypeLog> copy = new IdentityHashMap<>(types);
                copy.put(type, log);
                types = copy;
                TypeLog[] ids = byId;
                if (type.id() >= ids.length || ids[type.id()] == null) {
                    ids = java.util.Arrays.copyOf(ids, Math.max(ids.length, type.id() + 1));
                    ids[type.id()] = log;
                    byId = ids;
                }
            }
            return log;
        }
    }

    @Override
    public String toString() {
        return "Slf4jBackend[" + context.sessionName() + ", " + types.size() + " event types]";
    }
}
