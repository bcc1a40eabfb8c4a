package io.waymark.processor.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rule WM303 on a document: every retired entry names a possible event (an id in 0..65535 and a well-formed
 * name), and no id or name is retired twice.
 */
final class RetiredDocumentValidator implements DocumentValidator {

    @Override
    public List<String> validate(ProviderSchema provider, String path) {
        List<String> errors = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (RetiredEvent retired : provider.retired()) {
            String problem = null;
            if (retired.id() < 0 || retired.id() > DeclarationRules.MAX_EVENT_ID) {
                problem = "its id is outside 0.." + DeclarationRules.MAX_EVENT_ID;
            } else if (!DeclarationRules.EVENT_NAME.matcher(retired.name()).matches()) {
                problem = "its name is no event name";
            } else if (!ids.add(retired.id())) {
                problem = "id " + retired.id() + " is retired twice";
            } else if (!names.add(retired.name())) {
                problem = "name '" + retired.name() + "' is retired twice";
            }
            if (problem != null) {
                errors.add(path + ".retired: retired event '" + retired.name() + "' (id " + retired.id() + "): " + problem);
            }
        }
        return errors;
    }
}
