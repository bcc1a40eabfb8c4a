package io.waymark.processor.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule 10: every tracepoint states its stability, on itself or through its provider, and no element is
 * both {@code @Stable} and {@code @Unstable}. Stability is a promise to consumers, so it is never
 * guessed.
 */
final class StabilityValidator implements Validator {

    @Override
    public List<Diagnostic> validate(ProviderModel provider) {
        List<Diagnostic> errors = new ArrayList<>();
        if (provider.conflictingDefaultStability()) {
            errors.add(Diagnostic.on(provider.element(), "provider " + provider.simpleName()
                    + " is annotated both @Stable and @Unstable; keep the one that states its tracepoints' default"));
        }
        for (TracepointModel tracepoint : provider.tracepoints()) {
            if (tracepoint.conflictingStability()) {
                errors.add(Diagnostic.on(tracepoint.method(), "tracepoint " + tracepoint.methodName()
                        + " is annotated both @Stable and @Unstable; keep the one that holds"));
            } else if (provider.stabilityOf(tracepoint) == null && !provider.conflictingDefaultStability()) {
                errors.add(Diagnostic.on(tracepoint.method(), "tracepoint " + tracepoint.methodName()
                        + " declares no stability; declare @Stable if consumers may rely on its name, id and fields,"
                        + " or @Unstable if it is a debug tracepoint that may change, on the method or on the provider"));
            }
        }
        return errors;
    }
}
