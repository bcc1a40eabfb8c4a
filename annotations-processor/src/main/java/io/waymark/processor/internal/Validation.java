package io.waymark.processor.internal;

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
            new EnabledCheckValidator());

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
     * The error of a {@code @Tracepoint} or {@code @IsEnabled} method outside any provider, which
     * nothing would implement; empty when its type is a provider (whose own rules then apply).
     */
    public static List<Diagnostic> validateEnclosingProvider(Element method, String annotationSimpleName) {
        return MisplacedAnnotationValidator.validate(method, annotationSimpleName);
    }
}
