package io.waymark.processor.schema;

import java.util.ArrayList;
import java.util.List;

/** Rule WM301 on a document: a field's default parses as its type, as {@code @Default} must. */
final class DefaultValueDocumentValidator implements DocumentValidator {

    @Override
    public List<String> validate(ProviderSchema provider, String path) {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < provider.events().size(); i++) {
            EventSchema event = provider.events().get(i);
            for (int f = 0; f < event.fields().size(); f++) {
                FieldSchema field = event.fields().get(f);
                if (field.defaultValue() == null) {
                    continue;
                }
                String problem = DeclarationRules.defaultProblem(field.type(), field.enumLabels(), field.defaultValue());
                if (problem != null) {
                    errors.add(path + ".events[" + i + "].fields[" + f + "].default: \"" + field.defaultValue()
                            + "\" of field '" + field.name() + "' of event '" + event.name() + "' is not a " + field.type()
                            + ": " + problem);
                }
            }
        }
        return errors;
    }
}
