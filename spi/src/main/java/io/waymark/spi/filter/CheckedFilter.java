package io.waymark.spi.filter;

import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import java.util.List;

/**
 * A filter checked against one event type and compiled for it ({@link Filter#check}): fields resolved
 * to their indexes, enum constants to ordinals, string globs to matchers. {@link #test(Event)} reads
 * only the fields the filter names, through the event's typed accessors, and never throws for events
 * of its type. Immutable and safe to share between threads; whatever needs to accept or reject
 * events of the type by the filter (a session's delivery, an aggregation's guard) can reuse it.
 */
public final class CheckedFilter {

    private final Filter filter;
    private final EventType type;
    private final Condition condition;
    private final List<String> fields;
    private final List<String> warnings;

    CheckedFilter(Filter filter, EventType type, Condition condition, List<String> fields, List<String> warnings) {
        this.filter = filter;
        this.type = type;
        this.condition = condition;
        this.fields = List.copyOf(fields);
        this.warnings = List.copyOf(warnings);
    }

    /** Whether {@code event}, of this filter's {@link #type()}, passes the filter. */
    public boolean test(Event event) {
        return condition.test(event);
    }

    /** The filter as parsed. */
    public Filter filter() {
        return filter;
    }

    /** The event type it was checked against. */
    public EventType type() {
        return type;
    }

    /** The names of the fields the filter reads, in order of first mention. */
    public List<String> fields() {
        return fields;
    }

    /**
     * What the check found worth saying without refusing the filter: today, that the filter reads
     * fields of an {@link io.waymark.Stability#UNSTABLE UNSTABLE} event, which promise nothing.
     */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return type.qualifiedName() + "[" + filter + "]";
    }

    /** A compiled condition over one event type's events. */
    abstract static class Condition {
        abstract boolean test(Event event);
    }
}
