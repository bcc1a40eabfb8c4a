package io.waymark.spi;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.abi.GeneratedCodeAbi;
import java.util.List;
import java.util.Objects;

/**
 * The declaration of one tracepoint, as the annotation processor recorded it.
 *
 * @param provider the provider name
 * @param name the event name, unique within the provider
 * @param id the event id, unique within the provider, 0 to 65535
 * @param version the event's schema version, 1 to 65535; it rises when fields are appended
 * @param stability whether the event is an ABI ({@link Stability#STABLE}) or a debug tracepoint
 * @param level the event's severity
 * @param fields the event's fields, in declaration order
 * @param label a short human-readable name for tools ({@code @Tracepoint(label = ...)}), or empty when the
 *     declaration gives none; not part of the event's identity or ABI
 * @param description what the event means ({@code @Tracepoint(description = ...)} or the method's Javadoc),
 *     or empty; not part of the event's identity or ABI
 */
public record EventType(String provider, String name, int id, int version, Stability stability, Level level,
        List<FieldDescriptor> fields, String label, String description) {

    /** The largest event id. */
    public static final int MAX_ID = 0xFFFF;

    /** An event type without a label or description. */
    @GeneratedCodeAbi
    public EventType(String provider, String name, int id, int version, Stability stability, Level level,
            List<FieldDescriptor> fields) {
        this(provider, name, id, version, stability, level, fields, "", "");
    }

    /** An event type of schema version 1. */
    public EventType(String provider, String name, int id, Stability stability, Level level, List<FieldDescriptor> fields) {
        this(provider, name, id, 1, stability, level, fields);
    }

    @GeneratedCodeAbi
    public EventType {
        label = label == null ? "" : label;
        description = description == null ? "" : description;
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stability, "stability");
        Objects.requireNonNull(level, "level");
        fields = List.copyOf(Objects.requireNonNull(fields, "fields"));
        if (id < 0 || id > MAX_ID) {
            throw new IllegalArgumentException("event " + provider + ":" + name + ": id " + id + " is outside 0.." + MAX_ID);
        }
        if (version < 1 || version > 0xFFFF) {
            throw new IllegalArgumentException("event " + provider + ":" + name + ": version " + version + " is outside 1..65535");
        }
        for (FieldDescriptor field : fields) {
            if (field.since() > version) {
                throw new IllegalArgumentException("event " + provider + ":" + name + ": field '" + field.name()
                        + "' is since version " + field.since() + ", after the event's version " + version);
            }
        }
    }

    /** {@code provider:name}, the form sessions match their patterns against. */
    public String qualifiedName() {
        return provider + ":" + name;
    }

    /** The number of fields. */
    public int fieldCount() {
        return fields.size();
    }

    /** The descriptor of field {@code index}. */
    public FieldDescriptor field(int index) {
        return fields.get(index);
    }

    /** The index of the field called {@code fieldName}, or {@code -1}. */
    public int fieldIndex(String fieldName) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(fieldName)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return qualifiedName() + "#" + id;
    }
}
