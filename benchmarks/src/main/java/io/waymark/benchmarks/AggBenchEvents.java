package io.waymark.benchmarks;

import io.waymark.Stable;
import io.waymark.TraceProvider;
import io.waymark.Tracepoint;

/** The event of the aggregation benchmark: a String and an enum to key by, a long to aggregate. */
@TraceProvider("benchagg")
@Stable
public interface AggBenchEvents {

    /** A payment method, the enum key. */
    enum Method { CARD, CASH, VOUCHER }

    @Tracepoint(id = 1)
    void paid(long micros, String sku, Method method);
}
