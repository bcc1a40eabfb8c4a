package io.waymark.processor.internal;

import java.util.Set;

/**
 * Qualified names of the API annotations. The processor reads them as mirrors and never loads an API
 * class: its own class path may lack the API (a modular build's test compile, say, puts the API on the
 * module path and the processor on the class path).
 */
public final class Names {
    public static final String TRACE_PROVIDER = "io.waymark.TraceProvider";
    public static final String TRACEPOINT = "io.waymark.Tracepoint";
    public static final String IS_ENABLED = "io.waymark.IsEnabled";
    public static final String STABLE = "io.waymark.Stable";
    public static final String UNSTABLE = "io.waymark.Unstable";
    public static final String RETIRED = "io.waymark.Retired";
    public static final String RETIRED_LIST = "io.waymark.Retired.List";
    public static final String DEFAULT = "io.waymark.Default";
    public static final String SINCE = "io.waymark.Since";
    public static final String VIEW = "io.waymark.View";

    /** Every Waymark annotation. */
    public static final Set<String> ALL = Set.of(TRACE_PROVIDER, TRACEPOINT, IS_ENABLED, STABLE, UNSTABLE,
            RETIRED, RETIRED_LIST, DEFAULT, SINCE, VIEW);

    /** The processor's own name, the value of {@code @Generated} on what it writes. */
    public static final String PROCESSOR = "io.waymark.processor.TracepointProcessor";

    private Names() {}
}
