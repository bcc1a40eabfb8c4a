package io.waymark.processor.schema;

import java.util.Objects;

/**
 * One constant of an enum field.
 *
 * @param label the constant's name
 * @param value its ordinal, the value the wire format records
 */
public record EnumConstant(String label, int value) {

    public EnumConstant {
        Objects.requireNonNull(label, "label");
        if (label.isEmpty() || value < 0) {
            throw new IllegalArgumentException("enum constant '" + label + "' = " + value
                    + ": the label must not be empty and the value must not be negative");
        }
    }
}
