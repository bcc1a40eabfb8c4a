package io.waymark.backend.jfr.internal;

import io.waymark.spi.Event;

/**
 * Commits one Waymark event as its JFR event: implemented by each generated event class, whose
 * {@link #emit} reads the view's typed getters into a new instance of itself and commits it.
 */
public interface Emitter {

    /** Records {@code event} on the calling thread, if a recording enables this event type. */
    void emit(Event event);
}
