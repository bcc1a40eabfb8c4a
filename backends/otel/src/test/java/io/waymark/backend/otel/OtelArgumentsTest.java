package io.waymark.backend.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.waymark.oteltest.ShopEvents.Channel;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The arguments path ({@code Backend.argumentConsumer}), driven directly: events written from a tracepoint's
 * arguments into the ring, without a canonical record, arrive at a real OTLP receiver exactly as the encoded
 * path's do, carry the span of the emitting thread, are counted exactly when lost, and cost the emitting
 * thread no allocation.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against a blocked application thread, not a measurement
class OtelArgumentsTest {

    /** The tracepoint's parameters for {@link Direct#ALL_TYPES}, as the annotation processor declares them. */
    static final MethodType ALL_TYPES = MethodType.methodType(void.class, boolean.class, byte.class, short.class, char.class,
            int.class, long.class, float.class, double.class, String.class, Channel.class, byte[].class);
    static final MethodType TICK = MethodType.methodType(void.class, long.class);

    private final SdkTracerProvider tracing = OtelExportTest.tracing();
    private final Direct.Lines lines = new Direct.Lines();
    private OtlpReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = OtlpReceiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
        tracing.close();
    }

    @Test
    void everyFieldTypeArrivesExactlyWithTheSpanAndTheTimeOfTheCall() throws Throwable {
        OtelBackend backend = Direct.backend(receiver, lines, Map.of());
        MethodHandle allTypes = backend.argumentConsumer(Direct.ALL_TYPES, ALL_TYPES);
        assertNotNull(allTypes);
        assertEquals(ALL_TYPES, allTypes.type());
        byte[] payload = {1, -2, 127};
        Span span = tracing.get("test").spanBuilder("checkout").startSpan();
        long before;
        long after;
        try (Scope scope = span.makeCurrent()) {
            before = System.nanoTime();
            allTypes.invokeExact(true, (byte) -7, (short) -300, 'λ', Integer.MIN_VALUE, Long.MAX_VALUE, 1.5f, -0.25,
                    "héllo \"q\" ✓", Channel.PHONE, payload);
            after = System.nanoTime();
        } finally {
            span.end();
        }
        payload[0] = 99; // the application reuses its array: the event keeps what it was at the call
        allTypes.invokeExact(false, Byte.MAX_VALUE, Short.MIN_VALUE, (char) 0xFFFF, 42, Long.MIN_VALUE, Float.NaN,
                Double.NEGATIVE_INFINITY, (String) null, (Channel) null, (byte[]) null);
        backend.close();

        assertEquals(2, backend.deliveredEvents());
        assertEquals(0, backend.discardedEvents());
        assertEquals(List.of(), lines.all());
        assertEquals("2", receiver.requests().get(0).getResourceLogs(0).getScopeLogs(0).getScope().getVersion());
        List<LogRecord> records = receiver.logRecords();
        assertEquals(2, records.size());
        LogRecord first = records.get(0);
        assertEquals("oteltest.direct.allTypes", first.getEventName());
        assertEquals(SeverityNumber.SEVERITY_NUMBER_DEBUG, first.getSeverityNumber());
        assertEquals("DEBUG", first.getSeverityText());
        // the handle reads System.nanoTime(), the clock the session's anchor ties to the wall clock
        assertTrue(first.getTimeUnixNano() >= Direct.CLOCK.toEpochNanos(before)
                && first.getTimeUnixNano() <= Direct.CLOCK.toEpochNanos(after), () -> first.getTimeUnixNano() + " not in ["
                + Direct.CLOCK.toEpochNanos(before) + ", " + Direct.CLOCK.toEpochNanos(after) + "]");
        assertEquals(ByteString.copyFrom(span.getSpanContext().getTraceIdBytes()), first.getTraceId());
        assertEquals(ByteString.copyFrom(span.getSpanContext().getSpanIdBytes()), first.getSpanId());
        assertEquals(span.getSpanContext().getTraceFlags().asByte(), first.getFlags() & 0xFF);

        Map<String, AnyValue> a = OtelExportTest.attributes(first.getAttributesList());
        assertEquals(AnyValue.newBuilder().setBoolValue(true).build(), a.get("flag"));
        assertEquals(AnyValue.newBuilder().setIntValue(-7).build(), a.get("smallNumber"));
        assertEquals(AnyValue.newBuilder().setIntValue(-300).build(), a.get("mediumNumber"));
        assertEquals(AnyValue.newBuilder().setStringValue("λ").build(), a.get("letter"));
        assertEquals(AnyValue.newBuilder().setIntValue(Integer.MIN_VALUE).build(), a.get("count"));
        assertEquals(AnyValue.newBuilder().setIntValue(Long.MAX_VALUE).build(), a.get("total"));
        assertEquals(AnyValue.newBuilder().setDoubleValue(1.5).build(), a.get("ratio"));
        assertEquals(AnyValue.newBuilder().setDoubleValue(-0.25).build(), a.get("precise"));
        assertEquals(AnyValue.newBuilder().setStringValue("héllo \"q\" ✓").build(), a.get("text"));
        assertEquals(AnyValue.newBuilder().setStringValue("PHONE").build(), a.get("channel"));
        assertEquals(AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {1, -2, 127})).build(), a.get("payload"));
        assertEquals(AnyValue.newBuilder().setStringValue("stable").build(), a.get("waymark.stability"));
        assertEquals(AnyValue.newBuilder().setIntValue(2).build(), a.get("waymark.schema_version"));
        assertEquals(AnyValue.newBuilder().setIntValue(Thread.currentThread().getId()).build(), a.get("thread.id"));
        assertEquals(AnyValue.newBuilder().setStringValue(Thread.currentThread().getName()).build(), a.get("thread.name"));

        LogRecord second = records.get(1);
        assertTrue(second.getTraceId().isEmpty(), "no span was active");
        assertTrue(second.getSpanId().isEmpty());
        Map<String, AnyValue> b = OtelExportTest.attributes(second.getAttributesList());
        assertEquals(AnyValue.newBuilder().setBoolValue(false).build(), b.get("flag"));
        assertEquals(127, b.get("smallNumber").getIntValue());
        assertEquals(Short.MIN_VALUE, b.get("mediumNumber").getIntValue());
        assertEquals("\uFFFF", b.get("letter").getStringValue()); // a char is not sign-extended
        assertEquals(Long.MIN_VALUE, b.get("total").getIntValue());
        assertTrue(Double.isNaN(b.get("ratio").getDoubleValue()));
        assertEquals(Double.NEGATIVE_INFINITY, b.get("precise").getDoubleValue());
        assertEquals(AnyValue.newBuilder().setStringValue("").build(), b.get("text")); // null reads as empty (event ABI)
        assertFalse(b.containsKey("channel"), "a null enum is an absent attribute");
        assertEquals(AnyValue.newBuilder().setBytesValue(ByteString.EMPTY).build(), b.get("payload"));
    }

    @Test
    void argumentsAndRecordsOfOneSessionShareTheRingAndTheirOrder() throws Throwable {
        OtelBackend backend = Direct.backend(receiver, lines, Map.of(OtelBackendFactory.BATCH_SIZE, "10"));
        MethodHandle tick = backend.argumentConsumer(Direct.TICK, TICK);
        for (int i = 0; i < 30; i++) {
            if (i % 3 == 0) {
                backend.onEvent(Direct.tick(i)); // the encoded path: a view field, an older tracepoint
            } else {
                tick.invokeExact((long) i);
            }
        }
        backend.close();
        assertEquals(30, backend.deliveredEvents());
        List<Long> sequences = receiver.logRecords().stream()
                .map(r -> OtelExportTest.attributes(r.getAttributesList()).get("sequence").getIntValue()).toList();
        assertEquals(java.util.stream.LongStream.range(0, 30).boxed().toList(), sequences);
    }

    @Test
    void aFullRingDropsAndCountsExactlyAndTheCallerNeverWaits() throws Throwable {
        receiver.hold(); // takes the first request and never answers it until released
        OtelBackend backend = Direct.backend(receiver, lines, Map.of(OtelBackendFactory.BUFFER_SIZE, "64",
                OtelBackendFactory.BATCH_SIZE, "16"));
        MethodHandle tick = backend.argumentConsumer(Direct.TICK, TICK);
        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            int base = t * 50_000;
            threads[t] = new Thread(() -> {
                try {
                    for (int i = 0; i < 50_000; i++) {
                        tick.invokeExact((long) (base + i));
                    }
                } catch (Throwable e) {
                    throw new AssertionError(e);
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long discardedWhileHeld = backend.discardedEvents();
        receiver.release();
        backend.close();
        assertTrue(discardedWhileHeld >= 100_000 - 64 - 16, "dropped while held: " + discardedWhileHeld);
        assertEquals(100_000, backend.deliveredEvents() + backend.discardedEvents());
        assertEquals(receiver.accepted(), backend.deliveredEvents());
        assertEquals(1, lines.count("the buffer was full"), lines.all()::toString);
    }

    @Test
    void anEventThatCannotBeWrittenIsCountedAndLaterEventsFlow() throws Throwable {
        OtelBackend backend = Direct.backend(receiver, lines, Map.of(OtelBackendFactory.BATCH_SIZE, "10"));
        MethodHandle allTypes = backend.argumentConsumer(Direct.ALL_TYPES, ALL_TYPES);
        byte[] tooLarge = new byte[io.waymark.spi.wire.WireFormat.MAX_RECORD_SIZE + 1];
        // as the encoded path drops an event larger than the format allows: counted, and nothing thrown (the
        // runtime would count a throw as a failure of the backend and detach it after a few)
        allTypes.invokeExact(true, (byte) 1, (short) 1, 'c', 1, 1L, 1f, 1d, "x", Channel.WEB, tooLarge);
        for (int i = 0; i < 20; i++) {
            allTypes.invokeExact(true, (byte) 1, (short) 1, 'c', i, 1L, 1f, 1d, "x", Channel.WEB, new byte[] {(byte) i});
        }
        backend.close();
        assertEquals(20, backend.deliveredEvents());
        assertEquals(1, backend.discardedEvents());
        assertEquals(1, backend.discardedEvents(io.waymark.spi.DiscardReason.EVENT_TOO_LARGE), "counted by its reason");
        assertEquals(20, backend.recordedEvents());
        assertEquals(1, lines.count("byte[] fields were over"), lines.all()::toString);
    }

    @Test
    void argumentsOfOtherTypesThanTheFieldsAreLeftToTheEncodedPath() {
        OtelBackend backend = Direct.backend(receiver, lines, Map.of());
        try {
            assertNull(backend.argumentConsumer(Direct.TICK, MethodType.methodType(void.class, String.class)));
            assertNull(backend.argumentConsumer(Direct.TICK, MethodType.methodType(void.class, long.class, long.class)));
            assertNotNull(backend.argumentConsumer(Direct.TICK, MethodType.methodType(void.class, int.class))); // widened
        } finally {
            backend.close();
        }
        assertNull(backend.argumentConsumer(Direct.TICK, TICK), "a closed backend takes no more events");
    }

    @Test
    void theEmittingThreadAllocatesNothingWithASpanActive() throws Throwable {
        OtelBackend backend = Direct.backend(receiver, lines, Map.of(OtelBackendFactory.BUFFER_SIZE, "1024"));
        MethodHandle allTypes = backend.argumentConsumer(Direct.ALL_TYPES, ALL_TYPES);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] payload = {1, 2, 3, 4};
        Span span = tracing.get("test").spanBuilder("request").startSpan();
        long least = Long.MAX_VALUE;
        try (Scope scope = span.makeCurrent()) {
            for (int round = 0; round < 6; round++) { // the first round warms up (and grows the slots once)
                long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
                for (int i = 0; i < 100_000; i++) { // 100,000 against 1,024 slots: written ones and dropped ones
                    allTypes.invokeExact(true, (byte) 1, (short) 2, 'c', i, (long) i, 0.5f, 0.25, "SKU-0000", Channel.STORE, payload);
                }
                long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
                if (round > 0) {
                    least = Math.min(least, allocated);
                }
            }
        } finally {
            span.end();
        }
        backend.close();
        assertEquals(0, least);
        assertTrue(backend.deliveredEvents() > 0 && backend.discardedEvents() > 0,
                backend.deliveredEvents() + " delivered, " + backend.discardedEvents() + " discarded: both paths ran");
        assertEquals(600_000, backend.deliveredEvents() + backend.discardedEvents());
    }
}
