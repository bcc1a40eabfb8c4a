/** An order service that declares tracepoints and records them to a CTF trace. */
module com.example.orders {
    // Tracing and sessions; transitively io.waymark.spi, which the generated implementations link
    // against, and io.waymark.api (the annotations). Backends need no 'requires': they are services.
    // No 'exports ... to io.waymark.api' either: the generated implementation grants it access itself.
    requires io.waymark.core;
}
