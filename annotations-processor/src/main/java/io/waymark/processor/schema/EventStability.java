package io.waymark.processor.schema;

/** An event's stability in a schema document, as {@code io.waymark.Stability} declares it. */
public enum EventStability {
    /** Name, id and fields are an ABI: they only evolve compatibly, as the baseline check enforces. */
    STABLE,
    /** A debug event with no ABI promise: it may change or disappear in any release. */
    UNSTABLE
}
