package io.waymark.processor.internal;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;

/**
 * Rule 3: every abstract method of a provider is either a {@code @Tracepoint} or an {@code @IsEnabled}
 * check, since the generated class must implement it; and the annotations are not put on methods with
 * a body, where they would silently do nothing.
 */
final class MethodAnnotationValidator implements Validator {

    @Override
    public List<Diagnostic> validate(ProviderModel provider) {
        List<Diagnostic> errors = new ArrayList<>();
        for (ExecutableElement method : provider.abstractMethods()) {
            if (provider.unannotated().contains(method)) {
                errors.add(Diagnostic.on(method, "method " + method.getSimpleName() + " of provider " + provider.simpleName()
                        + " is neither @Tracepoint nor @IsEnabled; annotate it with one of them, or give it a default"
                        + " implementation"));
            } else if (provider.doublyAnnotated().contains(method)) {
                errors.add(Diagnostic.on(method, "method " + method.getSimpleName() + " is both @Tracepoint and"
                        + " @IsEnabled; a method is one or the other: keep one annotation and declare the other as a"
                        + " method of its own"));
            }
        }
        for (ExecutableElement method : provider.concreteAnnotated()) {
            String annotation = ModelBuilder.annotation(method, Names.TRACEPOINT) != null ? "@Tracepoint" : "@IsEnabled";
            String kind = method.getModifiers().contains(Modifier.STATIC) ? "static"
                    : method.getModifiers().contains(Modifier.PRIVATE) ? "private" : "default";
            errors.add(Diagnostic.on(method, annotation + " method " + method.getSimpleName() + " is a " + kind
                    + " method, which the processor does not implement, so the annotation has no effect; declare the"
                    + " method abstract (without a body) or remove " + annotation));
        }
        return errors;
    }
}
