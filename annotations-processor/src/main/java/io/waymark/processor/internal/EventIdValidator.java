package io.waymark.processor.internal;

import io.waymark.processor.schema.DeclarationRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Rule 8: every event id is in 0..65535 and unique within the provider; ids are part of the event ABI. */
final class EventIdValidator implements Validator {

    static final int MAX_ID = DeclarationRules.MAX_EVENT_ID;

    @Override
    public List<Diagnostic> validate(ProviderModel provider) {
        List<Diagnostic> errors = new ArrayList<>();
        Map<Integer, TracepointModel> byId = new HashMap<>();
        for (TracepointModel tracepoint : provider.tracepoints()) {
            if (tracepoint.id() < 0 || tracepoint.id() > MAX_ID) {
                errors.add(Diagnostic.onValue(tracepoint.method(), tracepoint.annotation(), "id", "event id "
                        + tracepoint.id() + " of tracepoint " + tracepoint.methodName() + " is outside 0.." + MAX_ID
                        + "; choose an id in that range"));
                continue;
            }
            TracepointModel first = byId.putIfAbsent(tracepoint.id(), tracepoint);
            if (first != null) {
                errors.add(Diagnostic.onValue(tracepoint.method(), tracepoint.annotation(), "id", "event id "
                        + tracepoint.id() + " of tracepoint " + tracepoint.methodName() + " is already used by tracepoint "
                        + first.methodName() + "; event ids are unique within a provider: choose an unused id"));
            }
        }
        return errors;
    }
}
