package io.waymark.processor.schema;

import java.util.List;

/** WM114: a stable event's version never goes down. */
final class VersionLoweredRule implements CompatibilityRule {

    @Override
    public void check(ProviderPair pair, List<SchemaChange> out) {
        for (ProviderPair.EventPair events : pair.stablePairs()) {
            if (events.current().version() < events.baseline().version()) {
                out.add(pair.change(SchemaRule.VERSION_LOWERED, events.current(), null, "the version of "
                        + pair.describe(events.current()) + " went down from " + events.baseline().version() + " to "
                        + events.current().version(), "restore version " + events.baseline().version()
                        + " (or a higher one when appending fields)"));
            }
        }
    }
}
