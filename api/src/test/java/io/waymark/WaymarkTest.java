package io.waymark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WaymarkTest {

    interface Events {
        void ping();
    }

    interface Missing {}


    @Test
    void generatedNameJoinsEnclosingClassesWithUnderscore() {
        assertEquals("io.waymark.WaymarkWaymarkTest_Events", Waymark.generatedClassName(Events.class));
    }

    @Test
    void missingGeneratedClassNamesTheProcessorAsRemedy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Waymark.provider(Missing.class));
        assertTrue(e.getMessage().contains("waymark-annotations-processor"), e.getMessage());
        assertTrue(e.getMessage().contains("io.waymark.WaymarkWaymarkTest_Missing"), e.getMessage());
    }

    @Test
    void classThatIsNotAnInterfaceIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Waymark.provider(String.class));
        assertTrue(e.getMessage().contains("not an interface"), e.getMessage());
    }

    @Test
    void providerReturnsTheGeneratedInstance() {
        Events events = Waymark.provider(Events.class);
        assertSame(WaymarkWaymarkTest_Events.INSTANCE, events);
    }

    @Test
    void levelsOrderFromTraceToError() {
        assertTrue(Level.ERROR.isAtLeast(Level.WARN));
        assertTrue(Level.INFO.isAtLeast(Level.INFO));
        assertTrue(!Level.DEBUG.isAtLeast(Level.INFO));
    }
}
