package io.waymark.processor.internal;

import java.util.List;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/**
 * One tracepoint parameter, which is one field of the event.
 *
 * @param parameter the parameter element
 * @param name its name, the field name
 * @param type its declared type
 * @param kind its field kind, or {@code null} when the type is not a tracepoint field type
 * @param enumBinaryName the enum's binary class name for enum fields, else {@code null}
 * @param enumLabels the enum's constants in declaration (ordinal) order, else empty
 */
public record FieldModel(VariableElement parameter, String name, TypeMirror type, FieldKind kind,
        String enumBinaryName, List<String> enumLabels) {

    public FieldModel {
        enumLabels = List.copyOf(enumLabels);
    }

    /** Whether the parameter's type is a tracepoint field type. */
    public boolean supported() {
        return kind != null;
    }
}
