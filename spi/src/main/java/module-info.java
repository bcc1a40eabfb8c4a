/**
 * Waymark's service-provider layer: what backends implement ({@link io.waymark.spi.BackendFactory},
 * {@link io.waymark.spi.Backend}), the event and schema model they see, and the probe contract
 * ({@code io.waymark.spi.probe}) that generated tracepoint code links against.
 */
module io.waymark.spi {
    requires transitive io.waymark.api;

    exports io.waymark.spi;
    exports io.waymark.spi.abi;
    exports io.waymark.spi.aggregate;
    exports io.waymark.spi.filter;
    exports io.waymark.spi.probe;
    exports io.waymark.spi.wire;

    uses io.waymark.spi.BackendFactory;
    uses io.waymark.spi.probe.RuntimeBootstrap;
}
