package io.waymark.processor.internal;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.type.TypeKind;

/** Rule 4: a tracepoint returns {@code void}; a dormant tracepoint has nothing to return. */
final class VoidReturnValidator implements Validator {

    @Override
    public List<Diagnostic> validate(ProviderModel provider) {
        List<Diagnostic> errors = new ArrayList<>();
        for (TracepointModel tracepoint : provider.tracepoints()) {
            if (tracepoint.method().getReturnType().getKind() != TypeKind.VOID) {
                errors.add(Diagnostic.on(tracepoint.method(), "tracepoint " + tracepoint.methodName()
                        + " has a non-void return type " + tracepoint.method().getReturnType()
                        + "; a tracepoint returns nothing: declare it void"));
            }
        }
        return errors;
    }
}
