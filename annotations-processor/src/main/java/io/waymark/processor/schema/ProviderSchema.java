package io.waymark.processor.schema;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The schema document of one provider.
 *
 * @param name the provider name, its identity
 * @param interfaceName the binary name of the provider interface
 * @param events its events in declaration order
 * @param retired its retired events, by id
 */
public record ProviderSchema(String name, String interfaceName, List<EventSchema> events, List<RetiredEvent> retired) {

    public ProviderSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interfaceName, "interfaceName");
        events = List.copyOf(events);
        retired = retired.stream().sorted(Comparator.comparingInt(RetiredEvent::id)).toList();
    }

    /** The event with this id, or {@code null}. */
    public EventSchema eventById(int id) {
        return events.stream().filter(event -> event.id() == id).findFirst().orElse(null);
    }

    /** The event with this name, or {@code null}. */
    public EventSchema eventByName(String eventName) {
        return events.stream().filter(event -> event.name().equals(eventName)).findFirst().orElse(null);
    }

    /** The retired event with this id, or {@code null}. */
    public RetiredEvent retiredById(int id) {
        return retired.stream().filter(event -> event.id() == id).findFirst().orElse(null);
    }

    /** The retired event with this name, or {@code null}. */
    public RetiredEvent retiredByName(String eventName) {
        return retired.stream().filter(event -> event.name().equals(eventName)).findFirst().orElse(null);
    }
}
