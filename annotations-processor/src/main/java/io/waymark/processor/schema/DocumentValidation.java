package io.waymark.processor.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the document rules on a provider read from a document or lock file: every rule runs, in a fixed order, and
 * the first violation is the reader's complaint, with the count of the others.
 */
final class DocumentValidation {

    private static final List<DocumentValidator> VALIDATORS = List.of(
            new ProviderNameDocumentValidator(),
            new InterfaceNameDocumentValidator(),
            new EventIdDocumentValidator(),
            new EventNameDocumentValidator(),
            new FieldNameDocumentValidator(),
            new EnumConstantsDocumentValidator(),
            new DefaultValueDocumentValidator(),
            new SinceDocumentValidator(),
            new RetiredDocumentValidator());

    private DocumentValidation() {}

    /** Every violation, in rule order; empty when the provider is one a valid declaration writes. */
    static List<String> validate(ProviderSchema provider, String path) {
        List<String> errors = new ArrayList<>();
        for (DocumentValidator validator : VALIDATORS) {
            errors.addAll(validator.validate(provider, path));
        }
        return errors;
    }

    /** {@code provider}, or an {@link IllegalArgumentException} naming its first violation. */
    static ProviderSchema check(ProviderSchema provider, String path) {
        List<String> errors = validate(provider, path);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(errors.get(0) + (errors.size() == 1 ? ""
                    : " (and " + (errors.size() - 1) + " more " + (errors.size() == 2 ? "problem" : "problems") + ")"));
        }
        return provider;
    }
}
