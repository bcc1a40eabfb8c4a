package matrix;

import io.waymark.Stable;
import io.waymark.TraceProvider;
import io.waymark.Tracepoint;
import io.waymark.View;

/** Version 1 of a provider built without a lock file, with a view of an application object. */
@TraceProvider("tools.matrix.orders")
@Stable
public interface OrderEvents {

    /** The recorded view of an item. */
    interface ItemView { String sku(); }

    /** The application's item. */
    record Item(String sku, int count) {}

    @Tracepoint(id = 1)
    void orderPlaced(long orderId, int quantity);

    @Tracepoint(id = 2)
    void itemPicked(long orderId, @View(ItemView.class) Item item);
}
