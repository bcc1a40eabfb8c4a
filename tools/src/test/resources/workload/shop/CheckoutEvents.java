package shop;

import io.waymark.Level;
import io.waymark.Stable;
import io.waymark.TraceProvider;
import io.waymark.Tracepoint;

/** The checkout tracepoints of the workload the attaching commands are tested against. */
@TraceProvider("shop.checkout")
@Stable
public interface CheckoutEvents {

    @Tracepoint(id = 1)
    void orderPlaced(long orderId, int items);

    @Tracepoint(id = 2, level = Level.WARN)
    void paymentDeclined(long orderId, String reason);
}
