package io.waymark.processor.internal;

import com.squareup.javapoet.ClassName;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * One {@code @TraceProvider} interface, read into a model. It holds what the declaration says, right or
 * wrong; the validators judge it.
 *
 * @param element the interface
 * @param annotation its {@code @TraceProvider} annotation
 * @param providerName the provider name as written
 * @param binaryName the interface's binary name ({@code Outer$Inner})
 * @param interfaceName the interface as a JavaPoet name
 * @param generatedName the implementation to generate
 * @param defaultStability the stability declared on the interface, or {@code null} when it declares none (or both)
 * @param conflictingDefaultStability whether the interface carries both {@code @Stable} and {@code @Unstable}
 * @param abstractMethods every abstract method but redeclared {@code Object} methods, in declaration order
 * @param tracepoints the abstract {@code @Tracepoint} methods, in declaration order
 * @param checks the abstract {@code @IsEnabled} methods, in declaration order
 * @param unannotated abstract methods with neither annotation
 * @param doublyAnnotated abstract methods with both annotations
 * @param concreteAnnotated default, static or private methods annotated {@code @Tracepoint} or {@code @IsEnabled}
 * @param retired the {@code @Retired} entries, in the order written
 */
public record ProviderModel(TypeElement element, AnnotationMirror annotation, String providerName, String binaryName,
        ClassName interfaceName, ClassName generatedName, DeclaredStability defaultStability,
        boolean conflictingDefaultStability,
        List<ExecutableElement> abstractMethods, List<TracepointModel> tracepoints, List<EnabledCheckModel> checks,
        List<ExecutableElement> unannotated, List<ExecutableElement> doublyAnnotated,
        List<ExecutableElement> concreteAnnotated, List<RetiredModel> retired) {

    public ProviderModel {
        abstractMethods = List.copyOf(abstractMethods);
        tracepoints = List.copyOf(tracepoints);
        checks = List.copyOf(checks);
        unannotated = List.copyOf(unannotated);
        doublyAnnotated = List.copyOf(doublyAnnotated);
        concreteAnnotated = List.copyOf(concreteAnnotated);
        retired = List.copyOf(retired);
    }

    /** The simple name of the interface, as messages name it. */
    public String simpleName() {
        return element.getSimpleName().toString();
    }

    /** The position among {@link #tracepoints()} of the tracepoint whose method has this name, or -1. */
    public int indexOfTracepoint(String methodName) {
        for (int i = 0; i < tracepoints.size(); i++) {
            if (tracepoints.get(i).methodName().equals(methodName)) {
                return i;
            }
        }
        return -1;
    }

    /** The stability an event gets: its own, else the provider's. */
    public DeclaredStability stabilityOf(TracepointModel tracepoint) {
        return tracepoint.stability() != null ? tracepoint.stability() : defaultStability;
    }
}
