/**
 * Waymark's public API: the annotations with which an application declares tracepoints, and the
 * {@link io.waymark.Waymark} entry point that hands out providers. This module has no dependencies.
 */
module io.waymark.api {
    exports io.waymark;
}
