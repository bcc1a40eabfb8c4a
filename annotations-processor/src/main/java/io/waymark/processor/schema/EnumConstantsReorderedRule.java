package io.waymark.processor.schema;

import java.util.List;

/** WM106: an enum field of a stable event keeps its constants' ordinals; records store ordinals. */
final class EnumConstantsReorderedRule implements CompatibilityRule {

    @Override
    public void check(ProviderPair pair, List<SchemaChange> out) {
        for (ProviderPair.EventPair events : pair.stablePairs()) {
            for (FieldSchema was : events.baseline().fields()) {
                FieldSchema now = events.current().field(was.name());
                if (now == null || !was.type().equals("enum") || !now.type().equals("enum")) {
                    continue;
                }
                List<String> labels = now.enumLabels();
                List<String> moved = was.enumConstants().stream()
                        .filter(constant -> labels.contains(constant.label()) && labels.indexOf(constant.label()) != constant.value())
                        .map(constant -> constant.label() + " (" + constant.value() + " -> " + labels.indexOf(constant.label()) + ")")
                        .toList();
                if (!moved.isEmpty()) {
                    out.add(pair.change(SchemaRule.ENUM_CONSTANTS_REORDERED, events.current(), now.name(), "enum constants of"
                            + " field '" + now.name() + "' (" + now.enumType() + ") of " + pair.describe(events.current())
                            + " changed their ordinals: " + String.join(", ", moved), "keep the baseline order of the"
                            + " constants and add new ones after the last one"));
                }
            }
        }
    }
}
