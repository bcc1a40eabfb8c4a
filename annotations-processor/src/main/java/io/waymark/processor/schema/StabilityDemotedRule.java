package io.waymark.processor.schema;

import java.util.List;

/** WM112: a stable event stays stable; its consumers were promised its ABI. */
final class StabilityDemotedRule implements CompatibilityRule {

    @Override
    public void check(ProviderPair pair, List<SchemaChange> out) {
        for (ProviderPair.EventPair events : pair.matched()) {
            if (events.baseline().abi() && !events.current().abi()) {
                out.add(pair.change(SchemaRule.STABILITY_DEMOTED, events.current(), null, pair.describe(events.baseline())
                        + " was made @Unstable", "keep it @Stable; to end its promise, add a new event and retire this one"
                        + " with @Retired"));
            }
        }
    }
}
