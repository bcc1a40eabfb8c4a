package io.waymark.processor.schema;

import java.util.List;
import java.util.Objects;

/**
 * WM201 to WM211: the compatible changes, classified so that a tool can list what a release changes.
 * None of them is ever an error.
 */
final class CompatibleChangesRule implements CompatibilityRule {

    @Override
    public void check(ProviderPair pair, List<SchemaChange> out) {
        if (pair.baseline() == null) {
            return; // a new provider: WM210 covers all of it
        }
        for (EventSchema now : pair.current().events()) {
            if (pair.baseline().eventById(now.id()) == null && pair.baseline().eventByName(now.name()) == null
                    && !RetiredReusedRule.reusesRetired(pair, now)) {
                out.add(pair.change(SchemaRule.EVENT_ADDED, now, null, pair.describe(now) + " was added", ""));
            }
        }
        for (EventSchema old : pair.baseline().events()) {
            EventSchema now = pair.counterpart(old);
            if (now == null) {
                // gone, or its id now belongs to another event (WM107 for a moved stable one, WM110 for a reused id)
                RetiredEvent retired = pair.current().retiredById(old.id());
                if (retired != null && retired.name().equals(old.name())) {
                    out.add(pair.change(SchemaRule.EVENT_RETIRED, old, null, pair.describe(old) + " was retired"
                            + (retired.reason().isEmpty() ? "" : ": " + retired.reason()), ""));
                } else if (!old.abi()) {
                    out.add(pair.change(SchemaRule.UNSTABLE_CHANGED, old, null, pair.describe(old)
                            + (pair.current().eventByName(old.name()) == null ? " was removed" : " changed its id"), ""));
                }
                continue;
            }
            if (!old.abi()) {
                if (now.abi()) {
                    out.add(pair.change(SchemaRule.STABILITY_PROMOTED, now, null, pair.describe(old) + " became stable", ""));
                } else if (!old.equals(now)) {
                    out.add(pair.change(SchemaRule.UNSTABLE_CHANGED, now, null, pair.describe(old) + " changed", ""));
                }
                continue;
            }
            if (!now.abi()) {
                continue; // WM112
            }
            stableEvent(pair, old, now, out);
        }
    }

    private static void stableEvent(ProviderPair pair, EventSchema old, EventSchema now, List<SchemaChange> out) {
        FieldAlignment alignment = new FieldAlignment(old, now);
        for (FieldSchema field : alignment.appended()) {
            if (now.version() <= old.version() || field.since() <= old.version()) {
                continue; // not appended compatibly: WM113 or WM115 reports it
            }
            out.add(pair.change(SchemaRule.FIELD_APPENDED, now, field.name(), "field '" + field.name() + "' ("
                    + field.type() + ", since version " + field.since() + ") was appended to " + pair.describe(now), ""));
        }
        if (alignment.appended().isEmpty() && now.version() > old.version()) {
            out.add(pair.change(SchemaRule.VERSION_RAISED, now, null, "the version of " + pair.describe(now)
                    + " rose from " + old.version() + " to " + now.version() + " without new fields", ""));
        }
        for (FieldSchema was : old.fields()) {
            FieldSchema field = now.field(was.name());
            if (field == null) {
                continue;
            }
            if (was.type().equals("enum") && field.type().equals("enum")) {
                // constants inserted before the last one moved the others: WM106 reports that
                List<String> labels = was.enumLabels();
                List<String> current = field.enumLabels();
                List<String> added = current.subList(Math.min(labels.size(), current.size()), current.size()).stream()
                        .filter(label -> !labels.contains(label)).toList();
                if (!added.isEmpty()) {
                    out.add(pair.change(SchemaRule.ENUM_CONSTANT_APPENDED, now, field.name(), "enum constant"
                            + (added.size() == 1 ? " " : "s ") + String.join(", ", added) + " appended to field '"
                            + field.name() + "' of " + pair.describe(now), ""));
                }
            }
            if (!Objects.equals(was.doc(), field.doc())) {
                out.add(pair.change(SchemaRule.DOC_CHANGED, now, field.name(), "the documentation of field '"
                        + field.name() + "' of " + pair.describe(now) + " changed", ""));
            }
        }
        if (!Objects.equals(old.doc(), now.doc())) {
            out.add(pair.change(SchemaRule.DOC_CHANGED, now, null, "the documentation of " + pair.describe(now)
                    + " changed", ""));
        }
        if (EventSchema.LEVELS.indexOf(now.level()) > EventSchema.LEVELS.indexOf(old.level())) {
            out.add(pair.change(SchemaRule.LEVEL_RAISED, now, null, "the level of " + pair.describe(now) + " rose from "
                    + old.level() + " to " + now.level(), ""));
        }
        if (old.deprecated() != now.deprecated()) {
            out.add(pair.change(SchemaRule.DEPRECATION_CHANGED, now, null, pair.describe(now)
                    + (now.deprecated() ? " was deprecated" : " is no longer deprecated"), ""));
        }
    }
}
