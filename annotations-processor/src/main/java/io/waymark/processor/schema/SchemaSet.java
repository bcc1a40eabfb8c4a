package io.waymark.processor.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The schemas of several providers, sorted by provider name: the content of a baseline lock file.
 *
 * @param providers the providers, one per name
 */
public record SchemaSet(List<ProviderSchema> providers) {

    /** An empty set. */
    public static final SchemaSet EMPTY = new SchemaSet(List.of());

    public SchemaSet {
        providers = providers.stream().sorted(Comparator.comparing(ProviderSchema::name)).toList();
        Map<String, String> byInterface = new HashMap<>();
        for (int i = 0; i < providers.size(); i++) {
            ProviderSchema provider = providers.get(i);
            if (i > 0 && provider.name().equals(providers.get(i - 1).name())) {
                throw new IllegalArgumentException("provider '" + provider.name() + "' appears twice");
            }
            String other = byInterface.putIfAbsent(provider.interfaceName(), provider.name());
            if (other != null) {
                throw new IllegalArgumentException("providers '" + other + "' and '" + provider.name() + "' have the same"
                        + " interface " + provider.interfaceName() + ", which declares one provider");
            }
        }
    }

    /** The provider with this name, or {@code null}. */
    public ProviderSchema provider(String name) {
        Objects.requireNonNull(name, "name");
        return providers.stream().filter(provider -> provider.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * This set with {@code provider} added, replacing the one of the same name and the one of the same interface
     * (the provider under its former name: an interface declares one provider).
     */
    public SchemaSet with(ProviderSchema provider) {
        List<ProviderSchema> result = new ArrayList<>(providers);
        result.removeIf(existing -> existing.name().equals(provider.name())
                || existing.interfaceName().equals(provider.interfaceName()));
        result.add(provider);
        return new SchemaSet(result);
    }
}
