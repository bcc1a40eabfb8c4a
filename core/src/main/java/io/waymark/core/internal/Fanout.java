package io.waymark.core.internal;

import io.waymark.spi.Event;
import io.waymark.spi.probe.ProbeTarget;

/** The immutable dispatch target of a tracepoint that several sessions enabled: their sinks, some behind their filters. */
final class Fanout implements ProbeTarget {

    private final ProbeTarget[] sinks;

    Fanout(ProbeTarget[] sinks) {
        this.sinks = sinks;
    }

    @Override
    public void dispatch(Event event) {
        for (ProbeTarget sink : sinks) {
            sink.dispatch(event);
        }
    }
}
