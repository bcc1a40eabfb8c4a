/**
 * Declaring tracepoints.
 *
 * <p>A <em>provider</em> is an interface annotated with {@link io.waymark.TraceProvider}; each of its
 * methods annotated with {@link io.waymark.Tracepoint} is one tracepoint, and the method's parameters
 * are the event's fields, in order:
 *
 * <pre>{@code
 * @TraceProvider("shop.orders")
 * public interface OrderEvents {
 *     @Tracepoint(id = 1, level = Level.INFO) @Stable
 *     void orderPlaced(long orderId, int quantity, String sku);
 *
 *     @Tracepoint(id = 2, level = Level.DEBUG) @Unstable
 *     void cacheMiss(String key);
 *
 *     @IsEnabled("orderPlaced")
 *     boolean orderPlacedEnabled();
 * }
 *
 * OrderEvents events = Waymark.provider(OrderEvents.class);
 * events.orderPlaced(42L, 3, "SKU-1");
 * }</pre>
 *
 * <p>The Waymark annotation processor generates the implementation at compile time. A tracepoint that
 * no session has enabled is <em>dormant</em>: its check is folded away by the JIT, so the call costs
 * nothing measurable and allocates nothing.
 *
 * <p>Every tracepoint declares its stability: {@link io.waymark.Stable} events are an ABI that
 * consumers may rely on (name, id and fields only evolve compatibly); {@link io.waymark.Unstable}
 * events are debug tracepoints with no promise. Stability may be declared once on the provider as the
 * default for its tracepoints.
 *
 * <p>Allowed field types: {@code boolean, byte, short, char, int, long, float, double, String}, any
 * {@code enum}, and {@code byte[]}.
 */
package io.waymark;
