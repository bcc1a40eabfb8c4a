package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.orders.OrderEvents.PaymentMethod;
import io.waymark.testing.TraceRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrderServiceTest {

    @RegisterExtension
    final TraceRecorder trace = TraceRecorder.enable("example.orders:*");

    private final OrderService orders = new OrderService();

    @Test
    void placingAnOrderIsTraced() {
        orders.place(1001, 2, "ada");
        trace.assertEvents()
             .next("example.orders:orderPlaced").field("orderId", 1001L).field("items", 2).field("customer", "ada")
             .next("example.orders:orderPaid").field("method", PaymentMethod.CARD).field("amountCents", 2500L)
             .noMore();
    }

    @Test
    void anEmptyOrderIsRejected() {
        orders.place(1002, 0, "grace");
        trace.assertEvents()
             .next("example.orders:orderPlaced").field("items", 0)
             .next("example.orders:orderRejected").field("reason", "empty order")
             .noMore();
    }

    @Test
    void theTestsRunInTheApplicationsModule() {
        // Surefire's default for a project with module-info.java: the tests are patched into the module,
        // and the backends, as service providers, are on the module path.
        assertEquals("com.example.orders", OrderServiceTest.class.getModule().getName());
        assertTrue(ModuleLayer.boot().findModule("io.waymark.backend.memory").isPresent());
    }
}
