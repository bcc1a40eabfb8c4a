package io.waymark.spi;

import io.waymark.spi.abi.GeneratedCodeAbi;
import java.util.List;
import java.util.Objects;

/**
 * One field of an event type: its name, its type and, for {@link FieldType#ENUM}, the enum's class
 * name and its constants' labels in ordinal order.
 *
 * @param name the parameter name of the tracepoint method
 * @param type the field type
 * @param enumType the binary name of the enum class, or {@code null} when the field is not an enum
 * @param enumLabels the enum constants' names by ordinal; empty when the field is not an enum
 * @param since the schema version of the event that appended this field (1 for an original field)
 * @param defaultValue what a reader reports when a record from an older writer lacks the field, in
 *     the field type's text form (see {@link #defaultValue()}); {@code null} means the type's zero
 */
public record FieldDescriptor(String name, FieldType type, String enumType, List<String> enumLabels, int since,
        String defaultValue) {

    /** A field of the first schema version, with the type's zero as its default. */
    public FieldDescriptor(String name, FieldType type, String enumType, List<String> enumLabels) {
        this(name, type, enumType, enumLabels, 1, null);
    }

    public FieldDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        enumLabels = List.copyOf(Objects.requireNonNull(enumLabels, "enumLabels"));
        if (name.isEmpty()) {
            throw new IllegalArgumentException("field name must not be empty");
        }
        if ((type == FieldType.ENUM) != (enumType != null)) {
            throw new IllegalArgumentException("field '" + name + "': enumType must be given exactly for ENUM fields");
        }
        if (type != FieldType.ENUM && !enumLabels.isEmpty()) {
            throw new IllegalArgumentException("field '" + name + "': only ENUM fields have enum labels");
        }
        if (since < 1 || since > 0xFFFF) {
            throw new IllegalArgumentException("field '" + name + "': since " + since + " is outside 1..65535");
        }
    }

    /** This field, appended in schema version {@code version}. */
    @GeneratedCodeAbi
    public FieldDescriptor since(int version) {
        return new FieldDescriptor(name, type, enumType, enumLabels, version, defaultValue);
    }

    /** This field with a declared default (text form: a number, {@code true}/{@code false}, an enum label, a string). */
    @GeneratedCodeAbi
    public FieldDescriptor withDefault(String value) {
        return new FieldDescriptor(name, type, enumType, enumLabels, since, value);
    }

    /** A field of a non-enum type. */
    @GeneratedCodeAbi
    public static FieldDescriptor of(String name, FieldType type) {
        return new FieldDescriptor(name, type, null, List.of());
    }

    /** An enum field with the enum's binary class name and its constants in ordinal order. */
    @GeneratedCodeAbi
    public static FieldDescriptor ofEnum(String name, String enumType, List<String> labels) {
        return new FieldDescriptor(name, FieldType.ENUM, enumType, labels);
    }

    /** The label of an enum ordinal, {@code null} for ordinal {@code -1} (a null value). */
    public String enumLabel(int ordinal) {
        if (ordinal < 0) {
            return null;
        }
        return ordinal < enumLabels.size() ? enumLabels.get(ordinal) : "#" + ordinal;
    }
}
