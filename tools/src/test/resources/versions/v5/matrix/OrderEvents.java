package matrix;

import io.waymark.Default;
import io.waymark.Retired;
import io.waymark.Since;
import io.waymark.Stable;
import io.waymark.TraceProvider;
import io.waymark.Tracepoint;

/** Version 5: orderCancelled is retired; orderPlaced and orderShipped append a field each. */
@TraceProvider("tools.matrix.orders")
@Stable
@Retired(id = 3, name = "orderCancelled", reason = "cancellations are an orderStatus now")
public interface OrderEvents {

    enum Status { NEW, PAID, SHIPPED }

    @Tracepoint(id = 1, version = 3)
    void orderPlaced(long orderId, int quantity, String customer, @Since(2) @Default("EUR") String currency,
            @Since(3) @Default("true") boolean gift);

    @Tracepoint(id = 2)
    void orderStatus(long orderId, Status status);

    @Tracepoint(id = 4, version = 2)
    void orderShipped(long orderId, String carrier, double weightKg, @Since(2) @Default("-1") int parcels);
}
