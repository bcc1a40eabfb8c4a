package io.waymark.processor.internal;

/** Qualified names of the API annotations; the processor reads them as mirrors, never as classes. */
final class Names {
    static final String TRACE_PROVIDER = "io.waymark.TraceProvider";
    static final String TRACEPOINT = "io.waymark.Tracepoint";
    static final String IS_ENABLED = "io.waymark.IsEnabled";
    static final String STABLE = "io.waymark.Stable";
    static final String UNSTABLE = "io.waymark.Unstable";

    private Names() {}
}
