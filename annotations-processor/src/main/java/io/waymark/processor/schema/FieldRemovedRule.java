package io.waymark.processor.schema;

import java.util.List;

/** WM101: a field of a stable event is never removed; readers of every version rely on its position. */
final class FieldRemovedRule implements CompatibilityRule {

    @Override
    public void check(ProviderPair pair, List<SchemaChange> out) {
        for (ProviderPair.EventPair events : pair.stablePairs()) {
            FieldAlignment alignment = new FieldAlignment(events.baseline(), events.current());
            for (int i = 0; i < events.baseline().fields().size(); i++) {
                if (alignment.status(i) == FieldAlignment.Status.REMOVED) {
                    String field = events.baseline().fields().get(i).name();
                    out.add(pair.change(SchemaRule.FIELD_REMOVED, events.current(), field, "field '"
                            + field + "' (position " + (i + 1) + ") of " + pair.describe(events.current())
                            + " was removed", "restore it; fields of a stable event stay for ever (pass a constant when"
                            + " the value no longer exists), or add a new event and retire this one with @Retired"));
                }
            }
        }
    }
}
