package io.waymark.processor.schema;

import java.util.List;

/** WM113: appending fields to a stable event raises its version, which tells readers which fields a record has. */
final class VersionNotRaisedRule implements CompatibilityRule {

    @Override
    public void check(ProviderPair pair, List<SchemaChange> out) {
        for (ProviderPair.EventPair events : pair.stablePairs()) {
            FieldAlignment alignment = new FieldAlignment(events.baseline(), events.current());
            if (!alignment.appended().isEmpty() && events.current().version() == events.baseline().version()) {
                out.add(pair.change(SchemaRule.VERSION_NOT_RAISED, events.current(), null, "fields were appended to "
                        + pair.describe(events.current()) + " ("
                        + String.join(", ", alignment.appended().stream().map(FieldSchema::name).toList())
                        + ") but its version is still " + events.baseline().version(), "raise it: @Tracepoint(id = "
                        + events.current().id() + ", version = " + (events.baseline().version() + 1) + ")"));
            }
        }
    }
}
