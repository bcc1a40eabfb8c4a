/**
 * The SLF4J backend, {@code "slf4j"}: events go to the application's log, one record per event.
 *
 * <pre>{@code
 * try (Session session = Tracing.createSession(SessionConfig.builder("to-the-log")
 *         .backend("slf4j")                  // or .backend(new Slf4jBackendFactory())
 *         .enable("shop.orders:*")
 *         .build())) {
 *     session.start();
 *     orders.place(order); // INFO waymark.shop.orders - orderPlaced orderId="42" quantity="3" sku="SKU-1" ...
 * }
 * }</pre>
 *
 * <p>See {@link io.waymark.backend.slf4j.Slf4jBackendFactory} for the record's form and the settings, and
 * {@code docs/slf4j-backend.md}.
 */
package io.waymark.backend.slf4j;
