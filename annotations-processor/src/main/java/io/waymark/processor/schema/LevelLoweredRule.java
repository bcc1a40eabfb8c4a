package io.waymark.processor.schema;

import java.util.List;

/** WM116: a stable event's level may rise, never fall: sessions that filter by level would lose it. */
final class LevelLoweredRule implements CompatibilityRule {

    @Override
    public void check(ProviderPair pair, List<SchemaChange> out) {
        for (ProviderPair.EventPair events : pair.stablePairs()) {
            int was = EventSchema.LEVELS.indexOf(events.baseline().level());
            int now = EventSchema.LEVELS.indexOf(events.current().level());
            if (now < was) {
                out.add(pair.change(SchemaRule.LEVEL_LOWERED, events.current(), null, "the level of "
                        + pair.describe(events.current()) + " went down from " + events.baseline().level() + " to "
                        + events.current().level(), "keep level " + events.baseline().level() + " or a higher one"));
            }
        }
    }
}
