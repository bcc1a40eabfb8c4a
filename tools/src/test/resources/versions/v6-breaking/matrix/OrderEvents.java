package matrix;

import io.waymark.Default;
import io.waymark.Retired;
import io.waymark.Since;
import io.waymark.Stable;
import io.waymark.TraceProvider;
import io.waymark.Tracepoint;

/**
 * A broken version 6: quantity changes its type, Status constants change their ordinals, and orderShipped
 * is deleted without being retired.
 */
@TraceProvider("tools.matrix.orders")
@Stable
@Retired(id = 3, name = "orderCancelled", reason = "cancellations are an orderStatus now")
public interface OrderEvents {

    enum Status { NEW, SHIPPED, PAID }

    @Tracepoint(id = 1, version = 3)
    void orderPlaced(long orderId, long quantity, String customer, @Since(2) @Default("EUR") String currency,
            @Since(3) @Default("true") boolean gift);

    @Tracepoint(id = 2)
    void orderStatus(long orderId, Status status);
}
