/**
 * The contract between generated tracepoint code and the tracing runtime. Application code does not
 * use this package; the annotation processor's output and the runtime do.
 *
 * <h2>The dormant check</h2>
 * Each tracepoint has a {@link io.waymark.spi.probe.Probe} whose on/off switch is a
 * {@link java.lang.invoke.MutableCallSite} returning a constant {@code boolean}. Generated code keeps
 * the call site's {@linkplain java.lang.invoke.MutableCallSite#dynamicInvoker() dynamic invoker} in a
 * {@code static final} field and calls it with {@code invokeExact}: the JIT treats the target as a
 * constant and folds the branch away, recording a dependency that deoptimizes the compiled caller
 * when the switch flips. That is the JVM's equivalent of a kernel static key, with public API only.
 *
 * <h2>Memory ordering</h2>
 * Switches and dispatch targets change only on the slow path ({@link io.waymark.spi.probe.Probe#update}),
 * under the runtime's lock. When turning a probe on, the target is published (volatile write) before
 * the switch flips; when turning it off, the switch flips first. A thread that still sees the old
 * switch reads the volatile target and finds either the new fan-out or the empty one. An event whose
 * dispatch began (target read) before {@code update} returned may still reach the old sessions'
 * backends; events that begin afterwards never do. {@link java.lang.invoke.MutableCallSite#syncAll}
 * publishes the new targets.
 *
 * <h2>The hot path</h2>
 * {@code begin()} takes the calling thread's reusable {@link io.waymark.spi.probe.EventRecord}
 * (nested events, for example from a backend that itself hits a tracepoint, get their own record up
 * to a small depth and are dropped beyond it), generated code stores the field values with typed
 * {@code put} methods, and {@code commit()} hands the record to the probe's
 * {@link io.waymark.spi.probe.ProbeTarget}. Nothing locks and nothing throws; nothing allocates once
 * a thread has its record (a thread allocates again only the first time it reaches a new nesting
 * depth or an event with more than eight fields).
 */
package io.waymark.spi.probe;
