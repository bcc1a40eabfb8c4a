package io.waymark.processor.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One field of an event, in the event's field order.
 *
 * @param name the field name (the parameter name, or {@code <parameter>_<accessor>} for a view)
 * @param type one of {@link #TYPES}
 * @param since the event version that appended the field, from 1
 * @param defaultValue what a reader reports when an older record lacks the field, in the type's text
 *     form, or {@code null} for the type's zero
 * @param enumType the enum's binary class name for an {@code enum} field, else {@code null}
 * @param enumConstants the enum's constants in ordinal order, else empty
 * @param doc the field's documentation (its {@code @param} text), or {@code null}
 */
public record FieldSchema(String name, String type, int since, String defaultValue, String enumType,
        List<EnumConstant> enumConstants, String doc) {

    /** The field types, as the document writes them. */
    public static final Set<String> TYPES = Set.of("boolean", "byte", "short", "char", "int", "long", "float",
            "double", "string", "enum", "bytes");

    public FieldSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        enumConstants = List.copyOf(enumConstants);
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("field '" + name + "': unknown type '" + type + "'; expected one of "
                    + new java.util.TreeSet<>(TYPES));
        }
        if (since < 1 || since > 0xFFFF) {
            throw new IllegalArgumentException("field '" + name + "': since " + since + " is outside 1..65535");
        }
        if (type.equals("enum") != (enumType != null)) {
            throw new IllegalArgumentException("field '" + name + "': enumType is given exactly for enum fields");
        }
    }

    /** The enum labels in ordinal order; empty for other types. */
    public List<String> enumLabels() {
        List<String> labels = new ArrayList<>();
        enumConstants.forEach(constant -> labels.add(constant.label()));
        return labels;
    }
}
