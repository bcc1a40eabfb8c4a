package io.waymark.processor.schema;

import java.util.List;

/** WM109: a stable event is never simply removed: it is retired, so that its id and name stay reserved. */
final class EventRemovedRule implements CompatibilityRule {

    @Override
    public void check(ProviderPair pair, List<SchemaChange> out) {
        for (EventSchema old : pair.baselineEvents()) {
            if (!old.abi() || pair.current().eventById(old.id()) != null || pair.current().eventByName(old.name()) != null) {
                continue; // unstable, still there, or moved to another id (WM107)
            }
            RetiredEvent retired = pair.current().retiredById(old.id());
            if (retired == null || !retired.name().equals(old.name())) {
                out.add(pair.change(SchemaRule.EVENT_REMOVED, old, null, pair.describe(old) + " was removed",
                        "retire it: annotate provider " + pair.current().interfaceName() + " with @Retired(id = " + old.id()
                        + ", name = \"" + old.name() + "\", reason = \"...\")"));
            }
        }
    }
}
