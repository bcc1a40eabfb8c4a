package io.waymark.processor.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Rule 9 on a document: every event name is an ASCII identifier, unique within the provider. */
final class EventNameDocumentValidator implements DocumentValidator {

    @Override
    public List<String> validate(ProviderSchema provider, String path) {
        List<String> errors = new ArrayList<>();
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < provider.events().size(); i++) {
            EventSchema event = provider.events().get(i);
            if (!DeclarationRules.EVENT_NAME.matcher(event.name()).matches()) {
                errors.add(path + ".events[" + i + "].name: event name '" + event.name() + "' is invalid: it starts with"
                        + " a letter or '_' and has only ASCII letters, digits and '_'");
                continue;
            }
            Integer first = byName.putIfAbsent(event.name(), i);
            if (first != null) {
                errors.add(path + ".events[" + i + "].name: event name '" + event.name() + "' is already used by "
                        + path + ".events[" + first + "]; event names are unique within a provider");
            }
        }
        return errors;
    }
}
