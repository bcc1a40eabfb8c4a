package io.waymark.processor.internal;

import io.waymark.processor.schema.ProviderSchema;
import io.waymark.processor.schema.SchemaChange;
import io.waymark.processor.schema.SchemaCompatibility;
import io.waymark.processor.schema.SchemaSet;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;

/**
 * Runs the rules. Every rule runs even when an earlier one failed, so that one build reports every
 * error of a provider; the order is fixed, so the report is too.
 */
public final class Validation {

    private static final List<Validator> VALIDATORS = List.of(
            new ProviderDeclarationValidator(),
            new ProviderNameValidator(),
            new MethodAnnotationValidator(),
            new VoidReturnValidator(),
            new GenericTracepointValidator(),
            new OverloadValidator(),
            new FieldTypeValidator(),
            new EventIdValidator(),
            new EventNameValidator(),
            new EventVersionValidator(),
            new StabilityValidator(),
            new EnabledCheckValidator(),
            new DefaultValueValidator(),
            new SinceValidator(),
            new RetiredDeclarationValidator(),
            new ViewDeclarationValidator(),
            new ViewAccessorValidator(),
            new ViewFieldNameValidator());

    private Validation() {}

    /**
     * The errors of an element annotated {@code @TraceProvider} that is not an interface; a model is
     * built, and the other rules checked, only for an interface.
     */
    public static List<Diagnostic> validateKind(Element element) {
        return ProviderKindValidator.validate(element);
    }

    /** Every error of a provider interface, in a stable order; empty when it is valid. */
    public static List<Diagnostic> validate(ProviderModel provider) {
        List<Diagnostic> errors = new ArrayList<>();
        for (Validator validator : VALIDATORS) {
            errors.addAll(validator.validate(provider));
        }
        return errors;
    }

    /**
     * The breaking changes of a valid provider's schema, each on the element to edit: against its baseline
     * entry when there is one (rules WM101 to WM118, see {@link SchemaCompatibility}), its former name when the
     * baseline has its interface under another one (WM119), and otherwise the rules about the declaration itself
     * (WM110, a retired id or name in use).
     *
     * @param provider the provider, without declaration errors
     * @param schema its schema
     * @param baseline the baseline lock file's providers, empty when nothing is checked
     */
    public static List<Diagnostic> validateEvolution(ProviderModel provider, ProviderSchema schema, SchemaSet baseline) {
        List<SchemaChange> changes = SchemaCompatibility.breaking(SchemaCompatibility.compareProvider(baseline, schema));
        List<Diagnostic> errors = new ArrayList<>();
        for (SchemaChange change : FieldChangeWording.reword(changes, provider, schema, baseline.provider(schema.name()))) {
            errors.add(EvolutionReporter.locate(change, provider));
        }
        return errors;
    }

    /**
     * The breaking changes that updating the baseline accepts into it, each on the element to edit, as a warning
     * naming the rule, the element and what changed; empty unless the baseline is being updated
     * and had the provider (under its name or, renamed, under its interface).
     *
     * @param provider the provider, without declaration or evolution errors
     * @param schema its schema, which replaces its entry in the lock file
     * @param baseline the lock file being updated
     */
    public static List<Diagnostic> acceptedByUpdate(ProviderModel provider, ProviderSchema schema, Baseline baseline) {
        List<Diagnostic> warnings = new ArrayList<>();
        SchemaSet replaced = baseline.replacedBy();
        if (replaced.providers().isEmpty()) {
            return warnings;
        }
        // Against the whole lock file, as the check does: a renamed provider (WM119) is accepted too.
        List<SchemaChange> changes = SchemaCompatibility.breaking(SchemaCompatibility.compareProvider(replaced, schema));
        for (SchemaChange change : FieldChangeWording.reword(changes, provider, schema, replaced.provider(schema.name()))) {
            Diagnostic located = EvolutionReporter.locate(change, provider);
            warnings.add(new Diagnostic(located.element(), located.annotation(), located.value(), baseline.accepting(change)));
        }
        return warnings;
    }

    /**
     * The error of a {@code @Tracepoint} or {@code @IsEnabled} method outside any provider, which
     * nothing would implement; empty when its type is a provider (whose own rules then apply).
     */
    public static List<Diagnostic> validateEnclosingProvider(Element method, String annotationSimpleName) {
        return MisplacedAnnotationValidator.validate(method, annotationSimpleName);
    }
}
