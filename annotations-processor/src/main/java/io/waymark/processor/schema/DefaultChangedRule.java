package io.waymark.processor.schema;

import java.util.List;
import java.util.Objects;

/**
 * WM118: a field of a stable event keeps its default. Records written before the field was appended lack it,
 * and readers report the default in its place: another default would change what archived records say.
 */
final class DefaultChangedRule implements CompatibilityRule {

    @Override
    public void check(ProviderPair pair, List<SchemaChange> out) {
        for (ProviderPair.EventPair events : pair.stablePairs()) {
            for (FieldAlignment.Kept kept : new FieldAlignment(events.baseline(), events.current()).kept()) {
                FieldSchema was = kept.was();
                FieldSchema now = kept.now();
                if (!was.type().equals(now.type()) || Objects.equals(was.defaultValue(), now.defaultValue())) {
                    continue; // a new type is WM104's
                }
                String lacking = was.since() > 1 ? "records written before version " + was.since() + " lack the field and"
                        : "records that lack the field";
                out.add(pair.change(SchemaRule.DEFAULT_CHANGED, events.current(), now.name(), "the default of field '"
                        + now.name() + "' of " + pair.describe(events.current()) + " changed from " + text(was) + " to "
                        + text(now) + ": " + lacking + " would read as " + text(now), was.defaultValue() == null
                        ? "remove @Default" : "restore @Default(\"" + escaped(was.defaultValue()) + "\")"));
            }
        }
    }

    private static String text(FieldSchema field) {
        return field.defaultValue() == null ? "the type's zero" : "\"" + escaped(field.defaultValue()) + "\"";
    }

    /** As a Java string literal writes it, so that the remedy can be pasted. */
    private static String escaped(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
