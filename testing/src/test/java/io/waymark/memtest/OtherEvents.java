package io.waymark.memtest;

import io.waymark.Stable;
import io.waymark.TraceProvider;
import io.waymark.Tracepoint;

/** A second provider, to check that recorders and sessions see only what their patterns match. */
@TraceProvider("memtest.other")
@Stable
public interface OtherEvents {

    @Tracepoint(id = 1)
    void ping(int sequence);
}
