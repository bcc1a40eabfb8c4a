package io.waymark.backend.otel.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.waymark.Level;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.wire.EventDecoder;
import java.time.Instant;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Turns buffered records into OpenTelemetry log records with event names; the export thread's own,
 * not thread-safe (but {@link #declare} may be called from any thread). See {@code docs/otel-backend.md}
 * for the mapping.
 */
public final class LogRecordMapper {

    /** Attribute with the event's stability: {@code stable} or {@code unstable}. */
    public static final AttributeKey<String> STABILITY = AttributeKey.stringKey("waymark.stability");
    /** Attribute with the schema version of the event the writer used. */
    public static final AttributeKey<Long> SCHEMA_VERSION = AttributeKey.longKey("waymark.schema_version");
    /** Semantic-convention thread attributes. */
    public static final AttributeKey<Long> THREAD_ID = AttributeKey.longKey("thread.id");
    public static final AttributeKey<String> THREAD_NAME = AttributeKey.stringKey("thread.name");

    private final LoggerProvider loggers;
    private final ClockAnchor clock;
    private final EventDecoder decoder = new EventDecoder();
    private final Map<EventType, Mapping> mappings = new IdentityHashMap<>();
    private final Map<String, Logger> loggersByProvider = new HashMap<>();
    /** The provider's schema version (its highest event version), by provider name; set by {@link #declare}. */
    private final Map<String, Integer> providerVersions = new ConcurrentHashMap<>();

    public LogRecordMapper(LoggerProvider loggers, ClockAnchor clock) {
        this.loggers = loggers;
        this.clock = clock;
    }

    /** Notes a provider's schema version, for its instrumentation scope. Any thread. */
    public void declare(ProviderDescriptor provider) {
        int version = 1;
        for (EventType type : provider.events()) {
            version = Math.max(version, type.version());
        }
        providerVersions.merge(provider.name(), version, Math::max);
    }

    /** Builds and emits the log record of one buffered event: a canonical record or a tracepoint's arguments. */
    public void emit(EventRing.Slot slot) {
        EventType type = slot.type;
        Mapping mapping = mappings.computeIfAbsent(type, this::mapping);
        EventDecoder event = null;
        long timestamp;
        long version;
        long threadId;
        if (slot.kind == EventRing.ENCODED) {
            event = decoder.wrap(type, slot.bytes, 0, slot.size);
            timestamp = event.timestampNanos();
            version = event.version();
            threadId = event.threadId();
        } else {
            timestamp = slot.timestamp;
            version = type.version(); // the tracepoint's own type: the version its code was compiled against
            threadId = slot.threadId;
        }
        LogRecordBuilder builder = mapping.logger.logRecordBuilder()
                .setEventName(mapping.eventName)
                .setSeverity(mapping.severity)
                .setSeverityText(mapping.severityText)
                .setTimestamp(clock.toEpochNanos(timestamp), TimeUnit.NANOSECONDS)
                .setObservedTimestamp(Instant.now())
                .setAttribute(STABILITY, mapping.stability)
                .setAttribute(SCHEMA_VERSION, version)
                .setAttribute(THREAD_ID, threadId);
        if (slot.threadName != null) {
            builder.setAttribute(THREAD_NAME, slot.threadName);
        }
        if (slot.span != null) {
            builder.setContext(Context.root().with(Span.wrap(slot.span)));
        }
        for (int i = 0; i < mapping.keys.length; i++) {
            if (event != null) {
                setField(builder, mapping, event, i);
            } else {
                setArgument(builder, mapping, slot, i);
            }
        }
        builder.emit();
    }

    /** Field {@code i} from a slot written by {@link ArgumentWriters}: the same attribute as the decoded record's. */
    @SuppressWarnings("unchecked")
    private static void setArgument(LogRecordBuilder builder, Mapping mapping, EventRing.Slot slot, int i) {
        FieldDescriptor field = slot.type.field(i);
        AttributeKey<?> key = mapping.keys[i];
        int at = slot.layout.index(i);
        switch (field.type()) {
            case BOOLEAN -> builder.setAttribute((AttributeKey<Boolean>) key, slot.word(at) != 0);
            case BYTE, SHORT, INT, LONG -> builder.setAttribute((AttributeKey<Long>) key, slot.word(at));
            case CHAR -> builder.setAttribute((AttributeKey<String>) key, String.valueOf((char) slot.word(at)));
            case FLOAT -> builder.setAttribute((AttributeKey<Double>) key, (double) Float.intBitsToFloat((int) slot.word(at)));
            case DOUBLE -> builder.setAttribute((AttributeKey<Double>) key, Double.longBitsToDouble(slot.word(at)));
            case STRING -> builder.setAttribute((AttributeKey<String>) key, slot.string(at));
            case ENUM -> {
                int ordinal = (int) slot.word(at);
                if (ordinal >= 0) { // a null enum is an absent attribute
                    builder.setAttribute((AttributeKey<String>) key, field.enumLabel(ordinal));
                }
            }
            case BYTES -> {
                long word = slot.word(at);
                int from = (int) (word >>> 32);
                builder.setAttribute((AttributeKey<Value<?>>) key,
                        Value.of(java.util.Arrays.copyOfRange(slot.bytes, from, from + (int) word)));
            }
            default -> throw new AssertionError(field.type());
        }
    }

    @SuppressWarnings("unchecked")
    private static void setField(LogRecordBuilder builder, Mapping mapping, EventDecoder event, int i) {
        FieldDescriptor field = event.type().field(i);
        AttributeKey<?> key = mapping.keys[i];
        switch (field.type()) {
            case BOOLEAN -> builder.setAttribute((AttributeKey<Boolean>) key, event.getBoolean(i));
            case BYTE -> builder.setAttribute((AttributeKey<Long>) key, (long) event.getByte(i));
            case SHORT -> builder.setAttribute((AttributeKey<Long>) key, (long) event.getShort(i));
            case INT -> builder.setAttribute((AttributeKey<Long>) key, (long) event.getInt(i));
            case LONG -> builder.setAttribute((AttributeKey<Long>) key, event.getLong(i));
            case CHAR -> builder.setAttribute((AttributeKey<String>) key, String.valueOf(event.getChar(i)));
            case FLOAT -> builder.setAttribute((AttributeKey<Double>) key, (double) event.getFloat(i));
            case DOUBLE -> builder.setAttribute((AttributeKey<Double>) key, event.getDouble(i));
            case STRING -> builder.setAttribute((AttributeKey<String>) key, event.getString(i));
            case ENUM -> {
                String label = event.getEnumLabel(i);
                if (label != null) { // a null enum is an absent attribute
                    builder.setAttribute((AttributeKey<String>) key, label);
                }
            }
            case BYTES -> builder.setAttribute((AttributeKey<Value<?>>) key, Value.of(event.getBytes(i)));
            default -> throw new AssertionError(field.type());
        }
    }

    private Mapping mapping(EventType type) {
        Logger logger = loggersByProvider.computeIfAbsent(type.provider(), provider -> loggers.loggerBuilder(provider)
                .setInstrumentationVersion(Integer.toString(providerVersions.getOrDefault(provider, type.version())))
                .build());
        AttributeKey<?>[] keys = new AttributeKey<?>[type.fieldCount()];
        for (int i = 0; i < keys.length; i++) {
            FieldDescriptor field = type.field(i);
            keys[i] = switch (field.type()) {
                case BOOLEAN -> AttributeKey.booleanKey(field.name());
                case BYTE, SHORT, INT, LONG -> AttributeKey.longKey(field.name());
                case FLOAT, DOUBLE -> AttributeKey.doubleKey(field.name());
                case CHAR, STRING, ENUM -> AttributeKey.stringKey(field.name());
                case BYTES -> AttributeKey.valueKey(field.name());
            };
        }
        return new Mapping(logger, eventName(type), severity(type.level()), type.level().name(),
                type.stability().name().toLowerCase(Locale.ROOT), keys);
    }

    /** The log record's event name: {@code provider.event}. */
    public static String eventName(EventType type) {
        return type.provider() + "." + type.name();
    }

    /** The severity of a Waymark level. */
    public static Severity severity(Level level) {
        return switch (level) {
            case TRACE -> Severity.TRACE;
            case DEBUG -> Severity.DEBUG;
            case INFO -> Severity.INFO;
            case WARN -> Severity.WARN;
            case ERROR -> Severity.ERROR;
        };
    }

    private record Mapping(Logger logger, String eventName, Severity severity, String severityText, String stability,
            AttributeKey<?>[] keys) {}
}
