package io.waymark.processor.internal;

import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;

/** Rule 1: {@code @TraceProvider} marks an interface; not a class, enum, record or annotation type. */
final class ProviderKindValidator {

    private ProviderKindValidator() {}

    static List<Diagnostic> validate(Element element) {
        if (element.getKind() == ElementKind.INTERFACE) {
            return List.of();
        }
        String kind = element.getKind().toString().toLowerCase(Locale.ROOT).replace('_', ' ');
        String article = "aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ";
        return List.of(Diagnostic.on(element, "@TraceProvider " + element.getSimpleName() + " is " + article + kind
                + ", not an interface; declare the provider as an interface whose methods are the tracepoints"));
    }
}
