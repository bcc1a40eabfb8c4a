package io.waymark.backend.otel;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.waymark.backend.otel.internal.LogRecordMapper;
import io.waymark.backend.otel.internal.Pipeline;
import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code "otel"} backend: each event becomes an OpenTelemetry log record with an event name,
 * exported over OTLP/HTTP to a collector, correlated with the span active where it was emitted.
 *
 * <p>Settings (all optional; the {@code OTEL_*} environment variables and {@code otel.*} system
 * properties of the SDK's autoconfiguration apply too):
 * <ul>
 *   <li>{@value #ENDPOINT}: the collector's OTLP/HTTP base URL, such as {@code http://collector:4318}
 *       ({@code /v1/logs} is appended); by default {@code OTEL_EXPORTER_OTLP_LOGS_ENDPOINT} or
 *       {@code OTEL_EXPORTER_OTLP_ENDPOINT}, else {@code http://localhost:4318}.</li>
 *   <li>{@value #USE_GLOBAL}: {@code auto} (default) sends the records through the application's
 *       {@code GlobalOpenTelemetry} when one is set (by the application or the Java agent) and builds a
 *       pipeline of the backend's own otherwise; {@code true} requires the application's; {@code false}
 *       always builds its own.</li>
 *   <li>{@value #BUFFER_SIZE}: events the buffer between emitting threads and the export thread holds, a
 *       power of two from 16 to 1048576, default {@value #DEFAULT_BUFFER_SIZE}; a full buffer drops and
 *       counts.</li>
 *   <li>{@value #BATCH_SIZE}: log records per export request, 1 to 65536, default {@value #DEFAULT_BATCH_SIZE}.</li>
 *   <li>{@value #EXPORT_INTERVAL}: milliseconds a partly filled batch waits before it is exported, 1 to
 *       3600000, default {@value #DEFAULT_EXPORT_INTERVAL_MS}.</li>
 *   <li>{@value #EXPORT_TIMEOUT}: milliseconds an export request may take, 1 to 3600000, default
 *       {@value #DEFAULT_EXPORT_TIMEOUT_MS}; a batch not acknowledged by then is counted as discarded.</li>
 *   <li>{@value #CLOSE_TIMEOUT}: the most milliseconds stopping, flushing or closing the session blocks
 *       its caller (a close and the flush before it together), 0 to 3600000, default
 *       {@value #DEFAULT_CLOSE_TIMEOUT_MS}; what is still buffered when closing gives up is counted as
 *       discarded.</li>
 * </ul>
 */
public final class OtelBackendFactory implements BackendFactory {

    /** The backend's name. */
    public static final String NAME = "otel";
    /** Setting: the collector's OTLP/HTTP base URL. */
    public static final String ENDPOINT = "endpoint";
    /** Setting: {@code auto}, {@code true} or {@code false}. */
    public static final String USE_GLOBAL = "use-global";
    /** Setting: buffer slots. */
    public static final String BUFFER_SIZE = "buffer-size";
    /** Setting: log records per export. */
    public static final String BATCH_SIZE = "batch-size";
    /** Setting: milliseconds before a partial batch is exported. */
    public static final String EXPORT_INTERVAL = "export-interval-ms";
    /** Setting: milliseconds an export may take. */
    public static final String EXPORT_TIMEOUT = "export-timeout-ms";
    /** Setting: milliseconds closing may block. */
    public static final String CLOSE_TIMEOUT = "close-timeout-ms";

    /** Default buffer slots. */
    public static final int DEFAULT_BUFFER_SIZE = 8192;
    /** Default batch size (the SDK batch processor's). */
    public static final int DEFAULT_BATCH_SIZE = 512;
    /** Default export interval (the SDK batch processor's). */
    public static final int DEFAULT_EXPORT_INTERVAL_MS = 1000;
    /** Default export timeout (the OTLP exporter's). */
    public static final int DEFAULT_EXPORT_TIMEOUT_MS = 10_000;
    /** Default close timeout. */
    public static final int DEFAULT_CLOSE_TIMEOUT_MS = 5_000;

    /** For {@link java.util.ServiceLoader}. */
    public OtelBackendFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String requestedSpiVersion() {
        return BackendFactory.SPI_VERSION;
    }

    /** The settings above; the runtime refuses any other before {@link #create} is called. */
    @Override
    public Optional<Set<String>> settingNames() {
        return Optional.of(Set.of(ENDPOINT, USE_GLOBAL, BUFFER_SIZE, BATCH_SIZE, EXPORT_INTERVAL, EXPORT_TIMEOUT, CLOSE_TIMEOUT));
    }

    /**
     * Creates the session's backend and starts its export thread.
     *
     * @throws IllegalArgumentException when a setting is invalid, or {@code use-global=true} finds no
     *     application OpenTelemetry, or the SDK's configuration is refused
     */
    @Override
    public OtelBackend create(BackendContext context) {
        String prefix = "otel backend of session '" + context.sessionName() + "': ";
        int bufferSize = intSetting(context, BUFFER_SIZE, DEFAULT_BUFFER_SIZE, 16, 1 << 20);
        if (Integer.bitCount(bufferSize) != 1) {
            throw new IllegalArgumentException(prefix + "setting '" + BUFFER_SIZE + "' is " + bufferSize
                    + ", which is not a power of two; use 16, 32, ... 1048576");
        }
        int batchSize = intSetting(context, BATCH_SIZE, DEFAULT_BATCH_SIZE, 1, 65_536);
        int interval = intSetting(context, EXPORT_INTERVAL, DEFAULT_EXPORT_INTERVAL_MS, 1, 3_600_000);
        int exportTimeout = intSetting(context, EXPORT_TIMEOUT, DEFAULT_EXPORT_TIMEOUT_MS, 1, 3_600_000);
        int closeTimeout = intSetting(context, CLOSE_TIMEOUT, DEFAULT_CLOSE_TIMEOUT_MS, 0, 3_600_000);
        String endpoint = endpoint(context, prefix);
        String useGlobal = context.setting(USE_GLOBAL, "auto").trim().toLowerCase(Locale.ROOT);
        if (!Set.of("auto", "true", "false").contains(useGlobal)) {
            throw new IllegalArgumentException(prefix + "setting '" + USE_GLOBAL + "' is '" + context.setting(USE_GLOBAL, "")
                    + "'; use 'auto' (the application's OpenTelemetry when it has one), 'true' (only the application's) or"
                    + " 'false' (always a pipeline of the backend's own)");
        }
        Pipeline pipeline;
        if (useGlobal.equals("true") || useGlobal.equals("auto") && GlobalOpenTelemetry.isSet()) {
            if (!GlobalOpenTelemetry.isSet()) {
                throw new IllegalArgumentException(prefix + "setting '" + USE_GLOBAL + "' is 'true' but the application has"
                        + " set no GlobalOpenTelemetry (nor runs the OpenTelemetry Java agent); set it up before the session"
                        + " starts, or use '" + USE_GLOBAL + "=auto'");
            }
            if (endpoint != null) {
                throw new IllegalArgumentException(prefix + "setting '" + ENDPOINT + "' has no effect with the application's"
                        + " OpenTelemetry, which exports where the application configured it; remove it, or set '"
                        + USE_GLOBAL + "=false' for a pipeline of the backend's own");
            }
            pipeline = new Pipeline.Application(GlobalOpenTelemetry.get());
        } else {
            try {
                pipeline = Pipeline.Own.build(endpoint, Duration.ofMillis(exportTimeout));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(prefix + "cannot configure OpenTelemetry: " + e.getMessage(), e);
            }
        }
        return new OtelBackend(context.sessionName(), pipeline, new LogRecordMapper(pipeline.loggers(), context.clock()),
                bufferSize, batchSize, interval, exportTimeout, closeTimeout, context.reporter());
    }

    private static String endpoint(BackendContext context, String prefix) {
        String value = context.setting(ENDPOINT, null);
        if (value == null || value.isBlank()) {
            return null;
        }
        value = value.trim();
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return value;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException(prefix + "setting '" + ENDPOINT + "' is '" + value + "'; use the collector's"
                + " OTLP/HTTP base URL, such as http://localhost:4318 (the backend appends /v1/logs)");
    }

    private static int intSetting(BackendContext context, String key, int defaultValue, int min, int max) {
        String value = context.setting(key, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("otel backend of session '" + context.sessionName() + "': setting '" + key
                + "' is '" + value + "'; use an integer from " + min + " to " + max + ", or leave it unset for "
                + defaultValue);
    }

    @Override
    public String toString() {
        return "OtelBackendFactory[" + NAME + "]";
    }
}
