package io.waymark.core.internal;

import io.waymark.spi.Event;
import io.waymark.spi.probe.ProbeTarget;

/** The immutable dispatch target of a tracepoint that several sessions enabled. */
final class Fanout implements ProbeTarget {

    private final SessionSink[] sinks;

    Fanout(SessionSink[] sinks) {
        this.sinks = sinks;
    }

    @Override
    public void dispatch(Event event) {
        for (SessionSink sink : sinks) {
            sink.dispatch(event);
        }
    }
}
