package io.waymark.processor.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rule WM303: every {@code @Retired} entry names a possible event (an id in 0..65535 and a well-formed
 * name), and no id or name is retired twice. (That no event uses a retired id or name is WM110.)
 */
final class RetiredDeclarationValidator implements Validator {

    @Override
    public List<Diagnostic> validate(ProviderModel provider) {
        List<Diagnostic> errors = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (RetiredModel retired : provider.retired()) {
            String problem = null;
            if (retired.id() < 0 || retired.id() > EventIdValidator.MAX_ID) {
                problem = "its id " + retired.id() + " is outside 0.." + EventIdValidator.MAX_ID;
            } else if (!EventNameValidator.EVENT_NAME.matcher(retired.name()).matches()) {
                problem = "its name '" + retired.name() + "' is no event name";
            } else if (!ids.add(retired.id())) {
                problem = "id " + retired.id() + " is retired twice";
            } else if (!names.add(retired.name())) {
                problem = "name '" + retired.name() + "' is retired twice";
            }
            if (problem != null) {
                errors.add(new Diagnostic(provider.element(), retired.annotation(), null, "[WM303] @Retired(id = "
                        + retired.id() + ", name = \"" + retired.name() + "\") of provider " + provider.simpleName() + ": "
                        + problem + "; write the id and name the removed event had, once"));
            }
        }
        return errors;
    }
}
