package matrix;

import io.waymark.Default;
import io.waymark.Stable;
import io.waymark.TraceProvider;
import io.waymark.Tracepoint;
import io.waymark.View;

/**
 * Version 2, as the README's compatible change: each event appends a field (one of them a view accessor) and
 * raises its version, without {@code @Since} (which a view accessor cannot carry).
 */
@TraceProvider("tools.matrix.orders")
@Stable
public interface OrderEvents {

    /** The recorded view of an item. */
    interface ItemView { String sku(); int count(); }

    /** The application's item. */
    record Item(String sku, int count) {}

    @Tracepoint(id = 1, version = 2)
    void orderPlaced(long orderId, int quantity, @Default("EUR") String currency);

    @Tracepoint(id = 2, version = 2)
    void itemPicked(long orderId, @View(ItemView.class) Item item);
}
