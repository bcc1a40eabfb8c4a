package io.waymark.processor.schema;

import java.util.List;

/** The provider interface of a document is a binary class name: it identifies a renamed provider (WM119). */
final class InterfaceNameDocumentValidator implements DocumentValidator {

    @Override
    public List<String> validate(ProviderSchema provider, String path) {
        if (DeclarationRules.isBinaryName(provider.interfaceName())) {
            return List.of();
        }
        return List.of(path + ".interface: '" + provider.interfaceName() + "' of provider '" + provider.name()
                + "' is no binary class name (such as com.acme.OrderEvents)");
    }
}
