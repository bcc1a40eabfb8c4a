package io.waymark.processor.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * A baseline provider and the current one of the same name, with the matching that every rule shares:
 * events are matched by id, their identity across versions.
 *
 * @param baseline the baseline's provider, or {@code null} when the provider is new
 * @param current the current provider
 */
record ProviderPair(ProviderSchema baseline, ProviderSchema current) {

    /** A baseline event and the current event of the same id. */
    record EventPair(EventSchema baseline, EventSchema current) {

        /** Whether both are stable: the only case in which the field rules apply. */
        boolean bothStable() {
            return baseline.abi() && current.abi();
        }
    }

    String provider() {
        return current.name();
    }

    /** The baseline events, or none. */
    List<EventSchema> baselineEvents() {
        return baseline == null ? List.of() : baseline.events();
    }

    /** Every baseline event that still exists under its id, with its current form. */
    List<EventPair> matched() {
        List<EventPair> pairs = new ArrayList<>();
        for (EventSchema old : baselineEvents()) {
            EventSchema now = counterpart(old);
            if (now != null) {
                pairs.add(new EventPair(old, now));
            }
        }
        return pairs;
    }

    /**
     * The current form of a baseline event: the current event of its id, unless that event is another one, which
     * then has the rules of its own (an event of the baseline that moved to this id, WM107, or a new event that
     * reuses a retired id, WM110), or {@code null}.
     */
    EventSchema counterpart(EventSchema old) {
        EventSchema now = current.eventById(old.id());
        if (now == null || now.name().equals(old.name())) {
            return now;
        }
        EventSchema moved = baseline.eventByName(now.name());
        return moved != null || current.retiredById(now.id()) != null ? null : now;
    }

    /** The matched pairs in which both events are stable. */
    List<EventPair> stablePairs() {
        return matched().stream().filter(EventPair::bothStable).toList();
    }

    SchemaChange change(SchemaRule rule, EventSchema event, String field, String message, String remedy) {
        return new SchemaChange(rule, provider(), event == null ? null : event.name(), event == null ? -1 : event.id(),
                field, message, remedy);
    }

    /** {@code stable event provider:name (id n)}, as messages name an event. */
    String describe(EventSchema event) {
        return named(event) + " (id " + event.id() + ")";
    }

    /** {@code stable event provider:name}, without the id. */
    String named(EventSchema event) {
        return (event.abi() ? "stable event " : "event ") + provider() + ":" + event.name();
    }
}
