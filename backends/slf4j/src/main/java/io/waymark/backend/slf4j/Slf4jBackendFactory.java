package io.waymark.backend.slf4j;

import io.waymark.backend.slf4j.internal.Slf4jBackend;
import io.waymark.backend.slf4j.internal.Slf4jSettings;
import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The {@code "slf4j"} backend: each event becomes one SLF4J 2 log record, written on the emitting thread.
 *
 * <p>A generated tracepoint hands its arguments straight to the backend ({@link Backend#argumentConsumer}): the
 * record is built from them on the emitting thread, with nothing encoded; events that take the encoded path (an
 * event with view fields, a tracepoint compiled by an older processor) get the same record from {@link
 * Backend#onEvent}.
 *
 * <p>The record: logger {@code <logger-prefix><provider>} ({@code waymark.shop.orders}), the tracepoint's level,
 * the event name as the message, one key-value per field named after the field, in declaration order, then
 * {@value #STABILITY_KEY} ({@code "STABLE"} or {@code "UNSTABLE"}) and {@value #VERSION_KEY} (the schema version,
 * an {@code Integer}), and a marker only when the setting {@value #MARKER} names one. Values keep their type: {@code boolean}, {@code byte},
 * {@code short}, {@code int}, {@code long}, {@code float}, {@code double} and {@code char} as their boxes (a JSON
 * encoder writes numbers as JSON numbers), a string as itself (a {@code null} string as empty, as the event ABI
 * records it), an enum as its constant's name ({@code null} for a {@code null} enum), a {@code byte[]} as a base64
 * string (RFC 4648, standard alphabet, padded; empty for an empty or {@code null} array).
 *
 * <p>The logger decides: a tracepoint whose logger is not enabled for its level stays dormant
 * ({@link Backend#wants}); with Logback the backend hears of level changes at once, with any other provider it
 * checks the levels every {@value #LEVEL_CHECK_INTERVAL} milliseconds (default {@value #DEFAULT_LEVEL_CHECK_MS})
 * and on {@code flush}.
 *
 * <p>Settings (all optional):
 * <ul>
 *   <li>{@value #LOGGER_PREFIX}: what precedes the provider name in the logger name, default
 *       {@value #DEFAULT_LOGGER_PREFIX}; may be empty.</li>
 *   <li>{@value #ESCAPE}: {@code lines} (default) escapes string and {@code char} values so that one record stays
 *       one line whatever the layout: backslash, double quote and control characters (line breaks included) become
 *       <code>\\ \" \n \r \t</code> or <code>&#92;uXXXX</code>; {@code none} passes them as they are, for encoders
 *       that escape themselves (JSON).</li>
 *   <li>{@value #MARKER}: the name of a marker every record carries ({@code waymark}, say); empty (the default) for
 *       none.</li>
 *   <li>{@value #TIME_KEY}: {@code true} adds the key {@value #TIME_KEY_NAME}, the event's own time in
 *       nanoseconds since the epoch (a {@code Long}); {@code false} by default.</li>
 *   <li>{@value #LEVEL_CHECK_INTERVAL}: how often the levels are checked, in milliseconds, 0 for never; by
 *       default {@value #DEFAULT_LEVEL_CHECK_MS} when the SLF4J provider is not Logback, and 0 with Logback.</li>
 * </ul>
 */
public final class Slf4jBackendFactory implements BackendFactory {

    /** The backend's name. */
    public static final String NAME = "slf4j";
    /** Setting: the logger name's prefix. */
    public static final String LOGGER_PREFIX = "logger-prefix";
    /** Setting: {@code lines} or {@code none}. */
    public static final String ESCAPE = "escape";
    /** Setting: the marker's name. */
    public static final String MARKER = "marker";
    /** Setting: whether to add {@value #TIME_KEY_NAME}. */
    public static final String TIME_KEY = "time-key";
    /** Setting: milliseconds between two level checks. */
    public static final String LEVEL_CHECK_INTERVAL = "level-check-interval-ms";

    /** The default logger name prefix. */
    public static final String DEFAULT_LOGGER_PREFIX = "waymark.";
    /** The default marker: none (a marker costs Logback two allocations per record; the logger name identifies Waymark's records). */
    public static final String DEFAULT_MARKER = "";
    /** The default level check interval when the provider does not report level changes. */
    public static final int DEFAULT_LEVEL_CHECK_MS = 1000;

    /** The key of the event's stability. */
    public static final String STABILITY_KEY = "waymark.stability";
    /** The key of the event's schema version. */
    public static final String VERSION_KEY = "waymark.version";
    /** The key of the event's time, with {@value #TIME_KEY} {@code true}. */
    public static final String TIME_KEY_NAME = "waymark.time";

    private final ILoggerFactory loggers;

    /** For {@link java.util.ServiceLoader}: the loggers of SLF4J's provider ({@link LoggerFactory#getILoggerFactory()}). */
    public Slf4jBackendFactory() {
        this.loggers = null;
    }

    /**
     * A backend writing to the given loggers rather than SLF4J's provider: a Logback {@code LoggerContext} of
     * its own, say. Use it with {@code SessionConfig.Builder.backend(BackendFactory)}.
     */
    public Slf4jBackendFactory(ILoggerFactory loggers) {
        this.loggers = Objects.requireNonNull(loggers, "loggers");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String requestedSpiVersion() {
        return BackendFactory.SPI_VERSION;
    }

    /** The settings above; the runtime refuses any other before {@link #create} is called. */
    @Override
    public Optional<Set<String>> settingNames() {
        return Optional.of(Set.of(LOGGER_PREFIX, ESCAPE, MARKER, TIME_KEY, LEVEL_CHECK_INTERVAL));
    }

    /**
     * Creates the session's backend.
     *
     * @throws IllegalArgumentException when a setting is invalid, naming it and the remedy
     */
    @Override
    public Backend create(BackendContext context) {
        Slf4jSettings settings = Slf4jSettings.parse(context);
        return new Slf4jBackend(context, settings, loggers == null ? LoggerFactory.getILoggerFactory() : loggers);
    }

    @Override
    public String toString() {
        return "Slf4jBackendFactory[" + NAME + "]";
    }
}
