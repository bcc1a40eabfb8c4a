package io.waymark.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.core.fixtures.PatternEvents;
import io.waymark.core.fixtures.RecordingBackend;
import io.waymark.core.fixtures.ShopEvents;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rules whose matching cost the user controls: each used to be a regular expression matched under the
 * runtime's lock, on the application's thread while a provider class initialised, so that 40 stars
 * took seconds and a thousand never returned (and the shutdown hook then waited for the lock).
 */
class PathologicalRulesTest {

    /** Generous for a slow CI machine: the old matcher did not return at all. */
    private static final Duration BOUND = Duration.ofSeconds(5);

    private final RecordingBackend.Factory factory = new RecordingBackend.Factory("recording");

    @AfterEach
    void closeSessions() {
        // bounded too: with a matcher that never returns, the lock is never released
        assertTimeoutPreemptively(BOUND, () -> Tracing.sessions().forEach(Session::close));
    }

    @Test
    void manyStarsMatchFastWhenASessionStartsAndWhenAProviderRegisters() {
        Waymark.provider(ShopEvents.class); // registered before the session starts
        Session session = Tracing.createSession(SessionConfig.builder("stars").backend(factory)
                .enable("coretest.*:" + "*".repeat(1000) + "x") // no event ends with x: a regex tries every split
                .enable("coretest.patterns:" + "*a".repeat(60) + "*")
                .build());
        assertTimeoutPreemptively(BOUND, session::start);
        assertTimeoutPreemptively(BOUND, () -> {
            PatternEvents events = Waymark.provider(PatternEvents.class); // registration matches the rules
            assertTrue(events.enabled());
        });
        assertTimeoutPreemptively(BOUND, () -> session.disable("*" + "?*".repeat(500) + "x"));
        assertEquals(3, session.rules().size());
    }

    @Test
    void aPatternLongerThanTheLimitIsRefusedNamingItsLengthAndTheLimit() {
        String pattern = "*".repeat(5000) + "a";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SessionConfig.builder("long").enable(pattern));
        assertTrue(e.getMessage().contains("has a pattern of 5001 characters; the limit is 1024"), e.getMessage());
        assertTrue(e.getMessage().length() < 300, "the message quotes the start of the pattern, not all of it: " + e.getMessage());
        Session session = Tracing.createSession(SessionConfig.builder("long").backend(factory).build());
        assertThrows(IllegalArgumentException.class, () -> session.enable(pattern));
        assertEquals(0, session.rules().size());
    }
}
