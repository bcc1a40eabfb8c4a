package io.waymark.processor.internal;

import java.util.List;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/**
 * One tracepoint parameter.
 *
 * @param parameter the parameter element
 * @param name its name, the field name
 * @param type its declared type
 * @param kind the {@code io.waymark.spi.FieldType} constant name, or {@code null} when the type is unsupported
 * @param enumBinaryName the enum's binary class name for enum fields, else {@code null}
 * @param enumLabels the enum constants in declaration order, else empty
 */
public record FieldModel(VariableElement parameter, String name, TypeMirror type, String kind,
        String enumBinaryName, List<String> enumLabels) {

    public boolean supported() {
        return kind != null;
    }
}
