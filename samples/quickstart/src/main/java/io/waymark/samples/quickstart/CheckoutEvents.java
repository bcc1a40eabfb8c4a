package io.waymark.samples.quickstart;

import io.waymark.IsEnabled;
import io.waymark.Level;
import io.waymark.Stable;
import io.waymark.TraceProvider;
import io.waymark.Tracepoint;
import io.waymark.Unstable;

/**
 * The checkout service's tracepoints. The stable ones are a contract with the dashboards that
 * consume them; the unstable one is a debugging aid that may change at will.
 */
@TraceProvider("shop.checkout")
@Stable
public interface CheckoutEvents {

    /** Payment methods, recorded by label. */
    enum PaymentMethod { CARD, INVOICE, VOUCHER }

    @Tracepoint(id = 1)
    void orderPlaced(long orderId, int items, String customer);

    @Tracepoint(id = 2)
    void paymentAccepted(long orderId, PaymentMethod method, long amountCents);

    @Tracepoint(id = 3, level = Level.WARN)
    void paymentDeclined(long orderId, PaymentMethod method, String reason);

    @Tracepoint(id = 4, level = Level.DEBUG)
    @Unstable
    void priceCacheMiss(String sku, int attempt);

    @IsEnabled("priceCacheMiss")
    boolean priceCacheMissEnabled();
}
