package io.waymark.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartupConfigurationTest {

    @Test
    void nothingSetMeansNoStartupSession() {
        StartupConfiguration config = StartupConfiguration.read(Map.of(), Map.of());
        assertFalse(config.wantsStartupSession());
        assertEquals(Level.TRACE, config.minLevel());
        assertEquals(List.of(), config.errors());
    }

    @Test
    void systemPropertiesWinOverEnvironment() {
        StartupConfiguration config = StartupConfiguration.read(
                Map.of("waymark.enable", "a:*, b", "waymark.level", "warn", "waymark.backend", "memory",
                        "waymark.setting.capacity", "10"),
                Map.of("WAYMARK_ENABLE", "c", "WAYMARK_LEVEL", "ERROR", "WAYMARK_STABLE_ONLY", "TRUE"));
        assertEquals(List.of("a:*", "b"), config.rules());
        assertEquals(Level.WARN, config.minLevel());
        assertTrue(config.stableOnly());
        assertEquals(Optional.of("memory"), config.backend());
        assertEquals(Map.of("capacity", "10"), config.settings());
    }

    @Test
    void environmentNamesAreUpperSnakeCase() {
        assertEquals("WAYMARK_STABLE_ONLY", StartupConfiguration.environmentName("waymark.stableOnly"));
        assertEquals("WAYMARK_ENABLE", StartupConfiguration.environmentName("waymark.enable"));
    }

    @Test
    void eachMalformedValueIsOneErrorNamingKeyValueAndRemedy() {
        StartupConfiguration config = StartupConfiguration.read(Map.of("waymark.level", "LOUD"),
                Map.of("WAYMARK_ENABLE", "ok:*,bad pattern", "WAYMARK_STABLE_ONLY", "yes"));
        assertEquals(3, config.errors().size(), config.errors().toString());
        assertTrue(config.errors().get(0).startsWith("environment variable WAYMARK_ENABLE: malformed event pattern 'bad pattern'"),
                config.errors().get(0));
        assertEquals("system property waymark.level='LOUD' is not a level; use one of [TRACE, DEBUG, INFO, WARN, ERROR]",
                config.errors().get(1));
        assertEquals("environment variable WAYMARK_STABLE_ONLY='yes' is not a boolean; use true or false", config.errors().get(2));
    }

    @Test
    void managementIsOnByDefaultAndSetByPropertyOrEnvironment() {
        assertEquals(ManagementMode.ON, StartupConfiguration.read(Map.of(), Map.of()).management());
        assertEquals(ManagementMode.OFF, StartupConfiguration.read(Map.of(), Map.of("WAYMARK_MANAGEMENT", "off")).management());
        assertEquals(ManagementMode.READONLY,
                StartupConfiguration.read(Map.of("waymark.management", " ReadOnly "), Map.of("WAYMARK_MANAGEMENT", "off")).management());
    }

    @Test
    void aMalformedManagementValueIsAnErrorAndMeansReadonly() {
        StartupConfiguration config = StartupConfiguration.read(Map.of(), Map.of("WAYMARK_MANAGEMENT", "of"));
        assertEquals(ManagementMode.READONLY, config.management());
        assertEquals(List.of("environment variable WAYMARK_MANAGEMENT='of' is not a management mode; use on, readonly or off "
                + "(until it is fixed: readonly)"), config.errors());
    }
}
