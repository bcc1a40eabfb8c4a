package io.waymark.backend.slf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.backend.slf4j.internal.LineEscaper;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import io.waymark.spi.ClockAnchor;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The factory: found by name, the SPI handshake, settings refused with the setting, the value and the remedy. */
class Slf4jSettingsTest {

    @AfterEach
    void closeSessions() {
        Tracing.sessions().forEach(Session::close);
    }

    @Test
    void theBackendIsFoundByNameAndAsksForThisSpi() {
        BackendFactory factory = ServiceLoader.load(BackendFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("slf4j")).findFirst().orElseThrow();
        assertEquals(BackendFactory.SPI_VERSION, factory.requestedSpiVersion());
        Session session = Tracing.createSession(SessionConfig.builder("by-name").backend("slf4j").enable("slf4jtest.shop:*").build());
        session.start();
        assertTrue(session.backend().destination().orElseThrow().contains("'waymark.<provider>'"), session.backend().destination().toString());
    }

    @Test
    void invalidSettingsAreRefusedNamingTheSettingAndTheRemedy() {
        assertRefused(Slf4jBackendFactory.ESCAPE, "json", "use 'lines'");
        assertRefused(Slf4jBackendFactory.TIME_KEY, "yes", "use 'true'");
        assertRefused(Slf4jBackendFactory.LEVEL_CHECK_INTERVAL, "1s", "milliseconds");
        assertRefused(Slf4jBackendFactory.LEVEL_CHECK_INTERVAL, "-5", "or 0 for none");
        assertRefused(Slf4jBackendFactory.LOGGER_PREFIX, "my events.", "no spaces");
        assertRefused(Slf4jBackendFactory.MARKER, "a\nb", "no spaces");
    }

    @Test
    void aMisspeltSettingIsRefusedByTheRuntime() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tracing.createSession(
                SessionConfig.builder("misspelt").backend(new Slf4jBackendFactory()).setting("logger-prefx", "x.").build()));
        assertTrue(e.getMessage().contains("logger-prefix"), e.getMessage());
    }

    @Test
    void escapingIsReversibleAndLeavesOrdinaryTextAlone() {
        String plain = "héllo ✓ key=value, a;b";
        assertTrue(plain == LineEscaper.escape(plain), "nothing to escape: the same instance");
        String nasty = "a\nb\r\"c\"\\d\te\u0000f\u007Fg\u0085h\u2028i\u2029";
        String escaped = LineEscaper.escape(nasty);
        assertEquals("a\\nb\\r\\\"c\\\"\\\\d\\te\\u0000f\\u007fg\\u0085h\\u2028i\\u2029", escaped);
        assertTrue(escaped.chars().noneMatch(c -> c < 0x20 || c == 0x2028 || c == 0x2029));
    }

    private static void assertRefused(String setting, String value, String remedy) {
        BackendContext context = new BackendContext("bad", ClockAnchor.now(), Map.of(setting, value));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Slf4jBackendFactory().create(context));
        assertTrue(e.getMessage().startsWith("slf4j backend of session 'bad': setting '" + setting + "' is '"), e.getMessage());
        assertTrue(e.getMessage().contains(remedy), e.getMessage());
    }
}
