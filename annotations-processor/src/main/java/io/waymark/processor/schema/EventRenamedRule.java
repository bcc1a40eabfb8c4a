package io.waymark.processor.schema;

import java.util.List;

/** WM108: a stable event keeps its name; consumers select events by name. */
final class EventRenamedRule implements CompatibilityRule {

    @Override
    public void check(ProviderPair pair, List<SchemaChange> out) {
        for (ProviderPair.EventPair events : pair.matched()) {
            if (events.baseline().abi() && !events.baseline().name().equals(events.current().name())) {
                out.add(pair.change(SchemaRule.EVENT_RENAMED, events.current(), null, "the name of "
                        + pair.describe(events.baseline()) + " changed to '" + events.current().name() + "'",
                        "keep the name '" + events.baseline().name() + "' (rename the method and set @Tracepoint(name = \""
                        + events.baseline().name() + "\")), or add a new event and retire this one with @Retired"));
            }
        }
    }
}
