package io.waymark.processor.internal;

import java.util.ArrayList;
import java.util.List;

/** Rule WM302: a {@code @Since} version lies between 1 and the event's version. */
final class SinceValidator implements Validator {

    @Override
    public List<Diagnostic> validate(ProviderModel provider) {
        List<Diagnostic> errors = new ArrayList<>();
        for (TracepointModel tracepoint : provider.tracepoints()) {
            for (FieldModel field : tracepoint.fields()) {
                if (field.sinceAnnotation() != null && !field.viewField()
                        && (field.since() < 1 || field.since() > tracepoint.version())) {
                    errors.add(Diagnostic.onValue(field.parameter(), field.sinceAnnotation(), "value", "[WM302] @Since("
                            + field.since() + ") of parameter '" + field.name() + "' is outside 1.." + tracepoint.version()
                            + ", the versions of tracepoint " + tracepoint.methodName() + "; a field is appended in a"
                            + " version of its event, at most the current one"));
                }
            }
        }
        return errors;
    }
}
