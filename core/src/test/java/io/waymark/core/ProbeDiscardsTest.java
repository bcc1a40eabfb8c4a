package io.waymark.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.waymark.Waymark;
import io.waymark.core.fixtures.ArgsEvents;
import io.waymark.core.fixtures.RecordingBackend;
import io.waymark.spi.DiscardCounter;
import io.waymark.spi.DiscardReason;
import io.waymark.spi.probe.Probe;
import io.waymark.spi.probe.ProbeRegistry;
import io.waymark.spi.probe.RegisteredProvider;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a probe counts its discards in ({@code ProbeTarget.discards()}, which the writer calls for an event it
 * gives up before dispatching it): each session its encoded path dispatches to, once; not a session that takes
 * the arguments (it lost nothing there); nothing once a session closed. The counter is driven here as the
 * writer drives it.
 */
class ProbeDiscardsTest {

    private static final ArgsEvents EVENTS = Waymark.provider(ArgsEvents.class);

    @AfterEach
    void closeSessions() {
        Tracing.sessions().forEach(Session::close);
    }

    private static Session start(String name, io.waymark.spi.BackendFactory factory, String rule) {
        Session session = Tracing.createSession(SessionConfig.builder(name).backend(factory).enable(rule).build());
        session.start();
        return session;
    }

    private static Probe probe(String name) {
        EVENTS.getClass(); // the provider is registered
        for (RegisteredProvider provider : ProbeRegistry.providers()) {
            for (Probe probe : provider.probes()) {
                if (probe.type().provider().equals("coretest.args") && probe.type().name().equals(name)) {
                    return probe;
                }
            }
        }
        throw new AssertionError("no probe " + name);
    }

    @Test
    void aDiscardCountsOnceInEachSessionTheEncodedPathDispatchesTo() {
        Session plain = start("discards-plain", new RecordingBackend.Factory("plain"), "coretest.args:sent");
        Session filtered = start("discards-filtered", new RecordingBackend.Factory("filtered"), "coretest.args:sent[size > 10]");
        ArgumentsPathTest.Recorder consuming = new ArgumentsPathTest.Recorder(true, false);
        Session consumer = start("discards-consumer", consuming.factory("consumer"), "coretest.args:sent");

        DiscardCounter counter = probe("sent").target().discards();
        counter.discarded(DiscardReason.NESTING_TOO_DEEP);
        counter.discarded(DiscardReason.NESTING_TOO_DEEP);
        counter.discarded(DiscardReason.WRITER_POOL_EXHAUSTED);

        Map<DiscardReason, Long> expected = Map.of(DiscardReason.NESTING_TOO_DEEP, 2L, DiscardReason.WRITER_POOL_EXHAUSTED, 1L);
        assertEquals(expected, plain.statistics().discarded());
        assertEquals(expected, filtered.statistics().discarded(), "whether it would have passed the filter cannot be known");
        assertEquals(Map.of(), consumer.statistics().discarded(), "the consumer took the arguments: it lost nothing to the writer");
        assertEquals(3, plain.statistics().discardedEvents());
    }

    @Test
    void theOnlySessionOfATracepointCountsWhatItsProbeDiscardsAndNothingOnceClosed() {
        Session only = start("discards-only", new RecordingBackend.Factory("only"), "coretest.args:viewed");
        DiscardCounter counter = probe("viewed").target().discards();
        counter.discarded(DiscardReason.EVENT_TOO_LARGE);
        assertEquals(Map.of(DiscardReason.EVENT_TOO_LARGE, 1L), only.statistics().discarded());

        only.close();
        counter.discarded(DiscardReason.EVENT_TOO_LARGE); // a writer still holding the old target: a late event
        assertEquals(Map.of(DiscardReason.EVENT_TOO_LARGE, 1L), only.statistics().discarded());
        assertSame(DiscardCounter.NONE, probe("viewed").target().discards(), "no session: nothing to count in");
    }
}
