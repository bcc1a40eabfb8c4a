package shop;

import io.waymark.TraceProvider;
import io.waymark.Tracepoint;

/** A second provider, which 'shop.checkout:*' must not select. */
@TraceProvider("shop.inventory")
public interface InventoryEvents {

    @Tracepoint(id = 1)
    void stockChecked(String sku, int available);
}
