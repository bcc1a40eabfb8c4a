package io.waymark.processor.schema;

import java.util.List;

/** WM105: an enum field of a stable event keeps every constant; records store ordinals. */
final class EnumConstantRemovedRule implements CompatibilityRule {

    @Override
    public void check(ProviderPair pair, List<SchemaChange> out) {
        for (ProviderPair.EventPair events : pair.stablePairs()) {
            for (FieldSchema was : events.baseline().fields()) {
                FieldSchema now = events.current().field(was.name());
                if (now == null || !was.type().equals("enum") || !now.type().equals("enum")) {
                    continue;
                }
                List<String> labels = now.enumLabels();
                List<String> removed = was.enumLabels().stream().filter(label -> !labels.contains(label)).toList();
                if (!removed.isEmpty()) {
                    out.add(pair.change(SchemaRule.ENUM_CONSTANT_REMOVED, events.current(), now.name(), "enum constant"
                            + (removed.size() == 1 ? " " : "s ") + String.join(", ", removed) + " of field '" + now.name()
                            + "' (" + now.enumType() + ") of " + pair.describe(events.current()) + " "
                            + (removed.size() == 1 ? "was" : "were") + " removed", "restore "
                            + (removed.size() == 1 ? "it" : "them") + " (deprecate instead of removing); new constants go"
                            + " after the last one"));
                }
            }
        }
    }
}
