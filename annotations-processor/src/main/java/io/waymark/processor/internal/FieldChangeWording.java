package io.waymark.processor.internal;

import io.waymark.processor.schema.EventSchema;
import io.waymark.processor.schema.ProviderSchema;
import io.waymark.processor.schema.SchemaChange;
import io.waymark.processor.schema.SchemaRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.VariableElement;

/**
 * Words the breaking changes of fields in terms of the source, which the schema rules do not see: a field is a
 * parameter or an accessor of a {@code @View} parameter ({@code <parameter>_<accessor>}). A renamed parameter
 * gets the name to restore; the changes of a view's fields name the view, its parameter and the accessor; the
 * renamed fields of one view parameter are one change, as they are one edit.
 */
final class FieldChangeWording {

    private FieldChangeWording() {}

    /**
     * @param changes the breaking changes of {@code provider}, in rule order
     * @param provider the provider's model
     * @param schema its schema now
     * @param baseline its schema in the baseline, or {@code null}
     */
    static List<SchemaChange> reword(List<SchemaChange> changes, ProviderModel provider, ProviderSchema schema,
            ProviderSchema baseline) {
        List<SchemaChange> result = new ArrayList<>();
        Map<VariableElement, List<Rename>> viewRenames = new LinkedHashMap<>();
        for (SchemaChange change : changes) {
            TracepointModel tracepoint = tracepoint(provider, change.eventId());
            EventSchema before = baseline == null ? null : baseline.eventById(change.eventId());
            EventSchema now = schema.eventById(change.eventId());
            if (tracepoint == null || before == null || now == null) {
                result.add(change); // a change of the provider, or of an event that is gone
                continue;
            }
            FieldModel field = change.field() == null ? null : field(tracepoint, change.field());
            if (change.rule() == SchemaRule.VERSION_NOT_RAISED) {
                result.add(noting(change, addedViewFields(tracepoint, before, now, now.fields().size())));
            } else if (change.rule() == SchemaRule.FIELD_REORDERED && field != null && !field.viewField()) {
                String added = addedViewFields(tracepoint, before, now, now.fieldIndex(field.name()));
                result.add(noting(change, added == null ? null : added + ": only the view of the last parameter can gain"
                        + " accessors"));
            } else if (change.rule() == SchemaRule.FIELD_RENAMED && field != null && !field.viewField()) {
                String was = before.fields().get(now.fieldIndex(field.name())).name();
                result.add(new SchemaChange(change.rule(), change.provider(), change.event(), change.eventId(),
                        change.field(), change.message(), "rename parameter '" + field.name() + "' back to '" + was + "'"));
            } else if (change.rule() == SchemaRule.FIELD_RENAMED && field != null) {
                int position = now.fieldIndex(field.name());
                List<Rename> renames = viewRenames.get(field.parameter());
                if (renames == null) {
                    renames = new ArrayList<>();
                    viewRenames.put(field.parameter(), renames);
                    result.add(change); // the place of the view's one change, written below
                }
                renames.add(new Rename(change, tracepoint, field, before.fields().get(position).name(), position));
            } else if (field != null) {
                result.add(noting(change, viewNote(tracepoint, field.parameter(), field.accessor())));
            } else if (change.field() != null) {
                result.add(noting(change, removedViewField(tracepoint, change.field())));
            } else {
                result.add(change);
            }
        }
        for (List<Rename> renames : viewRenames.values()) {
            result.set(result.indexOf(renames.get(0).change()), viewRename(renames));
        }
        return result;
    }

    /** {@code change} with {@code note} in parentheses after its message, or as it is when the note is {@code null}. */
    private static SchemaChange noting(SchemaChange change, String note) {
        return note == null ? change : new SchemaChange(change.rule(), change.provider(), change.event(), change.eventId(),
                change.field(), change.message() + " (" + note + ")", change.remedy());
    }

    /** One renamed field of a view parameter. */
    private record Rename(SchemaChange change, TracepointModel tracepoint, FieldModel field, String was, int position) {

        /** The parameter name the baseline's field name implies, when it ends with the same accessor; else {@code null}. */
        String formerParameter() {
            String suffix = "_" + field.accessor();
            return was.endsWith(suffix) && was.length() > suffix.length() ? was.substring(0, was.length() - suffix.length())
                    : null;
        }
    }

    /** The renames of one view parameter's fields, as one change. */
    private static SchemaChange viewRename(List<Rename> renames) {
        Rename first = renames.get(0);
        String parameter = first.field().parameter().getSimpleName().toString();
        String view = viewNote(first.tracepoint(), first.field().parameter(), null);
        String former = first.formerParameter();
        boolean parameterRenamed = former != null && renames.stream().allMatch(rename -> former.equals(rename.formerParameter()));
        String remedy;
        if (parameterRenamed) {
            remedy = "rename the parameter back to '" + former + "'";
        } else if (renames.size() == 1 && first.was().startsWith(parameter + "_")) {
            remedy = "rename accessor " + first.field().accessor() + "() of the view back to "
                    + first.was().substring(parameter.length() + 1) + "()";
        } else {
            remedy = "restore the field names: the baseline has " + String.join(", ", quoted(renames, true));
        }
        String message;
        if (renames.size() == 1) {
            message = first.change().message() + " (" + viewNote(first.tracepoint(), first.field().parameter(),
                    first.field().accessor()) + ")";
        } else {
            message = "fields " + String.join(", ", quoted(renames, true)) + " (positions " + (first.position() + 1)
                    + " to " + (renames.get(renames.size() - 1).position() + 1) + ") of stable event "
                    + first.change().provider() + ":" + first.change().event() + " (id " + first.change().eventId()
                    + ") were renamed to " + String.join(", ", quoted(renames, false)) + ": they are the accessors of "
                    + view;
        }
        return new SchemaChange(first.change().rule(), first.change().provider(), first.change().event(),
                first.change().eventId(), first.change().field(), message, remedy);
    }

    private static List<String> quoted(List<Rename> renames, boolean baseline) {
        return renames.stream().map(rename -> "'" + (baseline ? rename.was() : rename.field().name()) + "'").toList();
    }

    /** {@code accessor id() of @View(OrderView) parameter 'order'}, or without the accessor when it is {@code null}. */
    private static String viewNote(TracepointModel tracepoint, VariableElement parameter, String accessor) {
        for (ViewModel view : tracepoint.views()) {
            if (view.parameter().equals(parameter)) {
                return (accessor == null ? "" : "accessor " + accessor + "() of ") + "@View("
                        + (view.view() == null ? "?" : view.view().getSimpleName()) + ") parameter '"
                        + view.parameterName() + "'";
            }
        }
        return null; // a plain parameter
    }

    /**
     * {@code accessor count() was added to @View(ItemView) parameter 'item'} for the view fields among the current
     * fields before {@code end} that the baseline event lacks, or {@code null} when there are none.
     */
    private static String addedViewFields(TracepointModel tracepoint, EventSchema before, EventSchema now, int end) {
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            FieldModel field = field(tracepoint, now.fields().get(i).name());
            if (field != null && field.viewField() && before.field(field.name()) == null) {
                notes.add(viewNote(tracepoint, field.parameter(), field.accessor()).replaceFirst(" of ", " was added to "));
            }
        }
        return notes.isEmpty() ? null : String.join(", ", notes);
    }

    /** For a baseline field that no longer exists and was a field of a view parameter that still exists, its note. */
    private static String removedViewField(TracepointModel tracepoint, String fieldName) {
        for (ViewModel view : tracepoint.views()) {
            String prefix = view.parameterName() + "_";
            if (fieldName.startsWith(prefix) && fieldName.length() > prefix.length()) {
                return viewNote(tracepoint, view.parameter(), fieldName.substring(prefix.length()));
            }
        }
        return null;
    }

    private static TracepointModel tracepoint(ProviderModel provider, int eventId) {
        for (TracepointModel candidate : provider.tracepoints()) {
            if (candidate.id() == eventId) {
                return candidate;
            }
        }
        return null;
    }

    private static FieldModel field(TracepointModel tracepoint, String name) {
        for (FieldModel field : tracepoint.fields()) {
            if (field.name().equals(name)) {
                return field;
            }
        }
        return null;
    }
}
