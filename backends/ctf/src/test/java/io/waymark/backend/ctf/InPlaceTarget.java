package io.waymark.backend.ctf;

import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.probe.ProbeTarget;
import io.waymark.spi.wire.RecordSink;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A probe target whose only session is one CTF backend, driven without the runtime: the probe asks
 * the backend for its in-place sink, as the runtime's session sink does. Counts the events that were
 * dispatched instead (a failed assertion inside {@code dispatch} would never reach the test: the
 * probe never lets anything through).
 */
final class InPlaceTarget implements ProbeTarget {

    private final CtfBackend backend;
    private final AtomicInteger dispatched = new AtomicInteger();

    InPlaceTarget(CtfBackend backend) {
        this.backend = backend;
    }

    @Override
    public void dispatch(Event event) {
        dispatched.incrementAndGet();
    }

    @Override
    public RecordSink recordSink(EventType type, int providerIndex) {
        return backend.recordSink(type, providerIndex);
    }

    /** Events that went through {@link #dispatch} rather than being written in place. */
    int dispatched() {
        return dispatched.get();
    }
}
