/**
 * The CTF backend, {@code "ctf"}: each session records a CTF 1.8 trace directory that
 * {@code babeltrace2} reads.
 *
 * <pre>{@code
 * try (Session session = Tracing.createSession(SessionConfig.builder("checkout")
 *         .backend("ctf")
 *         .enable("shop.checkout:*")
 *         .setting("directory", "traces/checkout")   // default ./waymark-traces/<session>-<time>
 *         .build())) {
 *     session.start();
 *     checkout.orderPlaced(42, 3, "SKU-1");
 * }
 * // $ babeltrace2 traces/checkout
 * CtfTraceReader.open(Path.of("traces/checkout")).forEach(e -> System.out.println(e));
 * }</pre>
 *
 * <p>{@link io.waymark.backend.ctf.CtfMode#OVERWRITE} turns a session into a flight recorder dumped
 * with {@link io.waymark.backend.ctf.CtfBackend#snapshot(java.nio.file.Path)};
 * {@link io.waymark.backend.ctf.CtfRecovery} repairs a damaged trace (the trace of a process that was killed, say).
 * {@code docs/ctf-backend.md} describes the layout and the guarantees.
 */
package io.waymark.backend.ctf;
