package io.waymark.processor.internal;

import io.waymark.processor.schema.SchemaChange;
import io.waymark.processor.schema.SchemaRule;

/**
 * Places a breaking {@link SchemaChange} on the element to edit: the parameter of a field (its
 * {@code @Since} value for WM115, its {@code @Default} value for WM118), the {@code @Tracepoint} value of an
 * event's id, name, version or level, the method of another event change, the {@code @TraceProvider} value of
 * a renamed provider, and the provider interface for an event that is gone.
 */
final class EvolutionReporter {

    private EvolutionReporter() {}

    static Diagnostic locate(SchemaChange change, ProviderModel provider) {
        String message = change.describe();
        TracepointModel tracepoint = null;
        for (TracepointModel candidate : provider.tracepoints()) {
            if (candidate.id() == change.eventId()) {
                tracepoint = candidate;
            }
        }
        if (tracepoint == null) {
            return change.rule() == SchemaRule.PROVIDER_RENAMED
                    ? Diagnostic.onValue(provider.element(), provider.annotation(), "value", message)
                    : Diagnostic.on(provider.element(), message);
        }
        if (change.field() != null) {
            for (FieldModel field : tracepoint.fields()) {
                if (field.name().equals(change.field())) {
                    return switch (change.rule()) {
                        case SINCE_CHANGED -> field.sinceAnnotation() == null ? Diagnostic.on(field.parameter(), message)
                                : Diagnostic.onValue(field.parameter(), field.sinceAnnotation(), "value", message);
                        case DEFAULT_CHANGED -> field.defaultAnnotation() == null ? Diagnostic.on(field.parameter(), message)
                                : Diagnostic.onValue(field.parameter(), field.defaultAnnotation(), "value", message);
                        default -> Diagnostic.on(field.parameter(), message);
                    };
                }
            }
        }
        return switch (change.rule()) {
            case EVENT_ID_CHANGED -> Diagnostic.onValue(tracepoint.method(), tracepoint.annotation(), "id", message);
            case EVENT_RENAMED -> Diagnostic.onValue(tracepoint.method(), tracepoint.annotation(), "name", message);
            case VERSION_NOT_RAISED, VERSION_LOWERED ->
                    Diagnostic.onValue(tracepoint.method(), tracepoint.annotation(), "version", message);
            case LEVEL_LOWERED -> Diagnostic.onValue(tracepoint.method(), tracepoint.annotation(), "level", message);
            case RETIRED_REUSED -> new Diagnostic(tracepoint.method(), tracepoint.annotation(), null, message);
            default -> Diagnostic.on(tracepoint.method(), message);
        };
    }
}
