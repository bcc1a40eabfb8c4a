package shop;

import io.waymark.TraceProvider;
import io.waymark.Tracepoint;
import io.waymark.Unstable;

/** A second provider, which 'shop.checkout:*' must not select. */
@TraceProvider("shop.inventory")
@Unstable
public interface InventoryEvents {

    @Tracepoint(id = 1)
    void stockChecked(String sku, int available);
}
