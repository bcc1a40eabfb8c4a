package io.waymark.oteltest;

import io.waymark.Level;
import io.waymark.Stable;
import io.waymark.TraceProvider;
import io.waymark.Tracepoint;

/** The provider the OpenTelemetry backend's tests emit from: one event of every field type and a plain one. */
@TraceProvider("oteltest.shop")
@Stable
public interface ShopEvents {

    /** An enum field type. */
    enum Channel { WEB, STORE, PHONE }

    @Tracepoint(id = 1)
    void orderPlaced(long orderId, int quantity, String sku);

    @Tracepoint(id = 2, level = Level.DEBUG)
    void allTypes(boolean flag, byte smallNumber, short mediumNumber, char letter, int count, long total, float ratio,
            double precise, String text, Channel channel, byte[] payload);

    @Tracepoint(id = 3, level = Level.WARN)
    void tick(int thread, long sequence);
}
