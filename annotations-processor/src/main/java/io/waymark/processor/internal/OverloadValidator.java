package io.waymark.processor.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;

/**
 * Rule 6: no two abstract methods of a provider share a name. {@code @IsEnabled} names its tracepoint
 * by method name, and the method name is the default event name, so a name means one method.
 */
final class OverloadValidator implements Validator {

    @Override
    public List<Diagnostic> validate(ProviderModel provider) {
        List<Diagnostic> errors = new ArrayList<>();
        Map<String, ExecutableElement> first = new HashMap<>();
        for (ExecutableElement method : provider.abstractMethods()) {
            ExecutableElement earlier = first.putIfAbsent(method.getSimpleName().toString(), method);
            if (earlier != null) {
                errors.add(Diagnostic.on(method, "method " + method.getSimpleName() + " overloads " + earlier
                        + ", declared before it; each method of a provider needs a name of its own: rename this one"));
            }
        }
        return errors;
    }
}
