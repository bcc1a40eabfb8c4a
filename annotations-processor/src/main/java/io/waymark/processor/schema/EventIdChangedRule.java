package io.waymark.processor.schema;

import java.util.List;

/** WM107: a stable event keeps its id; the id, not the name, identifies it in every record. */
final class EventIdChangedRule implements CompatibilityRule {

    @Override
    public void check(ProviderPair pair, List<SchemaChange> out) {
        for (EventSchema old : pair.baselineEvents()) {
            EventSchema now = pair.current().eventByName(old.name());
            if (old.abi() && now != null && now.id() != old.id()) {
                out.add(pair.change(SchemaRule.EVENT_ID_CHANGED, now, null, "the id of " + pair.describe(old)
                        + " changed to " + now.id(), "keep id " + old.id() + "; an event with a new id is a new event"
                        + " under a new name"));
            }
        }
    }
}
