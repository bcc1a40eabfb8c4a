package io.waymark.core.internal;

import io.waymark.spi.DiscardCounter;
import io.waymark.spi.DiscardReason;
import io.waymark.spi.Event;
import io.waymark.spi.probe.ProbeTarget;
import java.util.ArrayList;
import java.util.List;

/** The immutable dispatch target of a tracepoint that several sessions enabled: their sinks, some behind their filters. */
final class Fanout implements ProbeTarget {

    private final ProbeTarget[] sinks;
    /** What an event discarded before its dispatch counts in: every session dispatched to, once each. */
    private final DiscardCounter discards;

    Fanout(ProbeTarget[] sinks) {
        this.sinks = sinks;
        this.discards = counterOf(sinks);
    }

    @Override
    public void dispatch(Event event) {
        for (ProbeTarget sink : sinks) {
            sink.dispatch(event);
        }
    }

    @Override
    public DiscardCounter discards() {
        return discards;
    }

    /** One counter that counts in each target's (those that count nothing left out), built once. */
    private static DiscardCounter counterOf(ProbeTarget[] targets) {
        List<DiscardCounter> counters = new ArrayList<>(targets.length);
        for (ProbeTarget target : targets) {
            DiscardCounter counter = target.discards();
            if (counter != null && counter != DiscardCounter.NONE && !counters.contains(counter)) {
                counters.add(counter); // a session appears once in a fan-out; contains() guards against counting it twice
            }
        }
        if (counters.isEmpty()) {
            return DiscardCounter.NONE;
        }
        if (counters.size() == 1) {
            return counters.get(0);
        }
        DiscardCounter[] all = counters.toArray(new DiscardCounter[0]);
        return new Each(all);
    }

    /** Counts in several sessions' counters. */
    private record Each(DiscardCounter[] counters) implements DiscardCounter {
        @Override
        public void discarded(DiscardReason reason) {
            for (DiscardCounter counter : counters) {
                counter.discarded(reason); // a session's counter never throws
            }
        }
    }
}
