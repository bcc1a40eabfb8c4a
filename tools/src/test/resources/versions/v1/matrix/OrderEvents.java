package matrix;

import io.waymark.Stable;
import io.waymark.TraceProvider;
import io.waymark.Tracepoint;

/** Version 1 of the provider whose evolution the compatibility matrix follows. */
@TraceProvider("tools.matrix.orders")
@Stable
public interface OrderEvents {

    enum Status { NEW, PAID }

    @Tracepoint(id = 1)
    void orderPlaced(long orderId, int quantity, String customer);

    @Tracepoint(id = 2)
    void orderStatus(long orderId, Status status);

    @Tracepoint(id = 3)
    void orderCancelled(long orderId, String reason);
}
