package io.waymark.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelTest {

    @Test
    void enumFieldsCarryTypeAndLabelsOthersCarryNeither() {
        FieldDescriptor method = FieldDescriptor.ofEnum("method", "shop.Method", List.of("CARD", "INVOICE"));
        assertEquals("INVOICE", method.enumLabel(1));
        assertNull(method.enumLabel(-1));
        assertEquals("#5", method.enumLabel(5), "a constant added after compilation still shows by ordinal");
        assertThrows(IllegalArgumentException.class, () -> new FieldDescriptor("x", FieldType.INT, "shop.Method", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new FieldDescriptor("x", FieldType.ENUM, null, List.of()));
        assertThrows(IllegalArgumentException.class, () -> FieldDescriptor.of("", FieldType.INT));
    }

    @Test
    void eventTypeValidatesIdAndFindsFields() {
        EventType type = new EventType("shop", "placed", 7, Stability.STABLE, Level.INFO,
                List.of(FieldDescriptor.of("id", FieldType.LONG), FieldDescriptor.of("sku", FieldType.STRING)));
        assertEquals("shop:placed", type.qualifiedName());
        assertEquals(1, type.fieldIndex("sku"));
        assertEquals(-1, type.fieldIndex("nope"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EventType("shop", "big", 65536, Stability.STABLE, Level.INFO, List.of()));
        assertTrue(e.getMessage().contains("shop:big") && e.getMessage().contains("65536"), e.getMessage());
    }

    @Test
    void providerRejectsDuplicateIdsNamesAndForeignEvents() {
        EventType a = new EventType("p", "a", 1, Stability.STABLE, Level.INFO, List.of());
        assertThrows(IllegalArgumentException.class, () -> new ProviderDescriptor("p", "P",
                List.of(a, new EventType("p", "b", 1, Stability.STABLE, Level.INFO, List.of()))));
        assertThrows(IllegalArgumentException.class, () -> new ProviderDescriptor("p", "P",
                List.of(a, new EventType("p", "a", 2, Stability.STABLE, Level.INFO, List.of()))));
        assertThrows(IllegalArgumentException.class, () -> new ProviderDescriptor("q", "Q", List.of(a)));
    }

    @Test
    void clockAnchorMapsMonotonicTimestampsToWallTime() {
        ClockAnchor anchor = new ClockAnchor(1_700_000_000_123_456_789L, 5_000L);
        assertEquals(1_700_000_000_123_457_789L, anchor.toEpochNanos(6_000L));
        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 123_455_789L), anchor.toInstant(4_000L));
    }
}
