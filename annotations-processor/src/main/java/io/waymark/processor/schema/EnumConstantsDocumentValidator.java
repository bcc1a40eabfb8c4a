package io.waymark.processor.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rule 7 on a document, for enum fields: the enum is a binary class name and its constants are listed in ordinal
 * order (values 0, 1, 2, ...), each a distinct Java identifier; a field of another type lists none.
 */
final class EnumConstantsDocumentValidator implements DocumentValidator {

    @Override
    public List<String> validate(ProviderSchema provider, String path) {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < provider.events().size(); i++) {
            EventSchema event = provider.events().get(i);
            for (int f = 0; f < event.fields().size(); f++) {
                FieldSchema field = event.fields().get(f);
                String at = path + ".events[" + i + "].fields[" + f + "]";
                String of = "field '" + field.name() + "' of event '" + event.name() + "'";
                if (!field.type().equals("enum")) {
                    if (!field.enumConstants().isEmpty()) {
                        errors.add(at + ".enumConstants: " + of + " is a " + field.type() + ", not an enum, but lists"
                                + " enum constants");
                    }
                    continue;
                }
                if (!DeclarationRules.isBinaryName(field.enumType())) {
                    errors.add(at + ".enumType: '" + field.enumType() + "' of " + of + " is no binary class name");
                }
                Set<String> labels = new HashSet<>();
                for (int c = 0; c < field.enumConstants().size(); c++) {
                    EnumConstant constant = field.enumConstants().get(c);
                    String constantAt = at + ".enumConstants[" + c + "]: constant '" + constant.label() + "' of " + of;
                    if (!DeclarationRules.isIdentifier(constant.label())) {
                        errors.add(constantAt + " is no Java identifier");
                    } else if (!labels.add(constant.label())) {
                        errors.add(constantAt + " appears twice");
                    } else if (constant.value() != c) {
                        errors.add(constantAt + " has the value " + constant.value() + " at position " + c + "; constants"
                                + " are listed in ordinal order, each with its ordinal");
                    }
                }
            }
        }
        return errors;
    }
}
