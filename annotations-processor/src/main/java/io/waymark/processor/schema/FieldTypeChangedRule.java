package io.waymark.processor.schema;

import java.util.List;

/** WM104: a field of a stable event keeps its type; its encoding depends on it. */
final class FieldTypeChangedRule implements CompatibilityRule {

    @Override
    public void check(ProviderPair pair, List<SchemaChange> out) {
        for (ProviderPair.EventPair events : pair.stablePairs()) {
            for (FieldAlignment.Kept kept : new FieldAlignment(events.baseline(), events.current()).kept()) {
                FieldSchema was = kept.was();
                FieldSchema now = kept.now();
                if (!was.type().equals(now.type())) {
                    out.add(pair.change(SchemaRule.FIELD_TYPE_CHANGED, events.current(), now.name(), "field '" + now.name()
                            + "' of " + pair.describe(events.current()) + " changed its type from " + was.type() + " to "
                            + now.type(), "keep the type " + was.type() + "; for a value of another type append a new"
                            + " field and raise the version"));
                }
            }
        }
    }
}
