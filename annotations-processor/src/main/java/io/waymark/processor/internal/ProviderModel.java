package io.waymark.processor.internal;

import com.squareup.javapoet.ClassName;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * One {@code @TraceProvider} interface, read into a model.
 *
 * @param element the interface
 * @param annotation its {@code @TraceProvider} annotation
 * @param providerName the provider name
 * @param binaryName the interface's binary name
 * @param interfaceName the interface as a JavaPoet name
 * @param generatedName the implementation to generate
 * @param defaultStability the stability declared on the interface, or {@code null}
 * @param conflictingDefaultStability whether the interface carries both {@code @Stable} and {@code @Unstable}
 * @param tracepoints the {@code @Tracepoint} methods in declaration order
 * @param checks the {@code @IsEnabled} methods in declaration order
 * @param unannotated abstract methods with neither annotation
 * @param doublyAnnotated abstract methods with both annotations
 * @param concreteAnnotated default, static or private methods annotated {@code @Tracepoint} or {@code @IsEnabled}
 */
public record ProviderModel(TypeElement element, AnnotationMirror annotation, String providerName, String binaryName,
        ClassName interfaceName, ClassName generatedName, String defaultStability, boolean conflictingDefaultStability,
        List<TracepointModel> tracepoints, List<EnabledCheckModel> checks, List<ExecutableElement> unannotated,
        List<ExecutableElement> doublyAnnotated, List<ExecutableElement> concreteAnnotated) {}
