package io.waymark.processor.schema;

import java.util.ArrayList;
import java.util.List;

/** Rule WM302 on a document: a field is since a version of its event, at most the current one. */
final class SinceDocumentValidator implements DocumentValidator {

    @Override
    public List<String> validate(ProviderSchema provider, String path) {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < provider.events().size(); i++) {
            EventSchema event = provider.events().get(i);
            for (int f = 0; f < event.fields().size(); f++) {
                FieldSchema field = event.fields().get(f);
                if (field.since() > event.version()) {
                    errors.add(path + ".events[" + i + "].fields[" + f + "].since: field '" + field.name() + "' of event '"
                            + event.name() + "' is since version " + field.since() + ", after its event's version "
                            + event.version());
                }
            }
        }
        return errors;
    }
}
