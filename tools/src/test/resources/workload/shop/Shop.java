package shop;

import io.waymark.Waymark;

/**
 * A checkout workload that knows nothing of tracing setup: no Waymark flag, no session. It prints "ready" once its
 * providers are loaded, then places an order every few milliseconds until killed.
 */
public final class Shop {

    private static final CheckoutEvents CHECKOUT = Waymark.provider(CheckoutEvents.class);
    private static final InventoryEvents INVENTORY = Waymark.provider(InventoryEvents.class);

    private Shop() {}

    public static void main(String[] args) throws InterruptedException {
        System.out.println("ready");
        System.out.flush();
        for (long order = 1; ; order++) {
            INVENTORY.stockChecked("SKU-" + order % 7, (int) (order % 5));
            CHECKOUT.orderPlaced(order, (int) (order % 3) + 1);
            if (order % 10 == 0) {
                CHECKOUT.paymentDeclined(order, "insufficient funds");
            }
            Thread.sleep(2);
        }
    }
}
