package io.waymark.processor.schema;

import java.util.List;

/** WM115: a baseline field keeps its since-version; an appended field is since a version after the baseline's. */
final class SinceChangedRule implements CompatibilityRule {

    @Override
    public void check(ProviderPair pair, List<SchemaChange> out) {
        for (ProviderPair.EventPair events : pair.stablePairs()) {
            FieldAlignment alignment = new FieldAlignment(events.baseline(), events.current());
            for (FieldAlignment.Kept kept : alignment.kept()) {
                FieldSchema was = kept.was();
                FieldSchema now = kept.now();
                if (now.since() != was.since()) {
                    out.add(pair.change(SchemaRule.SINCE_CHANGED, events.current(), now.name(), "field '" + now.name()
                            + "' of " + pair.describe(events.current()) + " is since version " + now.since()
                            + ", but the baseline has it since version " + was.since(), "write @Since(" + was.since()
                            + ") or remove @Since"));
                }
            }
            if (events.current().version() <= events.baseline().version()) {
                continue; // appended without a version bump: WM113 says it
            }
            for (FieldSchema now : alignment.appended()) {
                if (now.since() <= events.baseline().version()) {
                    out.add(pair.change(SchemaRule.SINCE_CHANGED, events.current(), now.name(), "appended field '"
                            + now.name() + "' of " + pair.describe(events.current()) + " is since version " + now.since()
                            + ", but the baseline version " + events.baseline().version() + " did not have it",
                            "write @Since(" + events.current().version() + ") or remove @Since"));
                }
            }
        }
    }
}
