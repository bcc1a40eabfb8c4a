package com.example.orders;

import io.waymark.Level;
import io.waymark.Stable;
import io.waymark.TraceProvider;
import io.waymark.Tracepoint;

/** The order service's tracepoints. */
@TraceProvider("example.orders")
@Stable
public interface OrderEvents {

    /** How an order was paid. */
    enum PaymentMethod { CARD, INVOICE }

    @Tracepoint(id = 1)
    void orderPlaced(long orderId, int items, String customer);

    @Tracepoint(id = 2)
    void orderPaid(long orderId, PaymentMethod method, long amountCents);

    @Tracepoint(id = 3, level = Level.WARN)
    void orderRejected(long orderId, String reason);
}
