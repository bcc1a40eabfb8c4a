package io.waymark.processor.internal;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;

/**
 * One {@code @Tracepoint} method.
 *
 * @param method the method
 * @param annotation its {@code @Tracepoint} annotation
 * @param eventName the event name: the explicit one, else the method name
 * @param explicitName whether the event name is written in the annotation
 * @param id the event id as written
 * @param version the schema version as written (1 when not written)
 * @param level the name of the {@code io.waymark.Level} constant
 * @param stability the stability declared on the method, or {@code null} when it declares none (or both)
 * @param conflictingStability whether the method carries both {@code @Stable} and {@code @Unstable}
 * @param fields the fields, in order: the parameters, each {@code @View} parameter flattened into its accessors
 * @param views the {@code @View} parameters, in order
 * @param deprecated whether the method is {@code @Deprecated}
 * @param label the {@code label} as written, or empty
 * @param description the {@code description} as written, else the first paragraph of the method's Javadoc, or empty
 */
public record TracepointModel(ExecutableElement method, AnnotationMirror annotation, String eventName,
        boolean explicitName, int id, int version, String level, DeclaredStability stability, boolean conflictingStability,
        List<FieldModel> fields, List<ViewModel> views, boolean deprecated, String label, String description) {

    public TracepointModel {
        fields = List.copyOf(fields);
        views = List.copyOf(views);
    }

    public String methodName() {
        return method.getSimpleName().toString();
    }
}
