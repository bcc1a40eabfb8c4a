package io.waymark.spi.wire;

/**
 * The memory an {@linkplain EventWriter#inPlace in-place writer} writes records into, and what it
 * hands each record back to: exactly one of {@link #commit} or {@link #abort} follows every
 * {@link RecordSink#claim} that returned the writer, on the claiming thread, as the writer's last
 * act for that event (the buffer may lend the writer to another thread at once).
 *
 * <p>Called on application threads: must not block, allocate or throw.
 */
public interface RecordBuffer {

    /**
     * Keeps the writer's finished record and ends the claim. The record is in the claimed room, at
     * {@link EventWriter#recordStart()} of the claimed array and {@link EventWriter#encodedSize()}
     * bytes long, but for its size word, which the writer leaves to the buffer; unless it outgrew that
     * room: then the writer moved it, size word included, to its own array
     * ({@link EventWriter#isInClaimedRoom()} is {@code false}) and the buffer copies it
     * ({@link EventWriter#copyEncodedTo(byte[], int)}) or drops and counts it.
     */
    void commit(EventWriter writer);

    /**
     * Ends the claim without keeping anything: the writer could not complete the record (it counts it
     * as dropped). The writer also calls this when {@link #commit} threw, not knowing whether commit
     * ended the claim: a second end of the same claim must do nothing (even when another thread
     * holds the room by then).
     */
    void abort(EventWriter writer);
}
