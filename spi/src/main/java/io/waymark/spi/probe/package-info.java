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
 * backends; events that begin afterwards never do. How an event begins (with a sink or
 * without) is a second call site, set with the target and synced with the switch, so the same holds
 * for it: an event that read the old sink before {@code update} returned may still be written into it. {@link java.lang.invoke.MutableCallSite#syncAll}
 * publishes the new targets.
 *
 * <h2>The hot path</h2>
 * {@code begin()} takes the calling thread's reusable {@link io.waymark.spi.wire.EventWriter} and
 * writes the record header (nested events, for example from a backend that itself hits a
 * tracepoint, get their own writer up to a small depth and are dropped beyond it); generated code
 * writes the fields with typed {@code put} methods in the canonical encoding
 * ({@link io.waymark.spi.wire.WireFormat}); {@code commit()} hands the writer, as the
 * {@link io.waymark.spi.Event} view of its bytes, to the probe's
 * {@link io.waymark.spi.probe.ProbeTarget}. Nothing locks and nothing throws; nothing allocates once
 * a thread's writer has grown to its largest event.
 *
 * <h2>Straight to a sink</h2>
 * When a probe's only session has a backend that offers a {@link io.waymark.spi.wire.RecordSink}
 * (the CTF backend does), the begin handle binds it: the thread still encodes the event into its own
 * writer, but reads no clock, and {@code commit()} hands the finished record to the sink
 * ({@link io.waymark.spi.wire.RecordSink#commit}), which claims exact room for it in its memory
 * (stamping it with the claim's time), copies it and commits it; nothing is dispatched. The runtime
 * asks for the sink per tracepoint, so a backend checks once what it would otherwise check for every
 * record; the probe binds it, with the target's {@link io.waymark.spi.DiscardCounter}, the event type
 * and identity, into a second {@link java.lang.invoke.MutableCallSite} ({@code beginHandle()}), which
 * generated code invokes like the switch, so compiled code holds all four as constants. Events with
 * view fields begin with {@code beginBuffered()} and are dispatched as {@link io.waymark.spi.Event}s.
 * Whatever a field throws, generated code calls {@code abort()}, which gives the writer back.
 *
 * <h2>Discards</h2>
 * An event the probe cannot complete is discarded and counted once, with its
 * {@link io.waymark.spi.DiscardReason}, in the target's counter: nested too deeply, no pooled writer,
 * a record larger than the format allows, a sink that threw ({@code BACKEND_FAILED}), a fault inside
 * Waymark ({@code TRACER_ERROR}). Discards inside a sink (full buffers) are the backend's to count.
 *
 * <h2>Straight from the arguments</h2>
 * Generated code of a tracepoint whose fields are all parameters registers its parameter types
 * ({@link io.waymark.spi.probe.ProbeRegistry#register(io.waymark.spi.ProviderDescriptor, java.lang.invoke.MethodType[])})
 * and, before beginning a record, invokes a third constant handle, {@code argumentsHandle()}, with its arguments:
 * the target's {@link io.waymark.spi.probe.ProbeTarget#argumentsHandle} (backends' argument consumers, compiled
 * filters, aggregations), set and synced with the switch like the begin handle. It answers whether the event must
 * still be encoded; with nothing to call it is a constant {@code true}, which the JIT folds away.
 */
package io.waymark.spi.probe;
