package io.waymark.processor.schema;

import java.util.List;

/** WM103: a field of a stable event keeps its position; new fields are appended at the end. Moves that only follow from a removed field are left to WM101. */
final class FieldReorderedRule implements CompatibilityRule {

    @Override
    public void check(ProviderPair pair, List<SchemaChange> out) {
        for (ProviderPair.EventPair events : pair.stablePairs()) {
            FieldAlignment alignment = new FieldAlignment(events.baseline(), events.current());
            if (alignment.any(FieldAlignment.Status.REMOVED)) {
                continue;
            }
            for (int i = 0; i < events.baseline().fields().size(); i++) {
                if (alignment.status(i) == FieldAlignment.Status.MOVED) {
                    String field = events.baseline().fields().get(i).name();
                    out.add(pair.change(SchemaRule.FIELD_REORDERED, events.current(), field, "field '" + field
                            + "' of " + pair.describe(events.current()) + " moved from position " + (i + 1) + " to "
                            + (events.current().fieldIndex(field) + 1), "keep the baseline order of the fields and append"
                            + " new fields after the last one"));
                }
            }
        }
    }
}
