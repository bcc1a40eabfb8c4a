package io.waymark.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.core.fixtures.ArgsEvents;
import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.probe.Probe;
import io.waymark.spi.probe.ProbeRegistry;
import io.waymark.spi.probe.RegisteredProvider;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Events taken straight from a tracepoint's arguments ({@link Backend#argumentConsumer}): what the consumer
 * receives, that each session gets each event once whichever path it takes, that a failing consumer never
 * reaches the application, and that events with view fields keep the encoded path.
 */
class ArgumentsPathTest {

    private static final ArgsEvents EVENTS = Waymark.provider(ArgsEvents.class);

    @AfterEach
    void closeSessions() {
        Tracing.sessions().forEach(Session::close);
    }

    /** Records what reaches it by either path; consumes arguments when {@link #consumes} is set. */
    public static final class Recorder implements Backend {
        static final MethodHandle TAKE;

        static {
            try {
                TAKE = MethodHandles.lookup().findVirtual(Recorder.class, "take", MethodType.methodType(void.class, Object[].class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final boolean consumes;
        final boolean throwing;
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean misshapen;
        private MethodHandle consumer;
        final List<List<Object>> consumed = Collections.synchronizedList(new ArrayList<>());
        final List<String> encoded = Collections.synchronizedList(new ArrayList<>());
        final List<MethodType> askedFor = Collections.synchronizedList(new ArrayList<>());

        Recorder(boolean consumes, boolean throwing) {
            this.consumes = consumes;
            this.throwing = throwing;
        }

        @Override
        public void onEvent(Event event) {
            encoded.add(event.type().name() + ":" + event.getLong(event.type().name().equals("sent") ? 0 : 1));
        }

        @Override
        public MethodHandle argumentConsumer(EventType type, MethodType arguments) {
            askedFor.add(arguments);
            if (!consumes) {
                return null;
            }
            if (misshapen) {
                return MethodHandles.empty(MethodType.methodType(void.class, String.class)); // a shape the tracepoint cannot call
            }
            if (consumer == null || !consumer.type().equals(arguments)) { // the same handle each time, as backends should
                // boxing is fine in a test; a real consumer keeps the types
                consumer = TAKE.bindTo(this).asCollector(Object[].class, arguments.parameterCount()).asType(arguments);
            }
            return consumer;
        }

        void take(Object[] arguments) {
            calls.incrementAndGet();
            if (throwing) {
                throw new IllegalStateException("consumer broke");
            }
            consumed.add(Arrays.asList(arguments));
        }

        BackendFactory factory(String name) {
            Recorder self = this;
            return new BackendFactory() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public String requestedSpiVersion() {
                    return BackendFactory.SPI_VERSION;
                }

                @Override
                public Backend create(BackendContext context) {
                    return self;
                }
            };
        }
    }

    private static Session start(String name, Recorder recorder, String rule) {
        Session session = Tracing.createSession(SessionConfig.builder(name).backend(recorder.factory(name)).enable(rule)
                .maxBackendFailures(3).build());
        session.start();
        return session;
    }

    @Test
    void aConsumerGetsTheArgumentsAsDeclaredAndNothingIsEncoded() {
        Recorder recorder = new Recorder(true, false);
        start("args-one", recorder, "coretest.args:*");
        byte[] body = {1, 2, 3};
        EVENTS.sent(42L, 7, "svc", ArgsEvents.Mode.SLOW, body, 0.5, true, 'x');
        EVENTS.sent(43L, 8, null, null, null, -1.0, false, '\0');

        assertEquals(2, recorder.consumed.size());
        assertEquals(List.of(42L, 7, "svc", ArgsEvents.Mode.SLOW, body, 0.5, true, 'x'), recorder.consumed.get(0));
        assertEquals(Arrays.asList(43L, 8, null, null, null, -1.0, false, '\0'), recorder.consumed.get(1),
                "the consumer sees nulls as passed: reading them as the ABI says is its part");
        assertEquals(List.of(), recorder.encoded.stream().filter(e -> e.startsWith("sent")).toList(), "nothing encoded for it");
        assertTrue(recorder.askedFor.contains(MethodType.methodType(void.class, long.class, int.class, String.class,
                ArgsEvents.Mode.class, byte[].class, double.class, boolean.class, char.class)), recorder.askedFor.toString());
    }

    @Test
    void anEventWithViewFieldsIsEncodedForAConsumerToo() {
        Recorder recorder = new Recorder(true, false);
        start("args-view", recorder, "coretest.args:viewed");
        EVENTS.viewed(new ArgsEvents.Item("a"), 9L);

        assertEquals(List.of("viewed:9"), recorder.encoded);
        assertEquals(List.of(), recorder.consumed);
        Probe viewed = probe("viewed");
        assertNull(viewed.argumentsType(), "the generated code registered no parameter types for a view event");
        assertNotNull(probe("sent").argumentsType());
    }

    @Test
    void eachSessionGetsEachEventOnceWhicheverPathItTakes() {
        Recorder consuming = new Recorder(true, false);
        Recorder encoding = new Recorder(false, false);
        Recorder consuming2 = new Recorder(true, false);
        start("args-a", consuming, "coretest.args:sent");
        start("args-b", encoding, "coretest.args:sent");
        start("args-c", consuming2, "coretest.args:sent");
        for (long i = 0; i < 5; i++) {
            EVENTS.sent(i, 1, "t", ArgsEvents.Mode.FAST, new byte[0], 0, false, 'a');
        }
        assertEquals(5, consuming.consumed.size());
        assertEquals(5, consuming2.consumed.size());
        assertEquals(List.of(), consuming.encoded);
        assertEquals(List.of(), consuming2.encoded);
        assertEquals(List.of("sent:0", "sent:1", "sent:2", "sent:3", "sent:4"), encoding.encoded);
        assertEquals(List.of(), encoding.consumed);
    }

    @Test
    void aConsumerThatThrowsIsCountedAndDetachedAndNeverReachesTheApplication() throws Exception {
        Recorder broken = new Recorder(true, true);
        Recorder healthy = new Recorder(false, false);
        Session brokenSession = start("args-broken", broken, "coretest.args:sent");
        start("args-healthy", healthy, "coretest.args:sent");
        for (int i = 0; i < 10; i++) {
            EVENTS.sent(i, 1, "t", ArgsEvents.Mode.FAST, null, 0, false, 'a'); // never throws here
        }
        assertEquals(10, healthy.encoded.size(), "the other session is unaffected");
        assertEquals(3, broken.calls.get(), "detached after its third failure: the consumer is not called again, rebuild or not");
        assertEquals(3, brokenSession.statistics().backendFailures(), brokenSession.statistics().toString());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!brokenSession.statistics().backendDetached() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(brokenSession.statistics().backendDetached());
    }

    @Test
    void theHandleIsAConstantTrueWhenNothingConsumesArguments() throws Throwable {
        Recorder encoding = new Recorder(false, false);
        start("args-encoding", encoding, "coretest.args:sent");
        MethodHandle handle = probe("sent").argumentsHandle();
        assertTrue((boolean) handle.invokeExact(1L, 1, "x", ArgsEvents.Mode.FAST, new byte[0], 0.0, false, 'a'));
        Tracing.sessions().forEach(Session::close);
        Recorder consuming = new Recorder(true, false);
        start("args-consuming", consuming, "coretest.args:sent");
        assertFalse((boolean) handle.invokeExact(1L, 1, "x", ArgsEvents.Mode.FAST, new byte[0], 0.0, false, 'a'),
                "re-targeted: the consumer took it, nothing to encode");
        assertEquals(1, consuming.consumed.size());
    }

    private static Probe probe(String name) {
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
    void aConsumerOfTheWrongShapeIsReportedAndItsSessionTakesTheEncodedPath() {
        Recorder recorder = new Recorder(true, false);
        recorder.misshapen = true;
        Session session = start("args-misshapen", recorder, "coretest.args:sent");
        EVENTS.sent(5L, 1, "t", ArgsEvents.Mode.FAST, null, 0, false, 'a');
        assertEquals(List.of("sent:5"), recorder.encoded);
        assertEquals(0, session.statistics().backendFailures(), "a shape mismatch is the backend's bug, reported, not a failure");
    }

    @Test
    void anUnrelatedRebuildKeepsTheRouteSoCompiledCodeIsNotInvalidated() {
        Recorder consuming = new Recorder(true, false);
        start("args-kept", consuming, "coretest.args:sent");
        Probe sent = probe("sent");
        Object before = sent.target();
        start("args-other", new Recorder(false, false), "coretest.shop"); // another provider: rebuilds every tracepoint
        assertSame(before, sent.target(), "same parts, same route: the call sites are not changed");
        EVENTS.sent(1L, 1, "t", ArgsEvents.Mode.FAST, null, 0, false, 'a');
        assertEquals(1, consuming.consumed.size());
    }

    @Test
    void anUnrelatedRebuildKeepsTheRouteOfAnAggregatedTracepoint() {
        Session session = Tracing.createSession(SessionConfig.builder("args-agg").backend(new Recorder(false, false).factory("args-agg"))
                .enable("coretest.args:sent").aggregate("coretest.args:sent count() by (target)").build());
        session.start();
        Probe sent = probe("sent");
        Object before = sent.target();
        start("args-other-agg", new Recorder(false, false), "coretest.shop"); // another provider: rebuilds every tracepoint
        assertSame(before, sent.target(), "same session, same aggregation: the call sites are not changed");
        EVENTS.sent(1L, 1, "t", ArgsEvents.Mode.FAST, null, 0, false, 'a');
        assertEquals(1, session.aggregation("agg1").entries().size());
    }

    /**
     * More threads than cores emit while a third session starts and stops over and over (each time re-targeting the
     * tracepoint): the two sessions whose path does not change, one consuming arguments and one encoding, receive
     * every event exactly once (docs/architecture.md, "Racing a re-target").
     */
    @Test
    void sessionsWhosePathDoesNotChangeGetEveryEventOnceWhileOthersComeAndGo() throws Exception {
        Recorder consuming = new Recorder(true, false);
        Recorder encoding = new Recorder(false, false);
        start("args-stable-consumer", consuming, "coretest.args:sent");
        start("args-stable-encoder", encoding, "coretest.args:sent");
        int threads = 8;
        int events = 5_000;
        java.util.concurrent.atomic.AtomicBoolean emitting = new java.util.concurrent.atomic.AtomicBoolean(true);
        AtomicInteger retargets = new AtomicInteger();
        Thread toggler = new Thread(() -> {
            while (emitting.get()) {
                retargets.incrementAndGet();
                Session comer = start("args-comer", new Recorder(true, false), "coretest.args:sent");
                comer.close();
            }
        });
        toggler.start();
        List<Thread> emitters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long base = t * 1_000_000L;
            Thread emitter = new Thread(() -> {
                for (int i = 0; i < events; i++) {
                    EVENTS.sent(base + i, 1, "t", ArgsEvents.Mode.FAST, null, 0, false, 'a');
                }
            });
            emitters.add(emitter);
            emitter.start();
        }
        for (Thread emitter : emitters) {
            emitter.join();
        }
        emitting.set(false);
        toggler.join();

        java.util.Set<Long> consumedIds = new java.util.HashSet<>();
        synchronized (consuming.consumed) {
            for (List<Object> arguments : consuming.consumed) {
                assertTrue(consumedIds.add((Long) arguments.get(0)), "consumed twice: " + arguments.get(0));
            }
        }
        java.util.Set<String> encodedIds = new java.util.HashSet<>();
        synchronized (encoding.encoded) {
            for (String event : encoding.encoded) {
                assertTrue(encodedIds.add(event), "dispatched twice: " + event);
            }
        }
        assertTrue(retargets.get() > 1, "the tracepoint was re-targeted while threads emitted: " + retargets);
        assertEquals(List.of(), consuming.encoded, "the consuming session never gets the encoded event too");
        assertEquals(threads * events, consumedIds.size(), "the consuming session lost events");
        assertEquals(threads * events, encodedIds.size(), "the encoding session lost events");
    }
}
