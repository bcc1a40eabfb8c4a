package io.waymark.slf4jtest;

import io.waymark.TraceProvider;
import io.waymark.Tracepoint;
import io.waymark.Unstable;

/** A second provider whose event ids are those of {@link ShopEvents}: logger {@code waymark.slf4jtest.other}. */
@TraceProvider("slf4jtest.other")
@Unstable
public interface OtherEvents {

    @Tracepoint(id = 1)
    void ping(int sequence);
}
