package io.waymark.processor.internal;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;

/**
 * One {@code @IsEnabled} method.
 *
 * @param method the method
 * @param annotation its {@code @IsEnabled} annotation
 * @param tracepointMethod the name of the tracepoint method it checks
 */
public record EnabledCheckModel(ExecutableElement method, AnnotationMirror annotation, String tracepointMethod) {}
