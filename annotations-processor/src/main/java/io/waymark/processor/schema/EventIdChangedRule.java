package io.waymark.processor.schema;

import java.util.List;

/**
 * WM107: a stable event keeps its id; the id, not the name, identifies it in every record. When the new id
 * is the baseline id of another event that took this event's id, the two swapped ids: the remedy says so.
 */
final class EventIdChangedRule implements CompatibilityRule {

    @Override
    public void check(ProviderPair pair, List<SchemaChange> out) {
        for (EventSchema old : pair.baselineEvents()) {
            EventSchema now = pair.current().eventByName(old.name());
            if (!old.abi() || now == null || now.id() == old.id()) {
                continue;
            }
            EventSchema other = pair.baseline().eventById(now.id());
            EventSchema otherNow = other == null ? null : pair.current().eventByName(other.name());
            if (otherNow != null && otherNow.id() == old.id()) {
                out.add(pair.change(SchemaRule.EVENT_ID_CHANGED, now, null, "the id of " + pair.describe(old)
                        + " changed to " + now.id() + ", the baseline id of " + pair.named(other) + ": their ids were"
                        + " swapped", "restore the ids: " + old.name() + " " + old.id() + ", " + other.name() + " "
                        + other.id()));
            } else {
                out.add(pair.change(SchemaRule.EVENT_ID_CHANGED, now, null, "the id of " + pair.describe(old)
                        + " changed to " + now.id(), "keep id " + old.id() + "; an event with a new id is a new event"
                        + " under a new name"));
            }
        }
    }
}
