/**
 * The canonical binary encoding of events, Waymark's event ABI on the wire.
 *
 * <ul>
 *   <li>{@link io.waymark.spi.wire.WireFormat} draws the record layout; {@code docs/event-abi.md} is
 *       the specification.</li>
 *   <li>{@link io.waymark.spi.wire.EventWriter} is what generated call sites write with, one per
 *       thread; backends see it as an {@link io.waymark.spi.Event}.</li>
 *   <li>{@link io.waymark.spi.wire.RecordSink} and {@link io.waymark.spi.wire.RecordBuffer} let a
 *       backend take records in place: the sink lends one of its own writers (one per stream it can
 *       lock) for each event, positioned in its memory, and takes the record back at commit.</li>
 *   <li>{@link io.waymark.spi.wire.EventDecoder} reads stored records back by the reader's schema,
 *       tolerating older and newer writers of the same event.</li>
 * </ul>
 */
package io.waymark.spi.wire;
