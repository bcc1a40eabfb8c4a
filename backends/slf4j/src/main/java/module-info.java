/**
 * Waymark's SLF4J backend ({@code "slf4j"}): each event becomes one SLF4J 2 log record with a typed
 * key-value per field, on the logger {@code waymark.<provider>}, and a tracepoint whose logger is off stays
 * dormant. See {@link io.waymark.backend.slf4j.Slf4jBackendFactory}.
 */
module io.waymark.backend.slf4j {
    requires transitive io.waymark.spi;
    // Transitive: Slf4jBackendFactory(ILoggerFactory) takes an SLF4J type.
    requires transitive org.slf4j;
    // Only when present: the backend follows Logback's level changes (internal.LogbackLevels), and loads
    // nothing of Logback under another SLF4J provider.
    requires static ch.qos.logback.classic;

    exports io.waymark.backend.slf4j;

    provides io.waymark.spi.BackendFactory with io.waymark.backend.slf4j.Slf4jBackendFactory;
}
