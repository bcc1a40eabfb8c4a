package io.waymark.processor.internal;

import io.waymark.processor.schema.DeclarationRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rule WM301: a {@code @Default} parses as its field's type, the way a reader parses it when it reports
 * the default for a record that lacks the field.
 */
final class DefaultValueValidator implements Validator {

    @Override
    public List<Diagnostic> validate(ProviderModel provider) {
        List<Diagnostic> errors = new ArrayList<>();
        for (TracepointModel tracepoint : provider.tracepoints()) {
            for (FieldModel field : tracepoint.fields()) {
                if (field.defaultValue() == null || !field.supported() || field.viewField()) {
                    continue;
                }
                String problem = problem(field, field.defaultValue());
                if (problem != null) {
                    errors.add(Diagnostic.onValue(field.parameter(), field.defaultAnnotation(), "value", "[WM301] @Default(\""
                            + field.defaultValue() + "\") of parameter '" + field.name() + "' is not a " + field.type()
                            + ": " + problem));
                }
            }
        }
        return errors;
    }

    /** Why {@code text} is no value of the field's type, or {@code null}: the rule documents are checked by too. */
    private static String problem(FieldModel field, String text) {
        return DeclarationRules.defaultProblem(field.kind().name().toLowerCase(Locale.ROOT), field.enumLabels(), text);
    }
}
