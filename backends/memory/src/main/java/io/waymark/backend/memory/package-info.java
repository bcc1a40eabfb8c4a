/**
 * The in-memory backend, {@code "memory"}: each session's events are kept as immutable
 * {@link io.waymark.backend.memory.RecordedEvent}s, for tests and tools.
 *
 * <pre>{@code
 * try (Session session = Tracing.createSession(SessionConfig.builder("check")
 *         .backend("memory")                 // or .backend(new MemoryBackendFactory())
 *         .enable("shop.orders:*")
 *         .setting("capacity", "1000")       // keep the first 1000 events; 100000 by default
 *         .build())) {
 *     session.start();
 *     orders.place(order);
 *     MemoryBackend backend = (MemoryBackend) session.backend();
 *     RecordedEvent placed = backend.events("shop.orders:orderPlaced").get(0);
 *     assert placed.value("orderId").equals(42L);
 *     assert session.statistics().discardedEvents() == 0;   // every event kept
 * }
 * }</pre>
 *
 * <p>In JUnit 5 tests, {@code io.waymark.testing.TraceRecorder} (artifact {@code waymark-testing}) does
 * the session handling and offers fluent assertions.
 */
package io.waymark.backend.memory;
