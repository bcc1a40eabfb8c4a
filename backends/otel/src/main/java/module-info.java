/**
 * Waymark's OpenTelemetry backend ({@code "otel"}): events become OpenTelemetry log records with event
 * names, exported over OTLP/HTTP to a collector and correlated with the active span.
 */
@SuppressWarnings("module")
module io.waymark.backend.otel {
    requires transitive io.waymark.spi;
    requires io.opentelemetry.api;
    requires io.opentelemetry.context;
    requires io.opentelemetry.common;
    requires io.opentelemetry.sdk;
    requires io.opentelemetry.sdk.common;
    requires io.opentelemetry.sdk.logs;
    requires io.opentelemetry.sdk.autoconfigure;
    requires io.opentelemetry.sdk.autoconfigure.spi;
    requires io.opentelemetry.exporter.otlp;
    requires io.opentelemetry.exporter.sender.jdk.internal; // the sender ServiceLoader finds; OkHttp is excluded
    requires java.net.http;
    requires org.jctools.core;

    exports io.waymark.backend.otel;

    uses io.opentelemetry.sdk.common.export.HttpSenderProvider;

    provides io.waymark.spi.BackendFactory with io.waymark.backend.otel.OtelBackendFactory;
}
