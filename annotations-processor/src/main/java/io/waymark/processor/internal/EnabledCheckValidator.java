package io.waymark.processor.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeKind;

/**
 * Rule 11: an {@code @IsEnabled} method is declared {@code boolean name()} (no parameters, not generic)
 * and names, by method name, a {@code @Tracepoint} method of its provider.
 */
final class EnabledCheckValidator implements Validator {

    @Override
    public List<Diagnostic> validate(ProviderModel provider) {
        List<Diagnostic> errors = new ArrayList<>();
        for (EnabledCheckModel check : provider.checks()) {
            ExecutableElement method = check.method();
            String declaration = "declare it as 'boolean " + check.methodName() + "()'";
            if (method.getReturnType().getKind() != TypeKind.BOOLEAN) {
                errors.add(Diagnostic.on(method, "@IsEnabled method " + check.methodName() + " returns "
                        + method.getReturnType() + "; a check answers on or off: " + declaration));
            }
            if (!method.getParameters().isEmpty()) {
                errors.add(Diagnostic.on(method, "@IsEnabled method " + check.methodName() + " has parameters; a check"
                        + " depends on nothing but its tracepoint's switch: " + declaration));
            }
            if (!method.getTypeParameters().isEmpty()) {
                errors.add(Diagnostic.on(method, "@IsEnabled method " + check.methodName() + " is generic; "
                        + declaration + ", without type parameters"));
            }
            if (provider.indexOfTracepoint(check.tracepointMethod()) < 0) {
                errors.add(Diagnostic.onValue(method, check.annotation(), "value", "@IsEnabled(\""
                        + check.tracepointMethod() + "\") names no @Tracepoint method of " + provider.simpleName()
                        + hint(provider, check.tracepointMethod())));
            }
        }
        return errors;
    }

    private static String hint(ProviderModel provider, String name) {
        Optional<TracepointModel> byEventName = provider.tracepoints().stream()
                .filter(t -> t.explicitName() && t.eventName().equals(name))
                .findFirst();
        if (byEventName.isPresent()) {
            return "; \"" + name + "\" is the event name of " + byEventName.get().methodName()
                    + ", but @IsEnabled takes the method name: write @IsEnabled(\"" + byEventName.get().methodName() + "\")";
        }
        if (provider.tracepoints().isEmpty()) {
            return "; declare the @Tracepoint method it checks, and name that method";
        }
        return "; use the method name of one of its tracepoints "
                + provider.tracepoints().stream().map(TracepointModel::methodName).sorted().toList();
    }
}
