package io.waymark.memtest;

import io.waymark.IsEnabled;
import io.waymark.Level;
import io.waymark.Stable;
import io.waymark.TraceProvider;
import io.waymark.Tracepoint;
import io.waymark.Unstable;

/** The provider most tests emit from: stable by default, with one unstable debug event and one of every field type. */
@TraceProvider("memtest.orders")
@Stable
public interface OrderEvents {

    /** An enum field type. */
    enum Channel { WEB, STORE, PHONE }

    @Tracepoint(id = 1)
    void orderPlaced(long orderId, int quantity, String sku);

    @Tracepoint(id = 2, level = Level.DEBUG)
    @Unstable
    void cacheMiss(String key);

    @Tracepoint(id = 3, level = Level.WARN)
    void paymentFailed(long orderId, Channel channel, String reason);

    @Tracepoint(id = 4)
    void orderShipped(long orderId);

    @Tracepoint(id = 5, level = Level.TRACE)
    @Unstable
    void allTypes(boolean flag, byte smallNumber, short mediumNumber, char letter, int count, long total, float ratio,
            double precise, String text, Channel channel, byte[] payload);

    @IsEnabled("orderPlaced")
    boolean orderPlacedEnabled();
}
