package io.waymark.memtest;

import io.waymark.Stable;
import io.waymark.TraceProvider;
import io.waymark.Tracepoint;

/** Emitted from many threads at once. */
@TraceProvider("memtest.stress")
@Stable
public interface StressEvents {

    @Tracepoint(id = 1)
    void tick(int emitter, int sequence);
}
