package io.waymark.spi.wire;

/**
 * Where a backend takes finished records straight from the emitting thread's writer, without the
 * {@link io.waymark.spi.Event} dispatch: the thread <em>encodes</em> the event into its own writer
 * ({@link EventWriter}), and at {@code Probe.commit} the writer hands the record to the sink
 * ({@link #commit}), which copies it into its memory (the CTF backend: claims the record's bytes in a
 * stream with one atomic step, copies, commits). The begin handle of a tracepoint with a sink reads no
 * clock: the sink stamps the record when it claims its bytes, so that a stream's timestamps never go back.
 *
 * <p>The runtime asks for a sink per tracepoint ({@link io.waymark.spi.Backend#recordSink}), once,
 * when its target is set, and uses it only for a tracepoint that exactly one session receives and
 * whose events need no {@link io.waymark.spi.Event} view (no view fields).
 *
 * <p>Called on application threads: must not block or allocate. A sink that throws discards the event,
 * which the probe counts as {@link io.waymark.spi.DiscardReason#BACKEND_FAILED}; nothing reaches the
 * application.
 */
@FunctionalInterface
public interface RecordSink {

    /**
     * Keeps one finished record, or discards it and counts the discard with its reason (buffers full,
     * too large for the sink). The record is valid only during the call; the sink may write its own
     * timestamp into the record's timestamp field (see {@link EncodedRecord}).
     */
    void commit(EncodedRecord record);
}
