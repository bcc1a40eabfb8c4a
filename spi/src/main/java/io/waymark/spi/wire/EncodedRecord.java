package io.waymark.spi.wire;

import io.waymark.spi.EventType;

/**
 * A finished canonical record ({@link WireFormat}) as a {@link RecordSink} reads it at
 * {@link RecordSink#commit}: the bytes, where the record starts in them and its size, and the
 * writer's lane. Implemented by {@link EventWriter}; the {@link io.waymark.spi.Event} a backend's
 * {@code onEvent} receives from the runtime is one too.
 *
 * <p>The bytes are valid only until {@code commit} (or {@code onEvent}) returns. A sink may overwrite
 * the record's timestamp field ({@link WireFormat#TIMESTAMP_OFFSET}) during the call, to stamp the
 * record with the time it claimed room for it; it must restore the field before returning when the
 * record may go on to other consumers (an {@code onEvent} record: several sessions see the same one).
 *
 * <p>A record handed to {@link RecordSink#commit} holds 0 in its timestamp field (the writer reads no clock
 * when a sink is bound, and keeps the field 0 without a store per event): a sink that copies the record and
 * stores the claim's time after the copy leaves, if the copy is torn by a crash, a record that recovery
 * recognises as incomplete. A sink that stamps the field itself must put 0 back before returning.
 */
public interface EncodedRecord {

    /** The array holding the record. */
    byte[] recordBytes();

    /** Offset of the record's first byte (its size word) in {@link #recordBytes()}. */
    int recordStart();

    /** The record's size in bytes, its size word and header included. */
    int encodedSize();

    /**
     * The writer's lane: a number given round-robin to writers as they are created, by which a sink
     * with several streams picks the record's home stream (the first threads to emit get distinct
     * streams, whatever their ids).
     */
    int lane();

    /** The event's type (the writer's schema). */
    EventType type();
}
