package io.waymark.backend.slf4j.internal;

import static io.waymark.backend.slf4j.Slf4jBackendFactory.STABILITY_KEY;
import static io.waymark.backend.slf4j.Slf4jBackendFactory.TIME_KEY_NAME;
import static io.waymark.backend.slf4j.Slf4jBackendFactory.VERSION_KEY;

import io.waymark.spi.ClockAnchor;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldType;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventAware;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Everything about one event type that does not change from one event to the next: its logger and level, its
 * keys, its constant key-values. Built once per type when the runtime first asks whether the backend wants it.
 */
final class TypeLog {

    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    final EventType type;
    final Logger logger;
    final Level level;
    final String message;
    /** The marker as a list, or {@code null} for none (what {@link org.slf4j.event.LoggingEvent#getMarkers()} returns). */
    final List<Marker> markers;
    /** The logger as the SLF4J 2 event API's target, or {@code null}: then the fluent API. */
    private final LoggingEventAware eventAware;
    private final String[] keys;
    private final FieldType[] types;
    private final KeyValuePair stability;
    private final KeyValuePair version;
    private final boolean escapeLines;
    private final ClockAnchor clock;
    private final boolean timeKey;
    private final int pairCount;
    /** The backend's last answer to {@code wants(type)}, which the level checks compare with. */
    volatile boolean wanted;

    TypeLog(EventType type, Logger logger, Marker marker, Slf4jSettings settings, ClockAnchor clock) {
        this.type = type;
        this.logger = logger;
        this.level = Level.valueOf(type.level().name()); // Waymark's and SLF4J's levels have the same names
        this.message = type.name();
        this.markers = marker == null ? null : List.of(marker);
        this.eventAware = logger instanceof LoggingEventAware aware ? aware : null;
        this.keys = new String[type.fieldCount()];
        this.types = new FieldType[type.fieldCount()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = type.field(i).name();
            types[i] = type.field(i).type();
        }
        this.stability = new KeyValuePair(STABILITY_KEY, type.stability().name());
        this.version = new KeyValuePair(VERSION_KEY, type.version());
        this.escapeLines = settings.escapeLines();
        this.clock = clock;
        this.timeKey = settings.timeKey();
        this.pairCount = keys.length + (timeKey ? 3 : 2);
    }

    /** Whether the logger is enabled for the event's level now. */
    boolean enabled() {
        return logger.isEnabledForLevel(level);
    }

    /** Logs the event, unless its logger was turned off since the runtime last asked (the tracepoint follows soon). */
    void log(Event event) {
        if (!logger.isEnabledForLevel(level)) {
            return;
        }
        int fields = keys.length;
        KeyValuePair[] pairs = new KeyValuePair[pairCount];
        for (int i = 0; i < fields; i++) {
            pairs[i] = new KeyValuePair(keys[i], value(event, i));
        }
        int writerVersion = event.version();
        pairs[fields] = stability;
        pairs[fields + 1] = writerVersion == type.version() ? version : new KeyValuePair(VERSION_KEY, writerVersion);
        long timestamp = event.timestampNanos();
        if (timeKey) {
            pairs[fields + 2] = new KeyValuePair(TIME_KEY_NAME, clock.toEpochNanos(timestamp));
        }
        if (eventAware != null) {
            eventAware.log(new WaymarkLoggingEvent(this, Arrays.asList(pairs),
                    Math.floorDiv(clock.toEpochNanos(timestamp), 1_000_000L), event.threadName()));
        } else {
            LoggingEventBuilder builder = logger.makeLoggingEventBuilder(level);
            for (KeyValuePair pair : pairs) {
                builder.addKeyValue(pair.key, pair.value);
            }
            if (markers != null) {
                builder.addMarker(markers.get(0));
            }
            builder.log(message);
        }
    }

    /** Field {@code i} as the object the record carries (see {@code Slf4jBackendFactory}). */
    private Object value(Event event, int i) {
        return switch (types[i]) {
            case BOOLEAN -> event.getBoolean(i);
            case BYTE -> event.getByte(i);
            case SHORT -> event.getShort(i);
            case CHAR -> {
                char c = event.getChar(i);
                yield escapeLines && LineEscaper.needsEscape(c) ? LineEscaper.escape(String.valueOf(c)) : (Object) c;
            }
            case INT -> event.getInt(i);
            case LONG -> event.getLong(i);
            case FLOAT -> event.getFloat(i);
            case DOUBLE -> event.getDouble(i);
            case STRING -> escapeLines ? LineEscaper.escape(event.getString(i)) : event.getString(i);
            case ENUM -> event.getEnumLabel(i); // a Java identifier, or null: nothing to escape
            case BYTES -> BASE64.encodeToString(event.getBytes(i));
        };
    }
}
