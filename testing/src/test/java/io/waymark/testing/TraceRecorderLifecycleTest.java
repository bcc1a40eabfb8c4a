package io.waymark.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.SessionState;
import io.waymark.core.Tracing;
import io.waymark.memtest.OrderEvents;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Drives the extension's callbacks directly, as JUnit would, to check the session's life cycle. */
class TraceRecorderLifecycleTest {

    private static final OrderEvents ORDERS = Waymark.provider(OrderEvents.class);

    /** A test's context, answering only what the recorder asks. */
    private static ExtensionContext context(String uniqueId, String displayName) {
        return (ExtensionContext) Proxy.newProxyInstance(ExtensionContext.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getUniqueId" -> uniqueId;
                    case "getDisplayName" -> displayName;
                    case "toString" -> "context " + uniqueId;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void opensARunningSessionBeforeEachTestAndClosesItAfterwards() {
        TraceRecorder recorder = TraceRecorder.enable("memtest.orders:orderShipped");
        ExtensionContext test = context("[test:1]", "first()");

        recorder.beforeEach(test);
        Session session = recorder.session();
        assertEquals(SessionState.RUNNING, session.state());
        assertTrue(Tracing.sessions().contains(session));
        assertTrue(session.name().startsWith("test-first()-"), session.name());
        assertEquals(java.util.List.of("memtest.orders:orderShipped"), session.rules());
        ORDERS.orderShipped(1L);

        recorder.afterEach(test);

        assertEquals(SessionState.CLOSED, session.state());
        assertFalse(Tracing.sessions().contains(session));
        assertThrows(IllegalStateException.class, recorder::session);
        assertEquals(1, recorder.events().size(), "the last test's events stay readable");
        ORDERS.orderShipped(2L);
        assertEquals(1, recorder.events().size(), "nothing is recorded after the test");
    }

    @Test
    void eachTestGetsAFreshSession() {
        TraceRecorder recorder = TraceRecorder.enable("memtest.orders:orderShipped");
        ExtensionContext first = context("[test:1]", "same()");
        ExtensionContext second = context("[test:2]", "same()");

        recorder.beforeEach(first);
        Session firstSession = recorder.session();
        ORDERS.orderShipped(1L);
        recorder.afterEach(first);
        recorder.beforeEach(second);
        Session secondSession = recorder.session();

        try {
            assertFalse(firstSession.name().equals(secondSession.name()), "unique names for equal display names");
            recorder.assertNone();
        } finally {
            recorder.afterEach(second);
        }
        assertEquals(SessionState.CLOSED, secondSession.state());
    }

    @Test
    void oneRecorderServesOneTestAtATime() {
        TraceRecorder recorder = TraceRecorder.enable("memtest.orders:*");
        ExtensionContext running = context("[test:running]", "running()");
        ExtensionContext intruder = context("[test:intruder]", "intruder()");
        recorder.beforeEach(running);
        Session session = recorder.session();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> recorder.beforeEach(intruder));
            assertTrue(e.getMessage().contains("already recording test '[test:running]'"), e.getMessage());

            recorder.afterEach(intruder); // JUnit runs after-callbacks even when before-callbacks failed

            assertEquals(SessionState.RUNNING, session.state(), "another test's session is not closed");
        } finally {
            recorder.afterEach(running);
        }
        assertEquals(SessionState.CLOSED, session.state());
    }

    @Test
    void afterEachWithoutBeforeEachDoesNothing() {
        TraceRecorder recorder = TraceRecorder.enable("memtest.orders:*");
        recorder.afterEach(context("[test:x]", "x()"));
        assertThrows(IllegalStateException.class, recorder::session);
    }
}
