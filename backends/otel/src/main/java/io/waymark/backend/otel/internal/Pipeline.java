package io.waymark.backend.otel.internal;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporterBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where the export thread's log records go: either an OpenTelemetry SDK this backend builds (with the
 * SDK's autoconfiguration, so {@code OTEL_*} variables apply), whose records the thread batches and
 * exports itself so that it knows the fate of each one; or the application's {@link OpenTelemetry},
 * whose own processors take the records from there.
 */
public abstract sealed class Pipeline permits Pipeline.Own, Pipeline.Application {

    /** The logger provider the mapper emits into. */
    public abstract LoggerProvider loggers();

    /** Records emitted and not yet exported (own pipeline), always 0 for the application's. */
    public abstract int pending();

    /** What one export came to. */
    public record Outcome(int delivered, int failed, long rejected, boolean unreadable, String problem) {}

    /** Exports what is pending and waits for the answer, unless {@code abandoned} turns true (closing timed out). */
    public abstract Outcome export(java.util.function.BooleanSupplier abandoned);

    /** Asks the pipeline to deliver what it holds (the application's SDK: forceFlush). */
    public abstract void flush(long timeoutMillis);

    /** Shuts down what this backend built; leaves the application's alone. */
    public abstract void shutdown(long timeoutMillis);

    /** For the docs and messages: where records go. */
    public abstract String describe();

    /** The application's pipeline: records are handed over, and its processors take it from there. */
    public static final class Application extends Pipeline {
        private final OpenTelemetry openTelemetry;

        public Application(OpenTelemetry openTelemetry) {
            this.openTelemetry = openTelemetry;
        }

        @Override
        public LoggerProvider loggers() {
            return openTelemetry.getLogsBridge();
        }

        @Override
        public int pending() {
            return 0;
        }

        @Override
        public Outcome export(java.util.function.BooleanSupplier abandoned) {
            return new Outcome(0, 0, 0, false, null);
        }

        @Override
        public void flush(long timeoutMillis) {
            if (loggers() instanceof SdkLoggerProvider sdk) {
                sdk.forceFlush().join(timeoutMillis, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void shutdown(long timeoutMillis) {
            flush(timeoutMillis); // the application owns it: delivered what we handed over, nothing more
        }

        @Override
        public String describe() {
            return "the application's OpenTelemetry (" + openTelemetry.getClass().getName() + ")";
        }
    }

    /** A pipeline of the backend's own: SDK autoconfiguration, its own exporter, batches it exports itself. */
    public static final class Own extends Pipeline {
        private final OpenTelemetrySdk sdk;
        private final LogRecordExporter exporter;
        private final ResponseCheckingSenders.ExportAnswers answers;
        private final List<LogRecordData> batch;
        private final String endpoint;
        private long generation;

        private Own(OpenTelemetrySdk sdk, LogRecordExporter exporter, ResponseCheckingSenders.ExportAnswers answers,
                List<LogRecordData> batch, String endpoint) {
            this.sdk = sdk;
            this.exporter = exporter;
            this.answers = answers;
            this.batch = batch;
            this.endpoint = endpoint;
        }

        /**
         * Builds the SDK with autoconfiguration: the resource ({@code OTEL_SERVICE_NAME},
         * {@code OTEL_RESOURCE_ATTRIBUTES}, ...) and the OTLP exporter's endpoint, headers, compression
         * and timeout from the {@code OTEL_EXPORTER_OTLP_*} variables, which {@code endpoint} (a base URL,
         * or {@code null}) and {@code exportTimeout} override. Traces and metrics are not exported: this
         * SDK carries logs only.
         */
        public static Own build(String endpoint, Duration exportTimeout) {
            ResponseCheckingSenders.ExportAnswers answers = new ResponseCheckingSenders.ExportAnswers();
            List<LogRecordData> batch = new ArrayList<>();
            LogRecordExporter[] exporter = new LogRecordExporter[1];
            String[] resolvedEndpoint = new String[1];
            OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesCustomizer(config -> {
                        Map<String, String> forced = new HashMap<>();
                        forced.put("otel.traces.exporter", "none");
                        forced.put("otel.metrics.exporter", "none");
                        forced.put("otel.logs.exporter", "none"); // the exporter below is the backend's own
                        return forced;
                    })
                    .addLoggerProviderCustomizer((builder, config) -> {
                        resolvedEndpoint[0] = logsEndpoint(endpoint, config);
                        exporter[0] = exporter(resolvedEndpoint[0], exportTimeout, config, answers);
                        return builder.addLogRecordProcessor(new Collecting(batch));
                    })
                    .disableShutdownHook() // the backend closes it, within its close timeout
                    .build()
                    .getOpenTelemetrySdk();
            if (exporter[0] == null) { // otel.sdk.disabled=true: no logger provider was configured
                sdk.shutdown();
                throw new IllegalStateException("the OpenTelemetry SDK is disabled (otel.sdk.disabled / OTEL_SDK_DISABLED is true)");
            }
            return new Own(sdk, exporter[0], answers, batch, resolvedEndpoint[0]);
        }

        private static String logsEndpoint(String endpoint, ConfigProperties config) {
            if (endpoint != null) {
                return endpoint.endsWith("/") ? endpoint + "v1/logs" : endpoint + "/v1/logs";
            }
            String logs = config.getString("otel.exporter.otlp.logs.endpoint");
            if (logs != null) {
                return logs;
            }
            String base = config.getString("otel.exporter.otlp.endpoint", "http://localhost:4318");
            return base.endsWith("/") ? base + "v1/logs" : base + "/v1/logs";
        }

        private static LogRecordExporter exporter(String endpoint, Duration exportTimeout, ConfigProperties config,
                ResponseCheckingSenders.ExportAnswers answers) {
            String protocol = config.getString("otel.exporter.otlp.logs.protocol",
                    config.getString("otel.exporter.otlp.protocol", "http/protobuf")).trim().toLowerCase(Locale.ROOT);
            if (!protocol.equals("http/protobuf")) {
                throw new IllegalArgumentException("OTLP protocol '" + protocol + "' is not supported by the otel backend;"
                        + " set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf (the collector's port 4318)");
            }
            OtlpHttpLogRecordExporterBuilder builder = OtlpHttpLogRecordExporter.builder()
                    .setEndpoint(endpoint)
                    .setTimeout(exportTimeout)
                    .setMeterProvider(MeterProvider::noop) // never GlobalOpenTelemetry's: it may not be set up yet
                    .setComponentLoader(new ResponseCheckingSenders(Own.class.getClassLoader(), answers));
            Map<String, String> headers = new HashMap<>(config.getMap("otel.exporter.otlp.headers"));
            headers.putAll(config.getMap("otel.exporter.otlp.logs.headers"));
            headers.forEach(builder::addHeader);
            String compression = config.getString("otel.exporter.otlp.logs.compression",
                    config.getString("otel.exporter.otlp.compression"));
            if (compression != null) {
                builder.setCompression(compression);
            }
            if (config.getBoolean("otel.java.exporter.otlp.retry.disabled", false)) {
                builder.setRetryPolicy(null);
            } else {
                builder.setRetryPolicy(RetryPolicy.getDefault());
            }
            return builder.build();
        }

        @Override
        public LoggerProvider loggers() {
            return sdk.getSdkLoggerProvider();
        }

        @Override
        public int pending() {
            return batch.size();
        }

        @Override
        public Outcome export(java.util.function.BooleanSupplier abandoned) {
            int size = batch.size();
            if (size == 0) {
                return new Outcome(0, 0, 0, false, null);
            }
            List<LogRecordData> records = new ArrayList<>(batch);
            batch.clear();
            long thisExport = ++generation;
            answers.begin(thisExport);
            CompletableResultCode result;
            try {
                result = exporter.export(records);
            } catch (RuntimeException e) {
                return new Outcome(0, size, 0, false, "the exporter failed: " + e);
            }
            // Waits for the answer however long the exporter takes (its timeout and retries bound that): a batch
            // counted as lost here must not reach the collector later. Only closing past its timeout gives up.
            while (!result.isDone() && !abandoned.getAsBoolean()) {
                result.join(50, TimeUnit.MILLISECONDS);
            }
            if (!result.isDone()) {
                answers.begin(-1); // a late answer belongs to no export any more
                return new Outcome(0, size, 0, false, "closing timed out while exporting to " + endpoint);
            }
            if (!result.isSuccess()) {
                Throwable failure = result.getFailureThrowable();
                return new Outcome(0, size, 0, false, "export to " + endpoint + " failed"
                        + (failure == null ? "" : ": " + failure.getMessage()));
            }
            ResponseCheckingSenders.Answer answer = answers.answer(thisExport);
            if (answer.unreadable()) {
                return new Outcome(0, size, 0, true, endpoint + " answered with a body that is no OTLP response");
            }
            long rejected = Math.min(size, Math.max(0, answer.rejected()));
            return new Outcome((int) (size - rejected), 0, rejected, false, rejected == 0 ? null
                    : endpoint + " rejected " + rejected + " of " + size + " log records"
                            + (answer.message().isEmpty() ? "" : ": " + answer.message()));
        }

        @Override
        public void flush(long timeoutMillis) {
            // the export thread exports its batches itself; the SDK holds nothing
        }

        @Override
        public void shutdown(long timeoutMillis) {
            sdk.shutdown().join(timeoutMillis, TimeUnit.MILLISECONDS);
            exporter.shutdown().join(timeoutMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public String describe() {
            return endpoint;
        }
    }

    /** Hands each emitted record to the export thread's batch: it is emitted on that thread. */
    private record Collecting(List<LogRecordData> batch) implements LogRecordProcessor {
        @Override
        public void onEmit(Context context, ReadWriteLogRecord logRecord) {
            batch.add(logRecord.toLogRecordData());
        }
    }
}
