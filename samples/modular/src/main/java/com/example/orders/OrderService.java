package com.example.orders;

import com.example.orders.OrderEvents.PaymentMethod;
import io.waymark.Waymark;

/** Places orders, and traces what it does. */
public final class OrderService {

    private static final OrderEvents EVENTS = Waymark.provider(OrderEvents.class);

    /** Places an order of {@code items} items for {@code customer}, paid by card; an empty order is rejected. */
    public void place(long orderId, int items, String customer) {
        EVENTS.orderPlaced(orderId, items, customer);
        if (items <= 0) {
            EVENTS.orderRejected(orderId, "empty order");
            return;
        }
        EVENTS.orderPaid(orderId, PaymentMethod.CARD, 1250L * items);
    }
}
