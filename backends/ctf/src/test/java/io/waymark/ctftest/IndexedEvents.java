package io.waymark.ctftest;

import io.waymark.Stable;
import io.waymark.TraceProvider;
import io.waymark.Tracepoint;

/** A provider that one test loads after registering another, so its provider index is never 0. */
@TraceProvider("ctftest.indexed")
@Stable
public interface IndexedEvents {

    @Tracepoint(id = 5)
    void happened(long value);
}
