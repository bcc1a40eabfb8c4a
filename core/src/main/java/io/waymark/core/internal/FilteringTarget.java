package io.waymark.core.internal;

import io.waymark.spi.DiscardCounter;
import io.waymark.spi.DiscardReason;
import io.waymark.spi.Event;
import io.waymark.spi.filter.CheckedFilter;
import io.waymark.spi.probe.ProbeTarget;

/**
 * One session's sink behind the filter of the rule that enabled the tracepoint for it: only the
 * events that pass reach the session. It offers no in-place {@link #recordSink}: an event must be
 * encoded and tested before a backend sees it, so filtered tracepoints take the writer's own buffer.
 */
final class FilteringTarget implements ProbeTarget {

    private final SessionSink sink;
    private final CheckedFilter filter;

    FilteringTarget(SessionSink sink, CheckedFilter filter) {
        this.sink = sink;
        this.filter = filter;
    }

    @Override
    public void dispatch(Event event) {
        boolean passes;
        try {
            passes = filter.test(event);
        } catch (Throwable t) {
            // a checked filter does not throw on events of its type; should one, the event is not delivered: a bug of ours
            sink.discarded(DiscardReason.TRACER_ERROR);
            return;
        }
        if (passes) {
            sink.dispatch(event);
        }
    }

    /**
     * The session's counter: an event discarded before its dispatch counts for a filtering session too, since
     * whether it would have passed cannot be known (an event with view fields is tested only once encoded).
     */
    @Override
    public DiscardCounter discards() {
        return sink.discards();
    }

    CheckedFilter filter() {
        return filter;
    }

    @Override
    public String toString() {
        return "FilteringTarget[" + filter + "]";
    }
}
