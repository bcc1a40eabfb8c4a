/**
 * Waymark's JFR backend ({@code "jfr"}): every Waymark event type becomes a JDK Flight Recorder event type,
 * recorded whenever a recording that enables it runs, and dormant otherwise. See {@code docs/jfr-backend.md}.
 *
 * <p>Only this module reads {@code jdk.jfr}: an application that selects the backend needs no
 * {@code requires jdk.jfr} of its own.
 */
module io.waymark.backend.jfr {
    requires transitive io.waymark.core;
    requires jdk.jfr;
    requires org.objectweb.asm;

    exports io.waymark.backend.jfr;

    provides io.waymark.spi.BackendFactory with io.waymark.backend.jfr.JfrBackendFactory;
}
