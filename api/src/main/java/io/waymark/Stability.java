package io.waymark;

/** What a tracepoint promises to the consumers of its events. */
public enum Stability {
    /** Name, id and fields are an ABI: they only evolve in ways that existing consumers survive. */
    STABLE,
    /** A debug tracepoint with no promise: it may change or disappear in any release. */
    UNSTABLE
}
