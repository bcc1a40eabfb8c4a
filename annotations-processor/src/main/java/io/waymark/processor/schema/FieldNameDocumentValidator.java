package io.waymark.processor.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rule WM306 on a document: the fields of an event have distinct names, each a Java identifier (a parameter's,
 * or a view's {@code <parameter>_<accessor>}).
 */
final class FieldNameDocumentValidator implements DocumentValidator {

    @Override
    public List<String> validate(ProviderSchema provider, String path) {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < provider.events().size(); i++) {
            EventSchema event = provider.events().get(i);
            Set<String> names = new HashSet<>();
            for (int f = 0; f < event.fields().size(); f++) {
                String name = event.fields().get(f).name();
                String at = path + ".events[" + i + "].fields[" + f + "].name: field '" + name + "' of event '"
                        + event.name() + "'";
                if (!DeclarationRules.isIdentifier(name)) {
                    errors.add(at + " is no Java identifier, as a parameter name is");
                } else if (!names.add(name)) {
                    errors.add(at + " appears twice; the fields of an event have distinct names");
                }
            }
        }
        return errors;
    }
}
