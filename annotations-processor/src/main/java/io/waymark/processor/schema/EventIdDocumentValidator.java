package io.waymark.processor.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Rule 8 on a document: event ids are unique within the provider (their range the record checks). */
final class EventIdDocumentValidator implements DocumentValidator {

    @Override
    public List<String> validate(ProviderSchema provider, String path) {
        List<String> errors = new ArrayList<>();
        Map<Integer, Integer> byId = new HashMap<>();
        for (int i = 0; i < provider.events().size(); i++) {
            EventSchema event = provider.events().get(i);
            Integer first = byId.putIfAbsent(event.id(), i);
            if (first != null) {
                errors.add(path + ".events[" + i + "].id: event id " + event.id() + " of event '" + event.name()
                        + "' is already used by event '" + provider.events().get(first).name() + "' (" + path + ".events["
                        + first + "]); event ids are unique within a provider");
            }
        }
        return errors;
    }
}
