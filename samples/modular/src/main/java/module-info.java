/** An order service that declares tracepoints and records them to a CTF trace. */
module com.example.orders {
    // Tracing and sessions; transitively io.waymark.spi, which the generated implementations link
    // against, and io.waymark.api (the annotations). Backends need no 'requires': they are services.
    requires io.waymark.core;

    // Waymark.provider(...) reads the generated implementation's INSTANCE field reflectively.
    exports com.example.orders to io.waymark.api;
}
