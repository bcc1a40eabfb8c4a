package io.waymark.benchmarks;

import io.waymark.IsEnabled;
import io.waymark.Stable;
import io.waymark.TraceProvider;
import io.waymark.Tracepoint;

/** The event every benchmark emits: three fields, long, int and String. */
@TraceProvider("bench")
@Stable
public interface BenchEvents {

    @Tracepoint(id = 1)
    void orderPlaced(long orderId, int quantity, String sku);

    /** The same event without its string: separates the cost of encoding 16 characters. */
    @Tracepoint(id = 2)
    void orderCounted(long orderId, int quantity);

    /** Whether a session receives {@code orderPlaced}: lets a benchmark's set-up wait for a backend's consumer. */
    @IsEnabled("orderPlaced")
    boolean orderPlacedEnabled();

    /** {@code count} distinct 16-character strings shaped like the benchmarks' SKU. */
    static String[] distinctSkus(int count) {
        String[] skus = new String[count];
        for (int i = 0; i < count; i++) {
            skus[i] = String.format("SKU-%012d", i);
        }
        return skus;
    }
}
