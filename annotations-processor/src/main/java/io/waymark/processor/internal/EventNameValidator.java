package io.waymark.processor.internal;

import io.waymark.processor.schema.DeclarationRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rule 9: every event name (explicit, or the method name) is an ASCII identifier, unique within the
 * provider; names are part of the event ABI and appear in trace formats and filters.
 */
final class EventNameValidator implements Validator {

    static final Pattern EVENT_NAME = DeclarationRules.EVENT_NAME;

    @Override
    public List<Diagnostic> validate(ProviderModel provider) {
        List<Diagnostic> errors = new ArrayList<>();
        Map<String, TracepointModel> byName = new HashMap<>();
        for (TracepointModel tracepoint : provider.tracepoints()) {
            if (!EVENT_NAME.matcher(tracepoint.eventName()).matches()) {
                errors.add(tracepoint.explicitName()
                        ? Diagnostic.onValue(tracepoint.method(), tracepoint.annotation(), "name", "event name '"
                                + tracepoint.eventName() + "' of tracepoint " + tracepoint.methodName()
                                + " is invalid: start with a letter or '_' and use only ASCII letters, digits and '_'")
                        : Diagnostic.on(tracepoint.method(), "event name '" + tracepoint.eventName()
                                + "', the name of method " + tracepoint.methodName() + ", is invalid: event names start"
                                + " with a letter or '_' and use only ASCII letters, digits and '_'; set a valid one with"
                                + " @Tracepoint(name = ...)"));
                continue;
            }
            TracepointModel first = byName.putIfAbsent(tracepoint.eventName(), tracepoint);
            // two methods of one name are reported as an overload, not again here
            if (first != null && !first.methodName().equals(tracepoint.methodName())) {
                errors.add(Diagnostic.onValue(tracepoint.method(), tracepoint.annotation(), "name", "event name '"
                        + tracepoint.eventName() + "' of tracepoint " + tracepoint.methodName()
                        + " is already used by tracepoint " + first.methodName() + "; event names are unique within a"
                        + " provider: set another name with @Tracepoint(name = ...)"));
            }
        }
        return errors;
    }
}
