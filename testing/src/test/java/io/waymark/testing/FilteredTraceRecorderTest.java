package io.waymark.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waymark.Waymark;
import io.waymark.memtest.OrderEvents;
import io.waymark.memtest.OrderEvents.Channel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A recorder's rules may carry filters (docs/filters.md): a test sees only the events that pass them. */
class FilteredTraceRecorderTest {

    private static final OrderEvents ORDERS = Waymark.provider(OrderEvents.class);

    @RegisterExtension
    final TraceRecorder bigWebOrders = TraceRecorder.enable("memtest.orders:orderPlaced[quantity > 2 && sku == \"SKU-*\"]",
            "memtest.orders:paymentFailed[channel in (WEB, null)]");

    @Test
    void onlyTheEventsThatPassTheFiltersAreRecorded() {
        ORDERS.orderPlaced(1L, 3, "SKU-1");
        ORDERS.orderPlaced(2L, 2, "SKU-2");
        ORDERS.orderPlaced(3L, 5, "sku-3");
        ORDERS.paymentFailed(1L, Channel.WEB, "declined");
        ORDERS.paymentFailed(2L, Channel.STORE, "declined");
        ORDERS.paymentFailed(3L, null, "declined");

        bigWebOrders.assertEvents()
                .next("memtest.orders:orderPlaced").field("orderId", 1L)
                .next("memtest.orders:paymentFailed").field("orderId", 1L)
                .next("memtest.orders:paymentFailed").field("orderId", 3L)
                .noMore();
        assertEquals(List.of("memtest.orders:orderPlaced[quantity > 2 && sku == \"SKU-*\"]",
                "memtest.orders:paymentFailed[channel in (WEB, null)]"), bigWebOrders.session().rules());
    }
}
