package io.waymark.backend.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-checks one captured request with an independent decoder: {@code protoc --decode} (Debian's
 * {@code protobuf-compiler}, which {@code .ci/run} installs) with the official {@code .proto} files,
 * taken from the {@code opentelemetry-proto} sources jar on the test class path.
 */
class OtelProtocTest {

    private static final List<String> PROTOS = List.of(
            "opentelemetry/proto/collector/logs/v1/logs_service.proto",
            "opentelemetry/proto/logs/v1/logs.proto",
            "opentelemetry/proto/common/v1/common.proto",
            "opentelemetry/proto/resource/v1/resource.proto");

    @TempDir
    Path dir;

    @Test
    void protocDecodesTheRequestWithEveryFieldTypeAndTheSpan() throws Exception {
        SpanContext spanContext;
        try (OtlpReceiver receiver = OtlpReceiver.start(); SdkTracerProvider tracing = OtelExportTest.tracing()) {
            OtelBackend backend = Direct.backend(receiver, new Direct.Lines(), Map.of());
            Span span = tracing.get("test").spanBuilder("checkout").startSpan();
            try (Scope scope = span.makeCurrent()) {
                backend.onEvent(Direct.event(Direct.ALL_TYPES, Direct.CLOCK.monotonicNanos() + 42, 77, true, (byte) -7,
                        (short) -300, 'λ', Integer.MIN_VALUE, Long.MAX_VALUE, 1.5f, -0.25, "héllo", "PHONE",
                        new byte[] {1, -2, 127}));
            } finally {
                span.end();
            }
            spanContext = span.getSpanContext();
            backend.close();
            assertEquals(1, receiver.rawRequests().size());
            Files.write(dir.resolve("request.bin"), receiver.rawRequests().get(0));
        }
        for (String proto : PROTOS) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(proto)) {
                assertNotNull(in, proto + " is not on the test class path (the opentelemetry-proto sources jar)");
                Path target = dir.resolve("proto").resolve(proto);
                Files.createDirectories(target.getParent());
                Files.copy(in, target);
            }
        }
        String text = protoc(dir.resolve("proto"), dir.resolve("request.bin"));

        assertTrue(text.contains("event_name: \"oteltest.direct.allTypes\""), text);
        assertTrue(text.contains("severity_number: SEVERITY_NUMBER_DEBUG"), text);
        assertTrue(text.contains("severity_text: \"DEBUG\""), text);
        assertTrue(text.contains("time_unix_nano: " + (1_700_000_000_123_456_789L + 42)), text);
        assertTrue(text.contains("trace_id: \"" + octal(spanContext.getTraceIdBytes()) + "\""), text);
        assertTrue(text.contains("span_id: \"" + octal(spanContext.getSpanIdBytes()) + "\""), text);
        assertTrue(text.contains("name: \"oteltest.direct\""), text);
        assertTrue(text.contains("version: \"2\""), text);
        for (String attribute : List.of(
                "key: \"flag\"\n        value {\n          bool_value: true",
                "key: \"smallNumber\"\n        value {\n          int_value: -7",
                "key: \"mediumNumber\"\n        value {\n          int_value: -300",
                "key: \"letter\"\n        value {\n          string_value: \"\\316\\273\"", // λ in UTF-8, as protoc escapes it
                "key: \"count\"\n        value {\n          int_value: -2147483648",
                "key: \"total\"\n        value {\n          int_value: 9223372036854775807",
                "key: \"ratio\"\n        value {\n          double_value: 1.5",
                "key: \"precise\"\n        value {\n          double_value: -0.25",
                "key: \"text\"\n        value {\n          string_value: \"h\\303\\251llo\"",
                "key: \"channel\"\n        value {\n          string_value: \"PHONE\"",
                "key: \"payload\"\n        value {\n          bytes_value: \"\\001\\376\\177\"",
                "key: \"waymark.stability\"\n        value {\n          string_value: \"stable\"",
                "key: \"waymark.schema_version\"\n        value {\n          int_value: 2")) {
            assertTrue(text.contains(attribute), () -> "no " + attribute + " in\n" + text);
        }
    }

    private static String protoc(Path protoDir, Path request) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("protoc", "--decode=opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest",
                    "-I", protoDir.toString(), PROTOS.get(0))
                    .redirectInput(request.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("protoc is not installed: apt-get install -y protobuf-compiler (.ci/run does)", e);
        }
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), () -> "protoc failed:\n" + text);
        return text;
    }

    /** Bytes as protoc prints them in a string: printable ASCII as is, the rest as three-digit octal escapes. */
    private static String octal(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            int v = b & 0xFF;
            if (v == '"' || v == '\'' || v == '\\') {
                s.append('\\').append((char) v);
            } else if (v >= 0x20 && v < 0x7F) {
                s.append((char) v);
            } else if (v == '\n') {
                s.append("\\n");
            } else if (v == '\r') {
                s.append("\\r");
            } else if (v == '\t') {
                s.append("\\t");
            } else {
                s.append(String.format("\\%03o", v));
            }
        }
        return s.toString();
    }
}
