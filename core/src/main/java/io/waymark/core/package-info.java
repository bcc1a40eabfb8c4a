/**
 * The tracing runtime.
 *
 * <p>{@link io.waymark.core.Tracing} is the entry point. A {@link io.waymark.core.Session} has its own
 * backend and its own enabled set: patterns over {@code provider:event} (globs with {@code *} and
 * {@code ?}), a minimum {@link io.waymark.Level level}, and optionally stable events only. Several
 * sessions run at once; a tracepoint is on while any running session wants it, and each event reaches
 * exactly the sessions that enabled it.
 *
 * <pre>{@code
 * try (Session session = Tracing.createSession(SessionConfig.builder("checkout")
 *         .backend("memory")
 *         .enable("shop.orders:*")
 *         .minLevel(Level.INFO)
 *         .build())) {
 *     session.start();
 *     ...
 * }
 * }</pre>
 *
 * <p>Without any code, a startup session is configured by system properties (or environment
 * variables): {@code waymark.enable} ({@code WAYMARK_ENABLE}), {@code waymark.level},
 * {@code waymark.stableOnly}, {@code waymark.backend}; see {@link io.waymark.core.Tracing}.
 *
 * <p>Set-up calls (creating, starting, enabling) validate and throw; the tracepoints themselves
 * never throw, never lock and, once a thread has emitted its first event, never allocate.
 */
package io.waymark.core;
