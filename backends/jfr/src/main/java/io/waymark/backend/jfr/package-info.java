/**
 * The JFR backend, {@code "jfr"}: each Waymark event type is recorded as a JDK Flight Recorder event type
 * named {@code provider.event} in category {@code Waymark / provider}, on the emitting thread, while a
 * recording that enables it runs; with no such recording the tracepoint stays dormant.
 *
 * <pre>{@code
 * java -XX:StartFlightRecording:filename=app.jfr -Dwaymark.backend=jfr -Dwaymark.enable='shop.orders:*' -jar app.jar
 * jfr print --events 'shop.orders.*' app.jfr
 * }</pre>
 *
 * <p>Names, field mapping and settings: {@code docs/jfr-backend.md} and {@link io.waymark.backend.jfr.JfrBackendFactory}.
 */
package io.waymark.backend.jfr;
