package io.waymark.slf4jtest;

import io.waymark.IsEnabled;
import io.waymark.Level;
import io.waymark.Stable;
import io.waymark.TraceProvider;
import io.waymark.Tracepoint;
import io.waymark.Unstable;

/** The SLF4J backend's test provider: logger {@code waymark.slf4jtest.shop}. */
@TraceProvider("slf4jtest.shop")
@Stable
public interface ShopEvents {

    /** An enum field type. */
    enum Color { RED, GREEN, BLUE }

    @Tracepoint(id = 1)
    void orderPlaced(long orderId, int quantity, String sku);

    @Tracepoint(id = 2, level = Level.DEBUG)
    @Unstable
    void cacheMiss(String key);

    @Tracepoint(id = 3, level = Level.WARN)
    void everyType(boolean flag, byte tiny, short small, char letter, int number, long big, float ratio, double precise,
            String text, Color color, byte[] payload);

    /** No fields at all. */
    @Tracepoint(id = 4)
    void heartbeat();

    @IsEnabled("orderPlaced")
    boolean orderPlacedEnabled();

    @IsEnabled("cacheMiss")
    boolean cacheMissEnabled();

    @IsEnabled("everyType")
    boolean everyTypeEnabled();
}
