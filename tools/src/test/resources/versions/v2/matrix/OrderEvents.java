package matrix;

import io.waymark.Default;
import io.waymark.Since;
import io.waymark.Stable;
import io.waymark.TraceProvider;
import io.waymark.Tracepoint;

/** Version 2: orderPlaced appends a field, raises its version, and declares what older records read as. */
@TraceProvider("tools.matrix.orders")
@Stable
public interface OrderEvents {

    enum Status { NEW, PAID }

    @Tracepoint(id = 1, version = 2)
    void orderPlaced(long orderId, int quantity, String customer, @Since(2) @Default("EUR") String currency);

    @Tracepoint(id = 2)
    void orderStatus(long orderId, Status status);

    @Tracepoint(id = 3)
    void orderCancelled(long orderId, String reason);
}
