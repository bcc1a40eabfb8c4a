package io.waymark.processor.schema;

import java.util.List;

/** Rule 2 on a document: the provider name is one that {@code @TraceProvider} accepts. */
final class ProviderNameDocumentValidator implements DocumentValidator {

    @Override
    public List<String> validate(ProviderSchema provider, String path) {
        if (DeclarationRules.PROVIDER_NAME.matcher(provider.name()).matches()) {
            return List.of();
        }
        return List.of(path + ".provider: provider name '" + provider.name() + "' is invalid: it starts with a letter"
                + " and has only letters, digits, '_', '-' and '.'");
    }
}
