package io.waymark.processor.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Rule WM306: the fields of an event, a view's {@code <parameter>_<accessor>} fields included, have distinct names. */
final class ViewFieldNameValidator implements Validator {

    @Override
    public List<Diagnostic> validate(ProviderModel provider) {
        List<Diagnostic> errors = new ArrayList<>();
        for (TracepointModel tracepoint : provider.tracepoints()) {
            Set<String> names = new HashSet<>();
            for (FieldModel field : tracepoint.fields()) {
                if (!names.add(field.name())) {
                    errors.add(Diagnostic.on(field.parameter(), "[WM306] field '" + field.name() + "' of tracepoint "
                            + tracepoint.methodName() + " appears twice (a @View field is named <parameter>_<accessor>);"
                            + " rename the parameter"));
                }
            }
        }
        return errors;
    }
}
