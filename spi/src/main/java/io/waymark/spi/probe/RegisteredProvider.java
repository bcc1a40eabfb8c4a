package io.waymark.spi.probe;

import io.waymark.spi.ProviderDescriptor;
import java.util.List;
import java.util.Objects;

/**
 * A provider whose generated class has loaded, with one probe per event in declaration order.
 *
 * @param descriptor the provider's declaration
 * @param index the provider index written into the headers of its records: registration order,
 *     from 0 (providers beyond 65535 share index 65535)
 * @param probes the probes, index-aligned with {@link ProviderDescriptor#events()}
 */
public record RegisteredProvider(ProviderDescriptor descriptor, int index, List<Probe> probes) {

    public RegisteredProvider {
        Objects.requireNonNull(descriptor, "descriptor");
        probes = List.copyOf(probes);
    }
}
