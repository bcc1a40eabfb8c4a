package io.waymark.backend.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.waymark.spi.BackendContext;
import io.waymark.spi.ClockAnchor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Settings are checked with messages naming the remedy; the application's OpenTelemetry is used when it has one. */
class OtelSettingsTest {

    @Test
    void declaresItsSettingsAndName() {
        OtelBackendFactory factory = new OtelBackendFactory();
        assertEquals("otel", factory.name());
        assertEquals(io.waymark.spi.BackendFactory.SPI_VERSION, factory.requestedSpiVersion());
        assertEquals(Set.of("endpoint", "use-global", "buffer-size", "batch-size", "export-interval-ms", "export-timeout-ms",
                "close-timeout-ms"), factory.settingNames().orElseThrow());
    }

    @Test
    void sendsWithTheJdkHttpClientWithoutOkHttpOrKotlin() {
        // the dependency tree excludes the OkHttp sender: the JDK's is the one the exporter finds
        for (String absent : List.of("okhttp3.OkHttpClient", "kotlin.Unit",
                "io.opentelemetry.exporter.sender.okhttp.internal.OkHttpHttpSenderProvider")) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(absent), absent + " is on the class path");
        }
        List<String> senders = new java.util.ArrayList<>();
        java.util.ServiceLoader.load(io.opentelemetry.sdk.common.export.HttpSenderProvider.class)
                .forEach(p -> senders.add(p.getClass().getName()));
        assertEquals(List.of("io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider"), senders);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "buffer-size|1000|not a power of two",
        "buffer-size|8|use an integer from 16 to 1048576",
        "batch-size|0|use an integer from 1 to 65536",
        "export-interval-ms|soon|use an integer from 1 to 3600000",
        "close-timeout-ms|-1|use an integer from 0 to 3600000",
        "use-global|maybe|use 'auto'",
        "endpoint|localhost:4318|use the collector's OTLP/HTTP base URL"})
    void badSettingsAreRefusedNamingTheRemedy(String key, String value, String remedy) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("use-global", "false"));
        settings.put(key, value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OtelBackendFactory()
                .create(new BackendContext("bad", ClockAnchor.now(), settings)));
        assertTrue(e.getMessage().startsWith("otel backend of session 'bad': "), e.getMessage());
        assertTrue(e.getMessage().contains("'" + key + "'") && e.getMessage().contains(remedy), e.getMessage());
    }

    @Test
    void useGlobalTrueWithoutAnApplicationOpenTelemetryIsRefused() {
        GlobalOpenTelemetry.resetForTest();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OtelBackendFactory()
                .create(new BackendContext("global", ClockAnchor.now(), Map.of("use-global", "true"))));
        assertTrue(e.getMessage().contains("no GlobalOpenTelemetry"), e.getMessage());
    }

    @Test
    void theApplicationsOpenTelemetryCarriesTheEventsWhenItHasOne() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start(); SdkTracerProvider tracing = OtelExportTest.tracing()) {
            SdkLoggerProvider logs = SdkLoggerProvider.builder().addLogRecordProcessor(BatchLogRecordProcessor.builder(
                    OtlpHttpLogRecordExporter.builder().setEndpoint(receiver.endpoint() + "/v1/logs").build()).build()).build();
            OpenTelemetrySdk application = OpenTelemetrySdk.builder().setTracerProvider(tracing).setLoggerProvider(logs).build();
            GlobalOpenTelemetry.resetForTest();
            GlobalOpenTelemetry.set(application);
            try {
                OtelBackend backend = new OtelBackendFactory().create(new BackendContext("app", Direct.CLOCK, Map.of(
                        "export-interval-ms", "20")));
                assertTrue(backend.usesApplicationPipeline());
                backend.onProviderRegistered(Direct.PROVIDER, 0);
                Span span = tracing.get("app").spanBuilder("request").startSpan();
                try (Scope scope = span.makeCurrent()) {
                    backend.onEvent(Direct.tick(7));
                } finally {
                    span.end();
                }
                backend.close(); // leaves the application's pipeline running: it exports on its own schedule
                assertEquals(1, backend.deliveredEvents()); // handed over
                assertEquals(0, backend.discardedEvents());
                OtelLossTest.await(() -> receiver.logRecords().size() == 1, () -> receiver.logRecords().toString());
                List<LogRecord> records = receiver.logRecords();
                assertEquals(1, records.size());
                assertEquals("oteltest.direct.tick", records.get(0).getEventName());
                assertEquals(io.opentelemetry.api.trace.SpanId.fromBytes(records.get(0).getSpanId().toByteArray()),
                        span.getSpanContext().getSpanId());
            } finally {
                GlobalOpenTelemetry.resetForTest();
                application.close();
            }
        }
    }
}
