package io.waymark.processor.internal;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/**
 * One field of the event: a tracepoint parameter, or one accessor of a parameter's {@code @View}.
 *
 * @param parameter the parameter element (for a view field, the viewed parameter)
 * @param name the field name: the parameter's name, or {@code <parameter>_<accessor>} for a view field
 * @param type the parameter's declared type, or the view accessor's return type
 * @param kind its field kind, or {@code null} when the type is not a tracepoint field type
 * @param enumBinaryName the enum's binary class name for enum fields, else {@code null}
 * @param enumLabels the enum's constants in declaration (ordinal) order, else empty
 * @param sinceAnnotation the parameter's {@code @Since}, or {@code null}
 * @param since the value of {@code @Since}, or 0 when it is absent
 * @param defaultAnnotation the parameter's {@code @Default}, or {@code null}
 * @param defaultValue the value of {@code @Default}, or {@code null} when it is absent
 * @param viewMethod for a view field, the view interface's accessor method, else {@code null}
 */
public record FieldModel(VariableElement parameter, String name, TypeMirror type, FieldKind kind,
        String enumBinaryName, List<String> enumLabels, AnnotationMirror sinceAnnotation, int since,
        AnnotationMirror defaultAnnotation, String defaultValue, ExecutableElement viewMethod) {

    public FieldModel {
        enumLabels = List.copyOf(enumLabels);
    }

    /** Whether the parameter's type is a tracepoint field type. */
    public boolean supported() {
        return kind != null;
    }

    /** Whether the field is an accessor of a {@code @View} parameter rather than the parameter itself. */
    public boolean viewField() {
        return viewMethod != null;
    }

    /** The view accessor's name, or {@code null}. */
    public String accessor() {
        return viewMethod == null ? null : viewMethod.getSimpleName().toString();
    }
}
