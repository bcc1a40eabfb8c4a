package io.waymark.processor.schema;

import java.util.List;
import java.util.Objects;

/**
 * One event of a provider. Its identity across versions is its id; its name is bound to the id.
 *
 * @param id the event id, 0..65535
 * @param name the event name
 * @param stability whether the event is an ABI
 * @param level the name of its {@code io.waymark.Level}
 * @param version its schema version, from 1
 * @param deprecated whether its method is {@code @Deprecated}
 * @param doc the method's Javadoc description, or {@code null}
 * @param fields its fields in order
 */
public record EventSchema(int id, String name, EventStability stability, String level, int version, boolean deprecated,
        String doc, List<FieldSchema> fields) {

    /** The levels from the most verbose to the most severe, as {@code io.waymark.Level} orders them. */
    public static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    public EventSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stability, "stability");
        Objects.requireNonNull(level, "level");
        fields = List.copyOf(fields);
        if (id < 0 || id > DeclarationRules.MAX_EVENT_ID) {
            throw new IllegalArgumentException("event '" + name + "': id " + id + " is outside 0.." + DeclarationRules.MAX_EVENT_ID);
        }
        if (version < 1 || version > DeclarationRules.MAX_VERSION) {
            throw new IllegalArgumentException("event '" + name + "': version " + version + " is outside 1.." + DeclarationRules.MAX_VERSION);
        }
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("event '" + name + "': unknown level '" + level + "'; expected one of " + LEVELS);
        }
    }

    /** Whether the event carries an ABI promise: only {@link EventStability#STABLE} events do. */
    public boolean abi() {
        return stability == EventStability.STABLE;
    }

    /** The field called {@code fieldName}, or {@code null}. */
    public FieldSchema field(String fieldName) {
        for (FieldSchema field : fields) {
            if (field.name().equals(fieldName)) {
                return field;
            }
        }
        return null;
    }

    /** The position of the field called {@code fieldName}, or -1. */
    public int fieldIndex(String fieldName) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(fieldName)) {
                return i;
            }
        }
        return -1;
    }
}
