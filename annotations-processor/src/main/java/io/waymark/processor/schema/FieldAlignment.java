package io.waymark.processor.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * How the fields of a stable event's baseline map onto its current fields, by position: a field keeps
 * its position for ever, and new fields go at the end. The field rules share this classification.
 */
final class FieldAlignment {

    enum Status {
        /** Same name at the same position. */
        KEPT,
        /** The name is still there, at another position. */
        MOVED,
        /** A new name at this position, and the old name is gone. */
        RENAMED,
        /** The old name is gone, and the position holds another baseline field or nothing. */
        REMOVED
    }

    private final List<Status> statuses = new ArrayList<>();
    private final List<FieldSchema> appended = new ArrayList<>();
    private final List<FieldSchema> currentFields;
    private final List<Kept> kept = new ArrayList<>();

    /** A baseline field that is still at its position under its name, and what it is now. */
    record Kept(FieldSchema was, FieldSchema now) {}

    FieldAlignment(EventSchema baseline, EventSchema current) {
        List<FieldSchema> old = baseline.fields();
        List<FieldSchema> now = current.fields();
        this.currentFields = now;
        for (int i = 0; i < old.size(); i++) {
            String name = old.get(i).name();
            if (i < now.size() && now.get(i).name().equals(name)) {
                statuses.add(Status.KEPT);
                kept.add(new Kept(old.get(i), now.get(i)));
            } else if (current.fieldIndex(name) >= 0) {
                statuses.add(Status.MOVED);
            } else if (i < now.size() && baseline.fieldIndex(now.get(i).name()) < 0) {
                statuses.add(Status.RENAMED);
            } else {
                statuses.add(Status.REMOVED);
            }
        }
        for (int i = old.size(); i < now.size(); i++) {
            if (baseline.fieldIndex(now.get(i).name()) < 0) {
                appended.add(now.get(i));
            }
        }
    }

    /** The status of baseline field {@code index}. */
    Status status(int index) {
        return statuses.get(index);
    }

    /**
     * The current field at baseline field {@code index}'s position when it is {@link Status#KEPT} or
     * {@link Status#RENAMED}, else {@code null}. Rules take current fields from here rather than indexing the
     * current event by a baseline position, which the current event may not have (every field removed, say).
     */
    FieldSchema counterpart(int index) {
        Status status = statuses.get(index);
        return status == Status.KEPT || status == Status.RENAMED ? currentFields.get(index) : null;
    }

    boolean any(Status status) {
        return statuses.contains(status);
    }

    /** The current fields after the baseline's last position that are new, in order. */
    /** The baseline fields that are {@link Status#KEPT}, in baseline order, each with its current self. */
    List<Kept> kept() {
        return kept;
    }

    List<FieldSchema> appended() {
        return appended;
    }
}
