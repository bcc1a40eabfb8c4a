package io.waymark.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.Backend;
import io.waymark.spi.DiscardReason;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What a session's sink counts as {@link DiscardReason#BACKEND_FAILED}: an event its backend threw on, and one that
 * reached it after the backend was detached and before the tracepoint was re-targeted; nothing once it closed.
 */
class SessionSinkDiscardsTest {

    private static final EventType TICK = new EventType("coretest.sink", "tick", 1, Stability.STABLE, Level.INFO,
            List.of(FieldDescriptor.of("n", FieldType.LONG)));

    /** Throws on every call, from onEvent and from its argument consumer. */
    static final class Throwing implements Backend {
        static final MethodHandle FAIL;

        static {
            try {
                FAIL = MethodHandles.lookup().findStatic(Throwing.class, "fail", MethodType.methodType(void.class, long.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void onEvent(Event event) {
            calls.incrementAndGet();
            throw new IllegalStateException("throwing backend");
        }

        @Override
        public MethodHandle argumentConsumer(EventType type, MethodType arguments) {
            return FAIL;
        }

        private static void fail(long n) {
            throw new IllegalStateException("throwing consumer");
        }
    }

    @Test
    void eventsThrownOnAndThoseReachingADetachedBackendAreDiscardedUntilItCloses() {
        Throwing backend = new Throwing();
        AtomicInteger detaches = new AtomicInteger();
        SessionSink sink = new SessionSink("sink-test", backend, 3, detaches::incrementAndGet);

        for (int i = 0; i < 5; i++) {
            sink.dispatch(null); // the backend never reads the event
        }
        assertEquals(3, backend.calls.get(), "detached after its third failure: not called again");
        assertEquals(1, detaches.get());
        assertTrue(sink.detached());
        assertEquals(5L, sink.discarded().get(DiscardReason.BACKEND_FAILED), "3 thrown on, 2 reaching it detached");

        sink.close();
        sink.dispatch(null); // a late event of a closed session
        assertEquals(5L, sink.discarded().get(DiscardReason.BACKEND_FAILED), "nothing counted once closed");
    }

    @Test
    void anArgumentConsumerThatThrowsAndOneOfADetachedBackendDiscard() throws Throwable {
        Throwing backend = new Throwing();
        SessionSink sink = new SessionSink("sink-consumer-test", backend, 2, () -> {});
        MethodHandle consumer = sink.argumentConsumer(TICK, 0, MethodType.methodType(void.class, long.class));

        for (long n = 0; n < 4; n++) {
            assertFalse((boolean) consumer.invokeExact(n), "nothing left to encode for this session");
        }
        assertEquals(4L, sink.discarded().get(DiscardReason.BACKEND_FAILED), "2 thrown, 2 after the detach (the switch point)");
        assertEquals(2, sink.failures());

        sink.close();
        assertFalse((boolean) consumer.invokeExact(5L));
        assertEquals(4L, sink.discarded().get(DiscardReason.BACKEND_FAILED), "nothing counted once closed");
        assertEquals(Map.of(), Map.copyOf(sink.discarded()).entrySet().stream()
                .filter(e -> e.getKey() != DiscardReason.BACKEND_FAILED && e.getValue() != 0)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "no other reason");
    }
}
