package io.waymark.backend.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.oteltest.ShopEvents;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Events reach a real OTLP/HTTP receiver as log records with event names, typed attributes and their span. */
class OtelExportTest {

    private static final ShopEvents SHOP = Waymark.provider(ShopEvents.class);

    private final SdkTracerProvider tracing = tracing();
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
        System.clearProperty("otel.service.name");
        System.clearProperty("otel.resource.attributes");
    }

    @Test
    void everyFieldTypeArrivesExactlyWithEventNameSeverityTimeAndSpan() {
        System.setProperty("otel.service.name", "checkout-service"); // the SDK's autoconfiguration reads it
        System.setProperty("otel.resource.attributes", "deployment.environment.name=test");
        long before = System.currentTimeMillis() * 1_000_000L;
        OtelBackend backend = Direct.backend(receiver, lines, Map.of());
        Span span = tracing.get("test").spanBuilder("checkout").startSpan();
        try (Scope scope = span.makeCurrent()) {
            backend.onEvent(Direct.event(Direct.ALL_TYPES, Direct.CLOCK.monotonicNanos() + 42, 77, true, (byte) -7, (short) -300,
                    'λ', Integer.MIN_VALUE, Long.MAX_VALUE, 1.5f, -0.25, "héllo \"q\" ✓", "PHONE", new byte[] {1, -2, 127}));
        } finally {
            span.end();
        }
        backend.onEvent(Direct.event(Direct.ALL_TYPES, Direct.CLOCK.monotonicNanos() - 5, 78, false, Byte.MAX_VALUE,
                Short.MIN_VALUE, 'a', 42, Long.MIN_VALUE, -2.5f, 1e10, null, null, null));
        backend.close();
        long after = System.currentTimeMillis() * 1_000_000L + 1_000_000L;

        assertEquals(2, backend.deliveredEvents());
        assertEquals(0, backend.discardedEvents());
        assertEquals(List.of(), lines.all());
        ResourceLogs resource = receiver.requests().get(0).getResourceLogs(0);
        Map<String, AnyValue> resourceAttributes = attributes(resource.getResource().getAttributesList());
        assertEquals("checkout-service", resourceAttributes.get("service.name").getStringValue());
        assertEquals("test", resourceAttributes.get("deployment.environment.name").getStringValue());
        ScopeLogs scope = resource.getScopeLogs(0);
        assertEquals("oteltest.direct", scope.getScope().getName());
        assertEquals("2", scope.getScope().getVersion()); // the provider's schema version

        List<LogRecord> records = receiver.logRecords();
        assertEquals(2, records.size());
        LogRecord first = records.get(0);
        assertEquals("oteltest.direct.allTypes", first.getEventName());
        assertEquals(SeverityNumber.SEVERITY_NUMBER_DEBUG, first.getSeverityNumber());
        assertEquals("DEBUG", first.getSeverityText());
        assertEquals(1_700_000_000_123_456_789L + 42, first.getTimeUnixNano()); // the event's own time, to the nanosecond
        assertTrue(first.getObservedTimeUnixNano() >= before && first.getObservedTimeUnixNano() <= after,
                () -> "observed " + Instant.ofEpochSecond(0, first.getObservedTimeUnixNano()));
        assertEquals(ByteString.copyFrom(span.getSpanContext().getTraceIdBytes()), first.getTraceId());
        assertEquals(ByteString.copyFrom(span.getSpanContext().getSpanIdBytes()), first.getSpanId());
        assertEquals(span.getSpanContext().getTraceFlags().asByte(), first.getFlags() & 0xFF); // sampled, random trace id
        assertFalse(first.hasBody());

        Map<String, AnyValue> a = attributes(first.getAttributesList());
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
        assertEquals(AnyValue.newBuilder().setIntValue(77).build(), a.get("thread.id"));

        LogRecord second = records.get(1);
        assertEquals(1_700_000_000_123_456_789L - 5, second.getTimeUnixNano());
        assertTrue(second.getTraceId().isEmpty(), "no span was active");
        assertTrue(second.getSpanId().isEmpty());
        Map<String, AnyValue> b = attributes(second.getAttributesList());
        assertEquals(127, b.get("smallNumber").getIntValue());
        assertEquals(Short.MIN_VALUE, b.get("mediumNumber").getIntValue());
        assertEquals(Long.MIN_VALUE, b.get("total").getIntValue());
        assertEquals(-2.5, b.get("ratio").getDoubleValue());
        assertEquals(1e10, b.get("precise").getDoubleValue());
        assertEquals("", b.get("text").getStringValue()); // the encoding records a null string as empty
        assertFalse(b.containsKey("channel"), "a null enum is an absent attribute");
        assertEquals(AnyValue.newBuilder().setBytesValue(ByteString.EMPTY).build(), b.get("payload"));
    }

    @Test
    void eventsThroughTheRuntimeCarryTheSpanOfTheirThread() throws Exception {
        Session session = Tracing.createSession(SessionConfig.builder("otel-runtime").backend(new OtelBackendFactory())
                .enable("oteltest.shop:*")
                .setting(OtelBackendFactory.ENDPOINT, receiver.endpoint())
                .setting(OtelBackendFactory.USE_GLOBAL, "false")
                .setting(OtelBackendFactory.EXPORT_INTERVAL, "20").build());
        session.start();
        Span request = tracing.get("test").spanBuilder("GET /orders").startSpan();
        Span other = tracing.get("test").spanBuilder("worker").startSpan();
        Thread worker;
        try (Scope scope = request.makeCurrent()) {
            SHOP.orderPlaced(42, 3, "SKU-1");
            worker = new Thread(() -> {
                try (Scope inner = other.makeCurrent()) {
                    SHOP.tick(1, 2);
                }
            }, "shop-worker");
            worker.start();
            worker.join();
            SHOP.allTypes(true, (byte) 1, (short) 2, 'c', 3, 4L, 0.5f, 0.25, "t", ShopEvents.Channel.WEB, new byte[] {9});
        } finally {
            request.end();
            other.end();
        }
        SHOP.orderPlaced(43, 1, "SKU-2"); // no span
        OtelBackend backend = (OtelBackend) session.backend();
        session.close();

        assertTrue(backend.argumentConsumers() >= 3, "the generated tracepoints took the arguments path");
        assertEquals(4, backend.deliveredEvents());
        assertEquals(0, backend.discardedEvents());
        Map<String, LogRecord> byOrder = new LinkedHashMap<>();
        for (LogRecord record : receiver.logRecords()) {
            Map<String, AnyValue> a = attributes(record.getAttributesList());
            String key = record.getEventName() + (a.containsKey("orderId") ? "#" + a.get("orderId").getIntValue() : "");
            byOrder.put(key, record);
        }
        assertEquals(List.of("oteltest.shop.orderPlaced#42", "oteltest.shop.tick", "oteltest.shop.allTypes",
                "oteltest.shop.orderPlaced#43"), List.copyOf(byOrder.keySet()));
        LogRecord placed = byOrder.get("oteltest.shop.orderPlaced#42");
        assertEquals(ByteString.copyFrom(request.getSpanContext().getTraceIdBytes()), placed.getTraceId());
        assertEquals(ByteString.copyFrom(request.getSpanContext().getSpanIdBytes()), placed.getSpanId());
        assertEquals(SeverityNumber.SEVERITY_NUMBER_INFO, placed.getSeverityNumber());
        Map<String, AnyValue> a = attributes(placed.getAttributesList());
        assertEquals(3, a.get("quantity").getIntValue());
        assertEquals("SKU-1", a.get("sku").getStringValue());
        assertEquals(Thread.currentThread().getName(), a.get("thread.name").getStringValue());
        assertEquals(Thread.currentThread().getId(), a.get("thread.id").getIntValue());
        LogRecord tick = byOrder.get("oteltest.shop.tick");
        assertEquals(ByteString.copyFrom(other.getSpanContext().getSpanIdBytes()), tick.getSpanId(), "the worker's own span");
        assertEquals(SeverityNumber.SEVERITY_NUMBER_WARN, tick.getSeverityNumber());
        assertEquals("shop-worker", attributes(tick.getAttributesList()).get("thread.name").getStringValue());
        assertEquals(ByteString.copyFrom(request.getSpanContext().getSpanIdBytes()), byOrder.get("oteltest.shop.allTypes").getSpanId());
        assertTrue(byOrder.get("oteltest.shop.orderPlaced#43").getTraceId().isEmpty());
        // the record's time is the event's, not the export's: before the observed time
        assertTrue(placed.getTimeUnixNano() <= placed.getObservedTimeUnixNano());
    }

    /** A tracer provider that records spans (one without a span processor hands out invalid ones). */
    static SdkTracerProvider tracing() {
        return SdkTracerProvider.builder().addSpanProcessor(new SpanProcessor() {
            @Override
            public void onStart(Context parentContext, ReadWriteSpan span) {}

            @Override
            public boolean isStartRequired() {
                return false;
            }

            @Override
            public void onEnd(ReadableSpan span) {}

            @Override
            public boolean isEndRequired() {
                return true;
            }
        }).build();
    }

    static Map<String, AnyValue> attributes(List<KeyValue> list) {
        Map<String, AnyValue> map = new LinkedHashMap<>();
        list.forEach(kv -> map.put(kv.getKey(), kv.getValue()));
        return map;
    }
}
