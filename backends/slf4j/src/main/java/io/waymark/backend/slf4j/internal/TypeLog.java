package io.waymark.backend.slf4j.internal;

import static io.waymark.backend.slf4j.Slf4jBackendFactory.STABILITY_KEY;
import static io.waymark.backend.slf4j.Slf4jBackendFactory.TIME_KEY_NAME;
import static io.waymark.backend.slf4j.Slf4jBackendFactory.VERSION_KEY;
import static java.lang.invoke.MethodType.methodType;

import io.waymark.spi.ClockAnchor;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.WrongMethodTypeException;
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
 *
 * <p>Two ways in, one record: {@link #log(Event)} reads an encoded event, {@link #argumentConsumer} takes the
 * tracepoint's arguments. Both turn each value into the record's object with the same methods (boxing,
 * {@link #charValue}, {@link #stringValue}, {@link #enumValue}, {@link #bytesValue}) and end in {@link #emit}.
 */
final class TypeLog {

    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    /** The time of a record taken from the arguments: read when a provider asks for it, during the call. */
    static final long TIME_NOW = Long.MIN_VALUE;
    /** The class of Logback's loggers, by name: the backend loads nothing of Logback here. */
    private static final String LOGBACK_LOGGER = "ch.qos.logback.classic.Logger";

    final EventType type;
    final Logger logger;
    final Level level;
    final String message;
    /** The record's markers, or {@code null} for none (what {@link org.slf4j.event.LoggingEvent#getMarkers()} returns). */
    final List<Marker> markers;
    /** The logger as the SLF4J 2 event API's target, or {@code null}: then the fluent API. */
    private final LoggingEventAware eventAware;
    private final Slf4jBackend backend;
    private final String[] keys;
    private final FieldType[] types;
    /** Per field, the enum labels by ordinal ({@code null} for other fields). */
    private final String[][] labels;
    private final KeyValuePair stability;
    private final KeyValuePair version;
    /** Whether a record taken from the arguments reads the clock for {@link WaymarkLoggingEvent#getTimeStamp()}. */
    private final boolean clockPerRecord;
    private final boolean escapeLines;
    private final ClockAnchor clock;
    private final boolean timeKey;
    private final int pairCount;
    /** The backend's last answer to {@code wants(type)}, which the level checks compare with. */
    volatile boolean wanted;

    TypeLog(Slf4jBackend backend, EventType type, Logger logger, List<Marker> markers, Slf4jSettings settings,
            ClockAnchor clock) {
        this.backend = backend;
        this.type = type;
        this.logger = logger;
        this.level = Level.valueOf(type.level().name()); // Waymark's and SLF4J's levels have the same names
        this.message = type.name();
        this.markers = markers;
        this.eventAware = logger instanceof LoggingEventAware aware ? aware : null;
        int fields = type.fieldCount();
        this.keys = new String[fields];
        this.types = new FieldType[fields];
        this.labels = new String[fields][];
        for (int i = 0; i < fields; i++) {
            FieldDescriptor field = type.field(i);
            keys[i] = field.name();
            types[i] = field.type();
            labels[i] = field.type() == FieldType.ENUM ? field.enumLabels().toArray(String[]::new) : null;
        }
        this.stability = new KeyValuePair(STABILITY_KEY, type.stability().name());
        this.version = new KeyValuePair(VERSION_KEY, type.version());
        // Logback 1.5 stamps a record itself and ignores LoggingEvent.getTimeStamp(): no clock read for it
        this.clockPerRecord = eventAware != null && !logger.getClass().getName().equals(LOGBACK_LOGGER);
        this.escapeLines = settings.escapeLines();
        this.clock = clock;
        this.timeKey = settings.timeKey();
        this.pairCount = fields + (timeKey ? 3 : 2);
    }

    /** Whether the logger is enabled for the event's level now. */
    boolean enabled() {
        return logger.isEnabledForLevel(level);
    }

    /** Whether a record is written now: the session is open and the logger enabled for the level. */
    private boolean logs() {
        return !backend.closed() && logger.isEnabledForLevel(level);
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
        long epochNanos = clock.toEpochNanos(event.timestampNanos());
        if (timeKey) {
            pairs[fields + 2] = new KeyValuePair(TIME_KEY_NAME, epochNanos);
        }
        emit(pairs, Math.floorDiv(epochNanos, 1_000_000L), event.threadName());
    }

    /** The record of a tracepoint's arguments: {@code pairs} holds the fields, stability and version, sized {@link #pairCount}. */
    private void logArguments(KeyValuePair[] pairs) {
        if (timeKey) {
            pairs[keys.length + 2] = new KeyValuePair(TIME_KEY_NAME, clock.toEpochNanos(System.nanoTime()));
        }
        emit(pairs, clockPerRecord ? System.currentTimeMillis() : TIME_NOW, null);
    }

    /**
     * Hands the record to the logger.
     *
     * @param timeStampMillis the record's time, or {@link #TIME_NOW}
     * @param threadName the emitting thread's name, or {@code null} for the current thread's
     */
    private void emit(KeyValuePair[] pairs, long timeStampMillis, String threadName) {
        if (eventAware != null) {
            eventAware.log(new WaymarkLoggingEvent(this, Arrays.asList(pairs), timeStampMillis, threadName));
        } else {
            LoggingEventBuilder builder = logger.makeLoggingEventBuilder(level);
            for (KeyValuePair pair : pairs) {
                builder.addKeyValue(pair.key, pair.value);
            }
            if (markers != null) {
                for (Marker marker : markers) {
                    builder.addMarker(marker);
                }
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
            case CHAR -> escapeLines ? charValue(event.getChar(i)) : (Object) event.getChar(i);
            case INT -> event.getInt(i);
            case LONG -> event.getLong(i);
            case FLOAT -> event.getFloat(i);
            case DOUBLE -> event.getDouble(i);
            case STRING -> escapeLines ? stringValue(event.getString(i)) : event.getString(i);
            case ENUM -> event.getEnumLabel(i); // a Java identifier, or null: nothing to escape
            case BYTES -> bytesValue(event.getBytes(i));
        };
    }

    /** A {@code char}, escaped: a {@code String} when it needs escaping, else its box. */
    static Object charValue(char c) {
        return LineEscaper.needsEscape(c) ? LineEscaper.escape(String.valueOf(c)) : (Object) c;
    }

    /** A string, escaped; a {@code null} string is empty (the event ABI). */
    static String stringValue(String s) {
        return s == null ? "" : LineEscaper.escape(s);
    }

    /** A string as it is; a {@code null} string is empty (the event ABI). */
    static String plainStringValue(String s) {
        return s == null ? "" : s;
    }

    /** A {@code byte[]} as base64; a {@code null} array as an empty one. */
    static String bytesValue(byte[] bytes) {
        return bytes == null ? "" : BASE64.encodeToString(bytes);
    }

    /** An enum constant's label as the event type declares it ({@link FieldDescriptor#enumLabel}); {@code null} stays {@code null}. */
    static String enumValue(String[] labels, Enum<?> value) {
        if (value == null) {
            return null;
        }
        int ordinal = value.ordinal();
        return ordinal < labels.length ? labels[ordinal] : "#" + ordinal;
    }

    // ---- the arguments path ----

    /**
     * {@code (P1..Pn)void}, converted to {@code arguments}: the record straight from the tracepoint's arguments,
     * the same as {@link #log(Event)} writes for the same values; {@code null} when {@code arguments} does not
     * match the event type (then the runtime encodes, and {@link #log(Event)} writes).
     */
    MethodHandle argumentConsumer(MethodType arguments) {
        int fields = keys.length;
        if (arguments.parameterCount() != fields) {
            return null;
        }
        // (KeyValuePair x fields)void: the fields' pairs; stability, version (and the time's slot, which
        // logArguments fills) bound after them
        MethodHandle log = Handles.LOG_ARGUMENTS.bindTo(this).asCollector(KeyValuePair[].class, pairCount);
        log = timeKey ? MethodHandles.insertArguments(log, fields, stability, version, null)
                : MethodHandles.insertArguments(log, fields, stability, version);
        MethodHandle[] pairs = new MethodHandle[fields];
        for (int i = 0; i < fields; i++) {
            MethodHandle value = valueHandle(i, arguments.parameterType(i));
            if (value == null) {
                return null;
            }
            pairs[i] = MethodHandles.filterReturnValue(value, MethodHandles.insertArguments(Handles.PAIR, 0, keys[i]));
        }
        MethodHandle record = MethodHandles.filterArguments(log, 0, pairs);
        MethodHandle logs = MethodHandles.dropArguments(Handles.LOGS.bindTo(this), 0, record.type().parameterList());
        MethodHandle consumer = MethodHandles.guardWithTest(logs, record, MethodHandles.empty(record.type()));
        try {
            return consumer.asType(arguments);
        } catch (WrongMethodTypeException e) {
            return null; // a parameter of another type than the field's: the encoded path stays right
        }
    }

    /** {@code (P)Object}: field {@code i}'s value as the record carries it, or {@code null} if {@code declared} is not its type. */
    private MethodHandle valueHandle(int i, Class<?> declared) {
        FieldType fieldType = types[i];
        MethodHandle value = switch (fieldType) {
            case BOOLEAN -> MethodHandles.identity(boolean.class);
            case BYTE -> MethodHandles.identity(byte.class);
            case SHORT -> MethodHandles.identity(short.class);
            case CHAR -> escapeLines ? Handles.CHAR : MethodHandles.identity(char.class);
            case INT -> MethodHandles.identity(int.class);
            case LONG -> MethodHandles.identity(long.class);
            case FLOAT -> MethodHandles.identity(float.class);
            case DOUBLE -> MethodHandles.identity(double.class);
            case STRING -> escapeLines ? Handles.STRING : Handles.PLAIN_STRING;
            case ENUM -> Handles.ENUM.bindTo(labels[i]);
            case BYTES -> Handles.BYTES;
        };
        Class<?> parameter = value.type().parameterType(0);
        boolean matches = fieldType == FieldType.ENUM ? declared.isEnum() || declared == Enum.class : declared == parameter;
        return matches ? value.asType(methodType(Object.class, parameter)) : null; // primitives boxed as valueOf does
    }

    /** The method handles of the arguments path, looked up when the first one is built. */
    private static final class Handles {
        static final MethodHandle PAIR;
        static final MethodHandle LOG_ARGUMENTS;
        static final MethodHandle LOGS;
        static final MethodHandle CHAR;
        static final MethodHandle STRING;
        static final MethodHandle PLAIN_STRING;
        static final MethodHandle BYTES;
        static final MethodHandle ENUM;

        static {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            try {
                PAIR = lookup.findConstructor(KeyValuePair.class, methodType(void.class, String.class, Object.class));
                LOG_ARGUMENTS = lookup.findVirtual(TypeLog.class, "logArguments", methodType(void.class, KeyValuePair[].class));
                LOGS = lookup.findVirtual(TypeLog.class, "logs", methodType(boolean.class));
                CHAR = lookup.findStatic(TypeLog.class, "charValue", methodType(Object.class, char.class));
                STRING = lookup.findStatic(TypeLog.class, "stringValue", methodType(String.class, String.class));
                PLAIN_STRING = lookup.findStatic(TypeLog.class, "plainStringValue", methodType(String.class, String.class));
                BYTES = lookup.findStatic(TypeLog.class, "bytesValue", methodType(String.class, byte[].class));
                ENUM = lookup.findStatic(TypeLog.class, "enumValue", methodType(String.class, String[].class, Enum.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
