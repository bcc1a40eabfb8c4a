/**
 * The canonical binary encoding of events, Waymark's event ABI on the wire.
 *
 * <ul>
 *   <li>{@link io.waymark.spi.wire.WireFormat} draws the record layout; {@code docs/event-abi.md} is
 *       the specification.</li>
 *   <li>{@link io.waymark.spi.wire.EventWriter} is what generated call sites write with (its members
 *       marked {@link io.waymark.spi.abi.GeneratedCodeAbi} are an ABI); backends see it as an
 *       {@link io.waymark.spi.Event}. {@link io.waymark.spi.wire.ThreadWriters} gives each thread its
 *       writer (one per platform thread and nesting depth, pooled for virtual threads).</li>
 *   <li>{@link io.waymark.spi.wire.RecordSink} lets a backend take finished records
 *       ({@link io.waymark.spi.wire.EncodedRecord}) straight from the emitting thread's writer at
 *       commit: encode, then claim, copy, commit in the backend's memory.</li>
 *   <li>{@link io.waymark.spi.wire.EventDecoder} reads stored records back by the reader's schema,
 *       tolerating older and newer writers of the same event.</li>
 * </ul>
 */
package io.waymark.spi.wire;
