/**
 * Testing that tracepoints fire: the JUnit 5 extension {@link io.waymark.testing.TraceRecorder}
 * records each test's events in its own session with a
 * {@link io.waymark.backend.memory.MemoryBackend}, and asserts on them fluently.
 *
 * <pre>{@code
 * class CheckoutTest {
 *     @RegisterExtension
 *     final TraceRecorder trace = TraceRecorder.enable("shop.checkout:*", "!shop.checkout:cacheMiss");
 *
 *     @Test
 *     void placingAnOrderIsTraced() {
 *         checkout.place(order);
 *         trace.assertEvents()
 *              .next("shop.checkout:orderPlaced").field("orderId", 1001L).field("items", 2)
 *              .next("shop.checkout:paymentAccepted").field("method", PaymentMethod.CARD)
 *              .noMore();
 *     }
 *
 *     @Test
 *     void browsingIsNotTraced() {
 *         checkout.browse();
 *         trace.assertNone();
 *     }
 * }
 * }</pre>
 *
 * <p>Failures are {@link org.opentest4j.AssertionFailedError}s whose message says what was expected
 * and lists the events that were recorded. The artifact, {@code io.waymark:waymark-testing}, needs the
 * tests' own JUnit 5 ({@code org.junit.jupiter:junit-jupiter}): it declares JUnit as {@code provided}, so
 * the tests' JUnit version is the one used.
 */
package io.waymark.testing;
