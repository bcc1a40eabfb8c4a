package io.waymark.spi.wire;

/**
 * A backend's memory that emitting threads fill with canonical records ({@link WireFormat}) in
 * place. Without a sink, a thread encodes an event into its own buffer and the backend copies it
 * from the {@link io.waymark.spi.Event} view; with one, the thread claims room in the backend's
 * buffer, writes the record there and commits it, so the event is written once and never copied.
 *
 * <p>The runtime writes in place only for a tracepoint that exactly one session receives, when that
 * session's backend offers a sink ({@link io.waymark.spi.Backend#recordSink()}), and only for events
 * whose fields run no application code between claim and commit (no view fields): a claim may hold
 * a lock that other threads step around, and that lock must not wait on application code.
 *
 * <p>Protocol, on one thread: {@link #claim} then, after the writer wrote the record, exactly one of
 * {@link #commit} or {@link #abort}. All three are called on application threads: they must not
 * block, allocate or throw.
 */
public interface RecordSink {

    /** What {@link #claim} returns when there is no room: the event is dropped (the sink counted it). */
    long NO_ROOM = Long.MIN_VALUE;

    /**
     * Finds room for one record and points {@code writer} at it with
     * {@link EventWriter#claimed(byte[], int, int)}. Returns the timestamp to record: {@code timestamp},
     * or later when the sink keeps its streams in time order and another thread's later event came
     * first; or {@link #NO_ROOM} when the event must be dropped, which the sink counts.
     *
     * @param timestamp the event's {@link System#nanoTime()}
     */
    long claim(EventWriter writer, long timestamp);

    /**
     * Records the writer's finished record and ends the claim. The record is in the claimed room, at
     * {@link EventWriter#recordStart()} of the claimed array and {@link EventWriter#encodedSize()}
     * bytes long, but for its size word, which the writer leaves to the sink; unless it outgrew that
     * room: then the writer moved it, size word included, to its own buffer
     * ({@link EventWriter#isInClaimedRoom()} is {@code false}) and the sink copies it
     * ({@link EventWriter#copyEncodedTo(byte[], int)}) or drops and counts it.
     */
    void commit(EventWriter writer);

    /** Ends the claim without recording anything: the writer could not complete the record. */
    void abort(EventWriter writer);
}
