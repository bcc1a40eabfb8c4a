package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.spi.BackendContext;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.Reporter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings' names, defaults and adjustments, as a user of the factory meets them (warnings through the reporter). */
class CtfSettingsTest {

    @TempDir
    Path dir;

    private static CtfSettings parse(Map<String, String> settings, List<String> warnings) {
        return CtfSettings.parse("s", settings, bytes -> java.util.Optional.empty(), warnings::add);
    }

    @Test
    void discardModeDefaultsAreAServersAndOverwriteModeKeepsASmallRing() {
        List<String> warnings = new ArrayList<>();
        CtfSettings discard = parse(Map.of(), warnings);
        assertEquals(262_144, discard.subBufferSize());
        assertEquals(64, discard.subBufferCount());
        assertEquals(0, discard.flushIntervalMs(), "crash safety no longer depends on a flush interval");
        CtfSettings overwrite = parse(Map.of("mode", "overwrite"), warnings);
        assertEquals(262_144, overwrite.subBufferSize());
        assertEquals(8, overwrite.subBufferCount());
        assertEquals(List.of(), warnings);
    }

    @Test
    void streamsIsTheNameAndStripesIsAcceptedWithOneWarningNamingIt() {
        List<String> warnings = new ArrayList<>();
        assertEquals(2, parse(Map.of("streams", "2"), warnings).streams());
        assertEquals(List.of(), warnings);
        assertEquals(8, parse(Map.of("stripes", "8"), warnings).streams());
        assertEquals(List.of("ctf backend of session 's': setting 'stripes' is deprecated and now called 'streams' (same meaning); "
                + "rename it: 'stripes' will be removed"), warnings);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of("stripes", "3"), new ArrayList<>()));
        assertTrue(e.getMessage().startsWith("ctf backend of session 's': setting 'stripes' is 3, which is not a power of two"),
                e.getMessage());
    }

    @Test
    void bothNamesOfTheStreamsSettingAreAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of("stripes", "2", "streams", "4"), new ArrayList<>()));
        assertEquals("ctf backend of session 's': setting 'stripes' is the former name of 'streams', and both are given "
                + "('2' and '4'); remove 'stripes'", e.getMessage());
    }

    @Test
    void aSubBufferSizeThatIsNotAPowerOfTwoIsRoundedUpWithAWarning() {
        List<String> warnings = new ArrayList<>();
        assertEquals(4096, parse(Map.of("subbuffer-size", "4096"), warnings).subBufferSize());
        assertEquals(List.of(), warnings);
        assertEquals(1024, parse(Map.of("subbuffer-size", "1000"), warnings).subBufferSize());
        assertEquals(List.of("ctf backend of session 's': setting 'subbuffer-size' is 1000, which is not a power of two; "
                + "using 1024 (set it to 1024 or 512 to silence this warning)"), warnings);
        assertEquals(CtfBackendFactory.MAX_SUBBUFFER_SIZE,
                parse(Map.of("subbuffer-size", Integer.toString(CtfBackendFactory.MAX_SUBBUFFER_SIZE - 1)), warnings).subBufferSize());
    }

    /** Through the factory: the warnings reach the runtime's reporter, once per session, and the backend uses the adjusted values. */
    @Test
    void theFactoryReportsTheWarningsThroughTheBackendsReporter() {
        List<String> warned = new ArrayList<>();
        Reporter reporter = new Reporter() {
            @Override
            public void warn(String message, Throwable cause) {
                warned.add(message);
            }

            @Override
            public void error(String message, Throwable cause) {
                warned.add("ERROR " + message);
            }
        };
        BackendContext context = new BackendContext("old", ClockAnchor.now(), Map.of("directory", dir.resolve("t").toString(),
                "stripes", "1", "subbuffer-size", "3000", "subbuffer-count", "2"), reporter);
        new CtfBackendFactory().create(context).close();
        assertEquals(2, warned.size(), warned.toString());
        assertTrue(warned.get(0).contains("'subbuffer-size' is 3000") && warned.get(0).contains("using 4096"), warned.toString());
        assertTrue(warned.get(1).contains("'stripes' is deprecated and now called 'streams'"), warned.toString());
    }
}
