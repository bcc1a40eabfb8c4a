package com.acme;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.probe.Probe;
import io.waymark.spi.probe.ProbeRegistry;
import io.waymark.spi.wire.EventWriter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.List;
import javax.annotation.processing.Generated;

@Generated("io.waymark.processor.TracepointProcessor")
@SuppressWarnings({"deprecation", "removal"})
public final class WaymarkOrderEvents implements OrderEvents {
    private static final Probe[] PROBES = ProbeRegistry.register(new ProviderDescriptor("shop.orders", "com.acme.OrderEvents", List.of(
            typeOrderPlaced(),
            typeCacheMiss())), new MethodType[] {
            MethodType.methodType(void.class, long.class, int.class, OrderEvents.Status.class),
            MethodType.methodType(void.class, String.class, byte[].class)});

    private static final Probe ORDER_PLACED = PROBES[0];

    private static final MethodHandle ORDER_PLACED_ON = ORDER_PLACED.enabledHandle();

    private static final MethodHandle ORDER_PLACED_BEGIN = ORDER_PLACED.beginHandle();

    private static final MethodHandle ORDER_PLACED_ARGS = ORDER_PLACED.argumentsHandle();

    private static final Probe CACHE_MISS = PROBES[1];

    private static final MethodHandle CACHE_MISS_ON = CACHE_MISS.enabledHandle();

    private static final MethodHandle CACHE_MISS_BEGIN = CACHE_MISS.beginHandle();

    private static final MethodHandle CACHE_MISS_ARGS = CACHE_MISS.argumentsHandle();

    /**
     * The provider's single instance.
     */
    public static final WaymarkOrderEvents INSTANCE = new WaymarkOrderEvents();

    private WaymarkOrderEvents() {
    }

    @Override
    public void orderPlaced(long orderId, int quantity, OrderEvents.Status status) {
        boolean on;
        try {
            on = (boolean) ORDER_PLACED_ON.invokeExact();
        } catch (Throwable t) {
            return;
        }
        if (on) {
            try {
                emitOrderPlaced(orderId, quantity, status);
            } catch (Throwable t) {
                // tracing never lets anything reach the application, not even a StackOverflowError
            }
        }
    }

    private static void emitOrderPlaced(long orderId, int quantity, OrderEvents.Status status)
            throws Throwable {
        if (!(boolean) ORDER_PLACED_ARGS.invokeExact(orderId, quantity, status)) {
            return;
        }
        EventWriter writer = (EventWriter) ORDER_PLACED_BEGIN.invokeExact();
        if (writer == null) {
            return;
        }
        try {
            if (writer.reserve(16)) {
                writer.putReservedLong(orderId);
                writer.putReservedInt(quantity);
                writer.putReservedEnum(status);
            }
        } catch (Throwable t) {
            ORDER_PLACED.abort(writer);
            return;
        }
        ORDER_PLACED.commit(writer);
    }

    @Override
    public void cacheMiss(String key, byte[] raw) {
        boolean on;
        try {
            on = (boolean) CACHE_MISS_ON.invokeExact();
        } catch (Throwable t) {
            return;
        }
        if (on) {
            try {
                emitCacheMiss(key, raw);
            } catch (Throwable t) {
                // tracing never lets anything reach the application, not even a StackOverflowError
            }
        }
    }

    private static void emitCacheMiss(String key, byte[] raw) throws Throwable {
        if (!(boolean) CACHE_MISS_ARGS.invokeExact(key, raw)) {
            return;
        }
        EventWriter writer = (EventWriter) CACHE_MISS_BEGIN.invokeExact();
        if (writer == null) {
            return;
        }
        try {
            writer.putString(key, 3293);
            writer.putBytes(raw);
        } catch (Throwable t) {
            CACHE_MISS.abort(writer);
            return;
        }
        CACHE_MISS.commit(writer);
    }

    @Override
    public boolean orderPlacedEnabled() {
        try {
            return (boolean) ORDER_PLACED_ON.invokeExact();
        } catch (Throwable t) {
            return false;
        }
    }

    private static EventType typeOrderPlaced() {
        return new EventType("shop.orders", "orderPlaced", 1, 1, Stability.STABLE, Level.INFO, List.of(
                FieldDescriptor.of("orderId", FieldType.LONG),
                FieldDescriptor.of("quantity", FieldType.INT),
                FieldDescriptor.ofEnum("status", "com.acme.OrderEvents$Status", List.of("NEW",
                        "PAID"))));
    }

    private static EventType typeCacheMiss() {
        return new EventType("shop.orders", "miss", 2, 1, Stability.UNSTABLE, Level.DEBUG, List.of(
                FieldDescriptor.of("key", FieldType.STRING),
                FieldDescriptor.of("raw", FieldType.BYTES)));
    }
}
