package io.waymark.processor.internal;

import io.waymark.processor.schema.DeclarationRules;
import java.util.List;
import java.util.regex.Pattern;

/** Rule 2: the provider name starts with a letter and continues with letters, digits, '_', '-' or '.'. */
final class ProviderNameValidator implements Validator {

    static final Pattern PROVIDER_NAME = DeclarationRules.PROVIDER_NAME;

    @Override
    public List<Diagnostic> validate(ProviderModel provider) {
        if (PROVIDER_NAME.matcher(provider.providerName()).matches()) {
            return List.of();
        }
        return List.of(Diagnostic.onValue(provider.element(), provider.annotation(), "value", "provider name '"
                + provider.providerName() + "' is invalid: start with a letter and use only letters, digits, '_', '-'"
                + " and '.' (for example \"shop.orders\")"));
    }
}
