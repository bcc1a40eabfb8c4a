package io.waymark.processor.internal;

import io.waymark.processor.schema.DeclarationRules;
import java.util.ArrayList;
import java.util.List;

/** Rule 12: every event's schema version is in 1..65535 (it is a u16 in every record header). */
final class EventVersionValidator implements Validator {

    static final int MAX_VERSION = DeclarationRules.MAX_VERSION;

    @Override
    public List<Diagnostic> validate(ProviderModel provider) {
        List<Diagnostic> errors = new ArrayList<>();
        for (TracepointModel tracepoint : provider.tracepoints()) {
            if (tracepoint.version() < 1 || tracepoint.version() > MAX_VERSION) {
                errors.add(Diagnostic.onValue(tracepoint.method(), tracepoint.annotation(), "version", "schema version "
                        + tracepoint.version() + " of tracepoint " + tracepoint.methodName() + " is outside 1.." + MAX_VERSION
                        + "; versions start at 1 and rise by one each time fields are appended"));
            }
        }
        return errors;
    }
}
