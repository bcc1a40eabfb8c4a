package io.waymark.processor.internal;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;

/**
 * One {@code @IsEnabled} method.
 *
 * @param method the method
 * @param annotation its {@code @IsEnabled} annotation
 * @param tracepointMethod the name of the tracepoint method it checks, as written
 */
public record EnabledCheckModel(ExecutableElement method, AnnotationMirror annotation, String tracepointMethod) {

    public String methodName() {
        return method.getSimpleName().toString();
    }
}
