package io.waymark.backend.jfr.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The documented name mapping (docs/jfr-backend.md, "Names"). */
class JfrNamesTest {

    private static EventType type(String provider, String name, String... fields) {
        return new EventType(provider, name, 1, Stability.STABLE, Level.INFO,
                java.util.Arrays.stream(fields).map(f -> FieldDescriptor.of(f, FieldType.INT)).toList());
    }

    @Test
    void providerPartsBecomeJavaIdentifiers() {
        assertEquals("shop.orders.placed", JfrNames.eventName(type("shop.orders", "placed")));
        assertEquals("shop_eu.orders.placed", JfrNames.eventName(type("shop-eu.orders", "placed")));
        assertEquals("a._1b.c__d.e", JfrNames.eventName(type("a.1b.c--d", "e")));
        assertEquals("a._.b._.x", JfrNames.eventName(type("a..b.", "x")));
    }

    @Test
    void jfrsOwnFieldNamesGetAnUnderscore() {
        assertEquals(List.of("startTime__", "duration_", "eventThread_", "stackTrace_", "startTime_", "other"),
                EventClassGenerator.fieldNames(type("p", "e", "startTime", "duration", "eventThread", "stackTrace",
                        "startTime_", "other")));
        assertEquals("plain", JfrNames.fieldName("plain", Set.of()));
    }

    @Test
    void labelsAreTheNameInWords() {
        assertEquals("Order Placed", JfrNames.label("orderPlaced"));
        assertEquals("Cache Miss Count", JfrNames.label("cache_miss_count"));
        assertEquals("Http Request", JfrNames.label("httpRequest"));
        assertEquals("X", JfrNames.label("x"));
    }
}
