package io.waymark.processor.internal;

import java.util.ArrayList;
import java.util.List;

/** Rule 5: a tracepoint has no type parameters; its fields have concrete types fixed at compile time. */
final class GenericTracepointValidator implements Validator {

    @Override
    public List<Diagnostic> validate(ProviderModel provider) {
        List<Diagnostic> errors = new ArrayList<>();
        for (TracepointModel tracepoint : provider.tracepoints()) {
            if (!tracepoint.method().getTypeParameters().isEmpty()) {
                errors.add(Diagnostic.on(tracepoint.method(), "tracepoint " + tracepoint.methodName()
                        + " is generic; remove its type parameters and give each parameter a concrete field type"));
            }
        }
        return errors;
    }
}
