package io.waymark.processor.schema;

import java.util.List;

/** WM102: a field of a stable event keeps its name; consumers read fields by name. */
final class FieldRenamedRule implements CompatibilityRule {

    @Override
    public void check(ProviderPair pair, List<SchemaChange> out) {
        for (ProviderPair.EventPair events : pair.stablePairs()) {
            FieldAlignment alignment = new FieldAlignment(events.baseline(), events.current());
            for (int i = 0; i < events.baseline().fields().size(); i++) {
                if (alignment.status(i) == FieldAlignment.Status.RENAMED) {
                    String was = events.baseline().fields().get(i).name();
                    String now = alignment.counterpart(i).name();
                    out.add(pair.change(SchemaRule.FIELD_RENAMED, events.current(), now, "field '" + was
                            + "' (position " + (i + 1) + ") of " + pair.describe(events.current()) + " was renamed to '"
                            + now + "'", "restore the field name '" + was + "'"));
                }
            }
        }
    }
}
