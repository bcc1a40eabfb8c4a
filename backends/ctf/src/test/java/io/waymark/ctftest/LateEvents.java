package io.waymark.ctftest;

import io.waymark.Stable;
import io.waymark.TraceProvider;
import io.waymark.Tracepoint;

/** A provider whose class a test loads only while a session records. */
@TraceProvider("ctftest.late")
@Stable
public interface LateEvents {

    @Tracepoint(id = 7)
    void arrived(String what, long when);
}
