package io.waymark.processor.internal;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;

/**
 * One {@code @Tracepoint} method.
 *
 * @param method the method
 * @param annotation its {@code @Tracepoint} annotation
 * @param eventName the event name (explicit, or the method name)
 * @param id the event id
 * @param level the {@code io.waymark.Level} constant name
 * @param stability the {@code io.waymark.Stability} constant name, or {@code null} when none is declared
 * @param conflictingStability whether the method carries both {@code @Stable} and {@code @Unstable}
 * @param fields the parameters in order
 */
public record TracepointModel(ExecutableElement method, AnnotationMirror annotation, String eventName, int id,
        String level, String stability, boolean conflictingStability, List<FieldModel> fields) {

    public String methodName() {
        return method.getSimpleName().toString();
    }
}
