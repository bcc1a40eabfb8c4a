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
        assertTrue(config.errors().get(0).startsWith("environment variable WAYMARK_ENABLE: malformed rule 'bad pattern'"),
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

    @Test
    void emptyRulesAreErrorsNotSilence() {
        for (String value : new String[] {",,,", "a:*,", ",a:*", "a:*,,b"}) {
            StartupConfiguration config = StartupConfiguration.read(Map.of("waymark.enable", value), Map.of());
            assertEquals(1, config.errors().size(), value + ": " + config.errors());
            assertTrue(config.errors().get(0).startsWith("system property waymark.enable: empty rule at position "),
                    config.errors().get(0));
        }
        StartupConfiguration blank = StartupConfiguration.read(Map.of(), Map.of("WAYMARK_ENABLE", " "));
        assertEquals(List.of("environment variable WAYMARK_ENABLE is empty: give rules such as 'shop.orders:*', "
                + "or leave it unset for no startup session"), blank.errors());
    }

    @Test
    void rulesSplitOnlyAtTopLevelCommas() {
        StartupConfiguration config = StartupConfiguration.read(Map.of("waymark.enable",
                "a:*, b:c[x in (1, 2)], !a:d, b:e[s == \"x,]\\\"(\" || s in ('y,z', \"[\")]"), Map.of());
        assertEquals(List.of("a:*", "b:c[x in (1, 2)]", "!a:d", "b:e[s == \"x,]\\\"(\" || s in (\"y,z\", \"[\")]"), config.rules());
        assertEquals(List.of(), config.errors());
        StartupConfiguration broken = StartupConfiguration.read(Map.of("waymark.enable", "a:*, b:c[x in (1, 2]"), Map.of());
        assertEquals(List.of("system property waymark.enable: ']' at position 19 closes no '[' ('(' at position 14 is still open)"),
                broken.errors());
        StartupConfiguration syntax = StartupConfiguration.read(Map.of("waymark.enable", "a:*, b:c[x = 1]"), Map.of());
        assertEquals(List.of("system property waymark.enable: rule 'b:c[x = 1]': filter 'x = 1' at position 2: '=' is not an "
                + "operator: compare with '==', '!=', '<', '<=', '>' or '>='"), syntax.errors());
    }

    @Test
    void aPathologicalRuleIsRefusedNamingTheSettingTheLengthAndTheLimit() {
        StartupConfiguration config = StartupConfiguration.read(Map.of(), Map.of("WAYMARK_ENABLE", "*".repeat(5000) + "a"));
        assertEquals(1, config.errors().size());
        assertTrue(config.errors().get(0).startsWith("environment variable WAYMARK_ENABLE: rule '****"), config.errors().get(0));
        assertTrue(config.errors().get(0).endsWith("' has a pattern of 5001 characters; the limit is 1024"), config.errors().get(0));
    }

    @Test
    void settingsComeFromVariablesTooAndAPropertyWins() {
        StartupConfiguration config = StartupConfiguration.read(Map.of("waymark.setting.directory", "/p"),
                Map.of("WAYMARK_SETTING_SUBBUFFER_SIZE", "4096", "WAYMARK_SETTING_DIRECTORY", "/e", "WAYMARK_SETTING_", "x"));
        assertEquals(Map.of("subbuffer-size", "4096", "directory", "/p"), config.settings());
        assertEquals("environment variable WAYMARK_SETTING_SUBBUFFER_SIZE", config.origin("waymark.setting.subbuffer-size"));
        assertEquals("system property waymark.setting.directory", config.origin("waymark.setting.directory"));
        assertEquals("WAYMARK_SETTING_SUBBUFFER_COUNT", config.suggestSetting("subbuffer-size", "subbuffer-count"));
        assertEquals("waymark.setting.mode", config.suggestSetting("directory", "mode"));
        assertEquals("subbuffer-size", StartupConfiguration.settingName("WAYMARK_SETTING_SUBBUFFER_SIZE"));
        assertEquals("WAYMARK_SETTING_FLUSH_INTERVAL_MS", StartupConfiguration.settingVariable("flush-interval-ms"));
    }

    @Test
    void originsNameWhatTheUserSet() {
        StartupConfiguration config = StartupConfiguration.read(Map.of("waymark.level", "INFO"),
                Map.of("WAYMARK_BACKEND", "kafka", "WAYMARK_LEVEL", "WARN"));
        assertEquals("environment variable WAYMARK_BACKEND", config.origin(StartupConfiguration.BACKEND));
        assertEquals("system property waymark.level", config.origin(StartupConfiguration.LEVEL));
        assertEquals(Level.INFO, config.minLevel());
    }

    @Test
    void onlyWaymarkVariablesAreRead() {
        Map<String, String> own = StartupConfiguration.own(Map.of("WAYMARK_ENABLE", "a", "AWS_SECRET_ACCESS_KEY", "s",
                "PATH", "/bin", "waymark_enable", "b"));
        assertEquals(Map.of("WAYMARK_ENABLE", "a"), own);
    }

    /** Found by the fuzz target: errors quoted a value whole, megabytes in a log line. */
    @Test
    void longValuesAreQuotedShortened() {
        String huge = "x".repeat(5000);
        StartupConfiguration config = StartupConfiguration.read(Map.of("waymark.level", huge, "waymark.stableOnly", huge), Map.of());
        assertEquals(2, config.errors().size());
        config.errors().forEach(error -> assertTrue(error.length() < 300, error));
        assertTrue(BackendCatalog.noSuchBackend("system property waymark.backend", huge, List.of()).length() < 400);
    }
}
