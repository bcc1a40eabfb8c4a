package io.waymark.backend.slf4j.internal;

import static io.waymark.backend.slf4j.Slf4jBackendFactory.DEFAULT_LOGGER_PREFIX;
import static io.waymark.backend.slf4j.Slf4jBackendFactory.DEFAULT_MARKER;
import static io.waymark.backend.slf4j.Slf4jBackendFactory.ESCAPE;
import static io.waymark.backend.slf4j.Slf4jBackendFactory.LEVEL_CHECK_INTERVAL;
import static io.waymark.backend.slf4j.Slf4jBackendFactory.LOGGER_PREFIX;
import static io.waymark.backend.slf4j.Slf4jBackendFactory.MARKER;
import static io.waymark.backend.slf4j.Slf4jBackendFactory.TIME_KEY;

import io.waymark.spi.BackendContext;
import java.util.Locale;

/**
 * A session's settings of the SLF4J backend, validated.
 *
 * @param loggerPrefix what precedes the provider name in a logger name
 * @param escapeLines whether string and char values are escaped to stay on one line
 * @param marker the marker's name, empty for none
 * @param timeKey whether records carry the event's time as a key
 * @param levelCheckMillis milliseconds between level checks, 0 for never, -1 when unset (decided by the provider)
 */
public record Slf4jSettings(String loggerPrefix, boolean escapeLines, String marker, boolean timeKey, int levelCheckMillis) {

    /** The largest level check interval: an hour. */
    static final int MAX_LEVEL_CHECK_MS = 3_600_000;

    /**
     * Reads and validates the context's settings.
     *
     * @throws IllegalArgumentException naming the setting, its value and the remedy
     */
    public static Slf4jSettings parse(BackendContext context) {
        String prefix = context.setting(LOGGER_PREFIX, DEFAULT_LOGGER_PREFIX);
        if (!isName(prefix)) {
            throw invalid(context, LOGGER_PREFIX, prefix, "a logger name prefix has no spaces or control characters; "
                    + "use for example 'waymark.' (the default), or an empty value for none");
        }
        String escape = context.setting(ESCAPE, "lines").trim().toLowerCase(Locale.ROOT);
        if (!escape.equals("lines") && !escape.equals("none")) {
            throw invalid(context, ESCAPE, context.setting(ESCAPE, ""), "use 'lines' (escape line breaks, quotes and "
                    + "backslashes in values, the default) or 'none' (for encoders that escape themselves, like JSON)");
        }
        String marker = context.setting(MARKER, DEFAULT_MARKER).trim();
        if (!isName(marker)) {
            throw invalid(context, MARKER, marker, "a marker name has no spaces or control characters; use for example "
                    + "'waymark', or an empty value for none (the default)");
        }
        String time = context.setting(TIME_KEY, "false").trim().toLowerCase(Locale.ROOT);
        if (!time.equals("true") && !time.equals("false")) {
            throw invalid(context, TIME_KEY, context.setting(TIME_KEY, ""), "use 'true' (add the event's time as the key "
                    + "'waymark.time') or 'false' (the default)");
        }
        String interval = context.setting(LEVEL_CHECK_INTERVAL, null);
        int millis = -1;
        if (interval != null) {
            try {
                millis = Integer.parseInt(interval.trim());
            } catch (NumberFormatException e) {
                millis = -2;
            }
            if (millis < 0 || millis > MAX_LEVEL_CHECK_MS) {
                throw invalid(context, LEVEL_CHECK_INTERVAL, interval, "use the milliseconds between two checks of the "
                        + "loggers' levels, from 1 to " + MAX_LEVEL_CHECK_MS + ", or 0 for none; leave it unset for the "
                        + "default (none with Logback, which reports level changes; 1000 with other providers)");
            }
        }
        return new Slf4jSettings(prefix, escape.equals("lines"), marker, time.equals("true"), millis);
    }

    private static boolean isName(String value) {
        return value.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
    }

    private static IllegalArgumentException invalid(BackendContext context, String setting, String value, String remedy) {
        return new IllegalArgumentException("slf4j backend of session '" + context.sessionName() + "': setting '" + setting
                + "' is '" + value + "'; " + remedy);
    }
}
