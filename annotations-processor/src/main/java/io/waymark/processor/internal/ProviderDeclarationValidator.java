package io.waymark.processor.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;

/**
 * Rule 12: the generated implementation is a top-level class of the provider's package that implements
 * exactly the provider's methods, so the provider is a non-generic, top-level or member interface that
 * the package can see, that is not sealed and that extends no other interface.
 */
final class ProviderDeclarationValidator implements Validator {

    @Override
    public List<Diagnostic> validate(ProviderModel provider) {
        TypeElement type = provider.element();
        String name = "@TraceProvider " + provider.simpleName();
        List<Diagnostic> errors = new ArrayList<>();
        if (!type.getTypeParameters().isEmpty()) {
            errors.add(Diagnostic.on(type, name + " must not be generic; remove its type parameters"
                    + " (tracepoint fields have concrete types)"));
        }
        // javac does not show local types to processors today; kept so that a compiler that does gets the error
        if (type.getNestingKind() == NestingKind.LOCAL) {
            errors.add(Diagnostic.on(type, name + " is declared inside a method, where no generated class can"
                    + " implement it; declare it as a top-level or member interface"));
        }
        for (Element enclosing = type; enclosing instanceof TypeElement; enclosing = enclosing.getEnclosingElement()) {
            if (enclosing.getModifiers().contains(Modifier.PRIVATE)) {
                errors.add(Diagnostic.on(type, name + " is not visible to its package because " + enclosing.getSimpleName()
                        + " is private; make it package-private or public"));
                break;
            }
        }
        if (type.getModifiers().contains(Modifier.SEALED)) {
            errors.add(Diagnostic.on(type, name + " is sealed, which forbids its generated implementation;"
                    + " remove 'sealed' and the permits clause"));
        }
        if (!type.getInterfaces().isEmpty()) {
            errors.add(Diagnostic.on(type, name + " extends "
                    + type.getInterfaces().stream().map(Object::toString).collect(Collectors.joining(", "))
                    + "; a provider must not extend other interfaces: declare all its tracepoints in it"));
        }
        return errors;
    }
}
