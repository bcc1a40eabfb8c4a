package io.waymark.processor.internal;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * A tracepoint parameter annotated {@code @View}: an application object of which only the view's
 * accessors are recorded.
 *
 * @param parameter the parameter
 * @param annotation its {@code @View}
 * @param view the view type named by the annotation, or {@code null} when it is not a declared type
 * @param accessors the view's methods, as the processor matched them on the parameter's type, in declaration order
 */
public record ViewModel(VariableElement parameter, AnnotationMirror annotation, TypeElement view, List<Accessor> accessors) {

    public ViewModel {
        accessors = List.copyOf(accessors);
    }

    /**
     * One method of the view and the method of the parameter's type it calls.
     *
     * @param viewMethod the view's method
     * @param target the no-argument method of the same name on the parameter's type, or {@code null}
     * @param targetAccessible whether the generated class can call {@code target}
     * @param assignable whether {@code target}'s return type converts to the view method's return type without
     *     unboxing (which could throw on {@code null})
     */
    public record Accessor(ExecutableElement viewMethod, ExecutableElement target, boolean targetAccessible,
            boolean assignable) {

        public String name() {
            return viewMethod.getSimpleName().toString();
        }
    }

    public String parameterName() {
        return parameter.getSimpleName().toString();
    }
}
