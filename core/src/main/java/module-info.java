/**
 * Waymark's tracing runtime. Start here: {@link io.waymark.core.Tracing}.
 */
module io.waymark.core {
    requires transitive io.waymark.spi;
    requires dagger;
    requires jakarta.inject;
    requires org.slf4j;
    requires org.apache.commons.lang3;
    // The MXBean; java.management is in every JDK image, but a jlink image must include it.
    requires java.management;

    exports io.waymark.core;
    exports io.waymark.core.management;

    uses io.waymark.spi.BackendFactory;
    provides io.waymark.spi.probe.RuntimeBootstrap with io.waymark.core.internal.CoreBootstrap;
}
