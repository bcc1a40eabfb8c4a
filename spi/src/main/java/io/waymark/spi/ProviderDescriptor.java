package io.waymark.spi;

import io.waymark.spi.abi.GeneratedCodeAbi;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A provider and all the event types it declares.
 *
 * @param name the provider name
 * @param interfaceName the binary name of the provider interface in application code
 * @param events the provider's event types, in declaration order
 */
public record ProviderDescriptor(String name, String interfaceName, List<EventType> events) {

    @GeneratedCodeAbi
    public ProviderDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interfaceName, "interfaceName");
        events = List.copyOf(Objects.requireNonNull(events, "events"));
        Set<Integer> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (EventType event : events) {
            if (!event.provider().equals(name)) {
                throw new IllegalArgumentException("event " + event + " belongs to provider '" + event.provider()
                        + "', not '" + name + "'");
            }
            if (!ids.add(event.id())) {
                throw new IllegalArgumentException("provider " + name + ": duplicate event id " + event.id());
            }
            if (!names.add(event.name())) {
                throw new IllegalArgumentException("provider " + name + ": duplicate event name " + event.name());
            }
        }
    }
}
