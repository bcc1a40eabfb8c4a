/**
 * The backend service-provider interface and the event model backends see.
 *
 * <p>A backend is found with {@link java.util.ServiceLoader}: its jar registers a
 * {@link io.waymark.spi.BackendFactory} (in {@code META-INF/services} and, on the module path, with
 * {@code provides} in its {@code module-info}). Each session asks the factory for its own
 * {@link io.waymark.spi.Backend}, which receives every event the session enabled as an
 * {@link io.waymark.spi.Event}: its {@link io.waymark.spi.EventType} (provider, name, id, stability,
 * level and ordered {@link io.waymark.spi.FieldDescriptor field descriptors}), a timestamp, the
 * emitting thread, and typed field values read without reflection or boxing.
 *
 * <p>Threading: {@link io.waymark.spi.Backend#onEvent} is called on the application thread that hit
 * the tracepoint, concurrently from many threads; the event view is valid only during that call.
 */
package io.waymark.spi;
