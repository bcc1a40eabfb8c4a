package io.waymark.processor.schema;

import java.util.List;

/** WM111: a retirement is permanent; the baseline's @Retired entries stay as they are. */
final class UnretiredRule implements CompatibilityRule {

    @Override
    public void check(ProviderPair pair, List<SchemaChange> out) {
        if (pair.baseline() == null) {
            return;
        }
        for (RetiredEvent old : pair.baseline().retired()) {
            RetiredEvent now = pair.current().retiredById(old.id());
            if (now == null || !now.name().equals(old.name())) {
                out.add(new SchemaChange(SchemaRule.UNRETIRED, pair.provider(), old.name(), old.id(), null,
                        "retired event " + pair.provider() + ":" + old.name() + " (id " + old.id() + ") is no longer"
                        + " declared @Retired", "restore @Retired(id = " + old.id() + ", name = \"" + old.name()
                        + "\") on the provider; a retired event cannot come back: declare a new event with a new id and name"));
            }
        }
    }
}
