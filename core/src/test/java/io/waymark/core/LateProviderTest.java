package io.waymark.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.core.fixtures.LateEvents;
import io.waymark.core.fixtures.RecordingBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A provider whose class loads while a session runs becomes visible to it, like LTTng's late registration. */
class LateProviderTest {

    @Test
    void providerLoadedAfterSessionStartIsAnnouncedThenTraced() {
        RecordingBackend.Factory factory = new RecordingBackend.Factory("late");
        try (Session session = Tracing.createSession(SessionConfig.builder("late").backend(factory).enable("coretest.late:*").build())) {
            session.start();
            RecordingBackend backend = factory.last();
            assertFalse(Tracing.providers().stream().anyMatch(p -> p.name().equals("coretest.late")),
                    "precondition: LateEvents has not loaded yet (no other test may touch it)");

            LateEvents late = Waymark.provider(LateEvents.class);
            late.ping(7);

            assertTrue(backend.providers.contains("coretest.late"), "the running session was told about the new provider");
            assertEquals(List.of("coretest.late:ping[7]"), List.copyOf(backend.events));
            assertTrue(Tracing.providers().stream().anyMatch(p -> p.name().equals("coretest.late")));
        }
    }
}
