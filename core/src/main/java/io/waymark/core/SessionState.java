package io.waymark.core;

/** The life cycle of a {@link Session}: created, then started and stopped any number of times, then closed. */
public enum SessionState {
    /** Created; its backend exists but receives no events yet. */
    CREATED,
    /** Receiving the events it enabled. */
    RUNNING,
    /** Stopped: receives nothing; may be started again. */
    STOPPED,
    /** Closed: its backend is closed; the session cannot be used again. */
    CLOSED
}
