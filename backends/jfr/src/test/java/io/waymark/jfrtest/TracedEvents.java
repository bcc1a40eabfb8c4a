package io.waymark.jfrtest;

import io.waymark.IsEnabled;
import io.waymark.Stable;
import io.waymark.TraceProvider;
import io.waymark.Tracepoint;

/** A provider whose events only the stack trace test records (JFR event classes are per JVM). */
@TraceProvider("jfrtest.traced")
@Stable
public interface TracedEvents {

    @Tracepoint(id = 1)
    void traced(int depth);

    @IsEnabled("traced")
    boolean tracedEnabled();
}
