package io.waymark.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.core.fixtures.NestedLoadEvents;
import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import io.waymark.spi.Event;
import io.waymark.spi.ProviderDescriptor;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A backend may load provider classes from its callbacks: the registry calls the runtime outside its
 * own lock, and the runtime copes with being re-entered on the same thread.
 */
class ReentrantRegistrationTest {

    @Test
    void aBackendThatLoadsAProviderClassWhileBeingToldAboutAnotherOneSeesBoth() throws Exception {
        ConcurrentLinkedQueue<String> announced = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
        BackendFactory loading = new BackendFactory() {
            @Override
            public String name() {
                return "loading";
            }

            @Override
            public String requestedSpiVersion() {
                return BackendFactory.SPI_VERSION;
            }

            @Override
            public Backend create(BackendContext context) {
                return new Backend() {
                    @Override
                    public void onEvent(Event event) {
                        events.add(event.toString());
                    }

                    @Override
                    public void onProviderRegistered(ProviderDescriptor provider, int providerIndex) {
                        announced.add(provider.name());
                        // class initialization of another provider, from inside the runtime's callback
                        Waymark.provider(NestedLoadEvents.class);
                    }
                };
            }
        };
        CountDownLatch done = new CountDownLatch(1);
        Thread starter = new Thread(() -> {
            try (Session session = Tracing.createSession(SessionConfig.builder("reentrant").backend(loading)
                    .enable("coretest.nestedload:*").build())) {
                session.start();
                Waymark.provider(NestedLoadEvents.class).loaded(5);
            } finally {
                done.countDown();
            }
        });
        starter.setDaemon(true);
        starter.start();
        assertTrue(done.await(20, TimeUnit.SECONDS), "starting the session deadlocked");
        assertTrue(announced.contains("coretest.nestedload"), "the provider loaded inside the callback was announced: " + announced);
        assertEquals(1, announced.stream().filter("coretest.nestedload"::equals).count(), "announced once");
        assertEquals(List.of("coretest.nestedload:loaded[5]"), List.copyOf(events));
    }
}
