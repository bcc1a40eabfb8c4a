package io.waymark.spi.wire;

import io.waymark.spi.EventType;

/**
 * A backend's memory that emitting threads fill with canonical records ({@link WireFormat}) in
 * place. Without a sink, a thread encodes an event into its own buffer and the backend copies it
 * from the {@link io.waymark.spi.Event} view; with one, the thread claims room in the backend's
 * buffer, writes the record there and commits it, so the event is written once and never copied.
 *
 * <p>The sink owns the writers: {@link #claim} returns one of its {@linkplain EventWriter#inPlace
 * in-place writers}, opened on the claimed room with {@link EventWriter#openRecord}; the writer hands
 * the record back to its {@link RecordBuffer} when the event completes ({@link RecordBuffer#commit})
 * or fails ({@link RecordBuffer#abort}). The emitting thread then never looks up a writer of its own.
 *
 * <p>The runtime asks for a sink per tracepoint ({@link io.waymark.spi.Backend#recordSink}) and
 * writes in place only for a tracepoint that exactly one session receives, and only for events whose
 * fields run no application code between claim and commit (no view fields): a claim may hold a lock
 * that other threads step around, and that lock must not wait on application code.
 *
 * <p>Called on application threads: must not block, allocate or throw.
 */
@FunctionalInterface
public interface RecordSink {

    /**
     * Claims room for one record of {@code type} and returns an in-place writer with the record's
     * header written ({@link EventWriter#openRecord}), or {@code null} when the event must be
     * dropped, which the sink counts.
     *
     * @param type the event's type
     * @param identityWord {@link WireFormat#identityWord(int, int)} of the event
     * @param timestamp the event's {@link System#nanoTime()}; the sink may record a later one (a sink
     *     that keeps a stream in time order raises it when another thread's later event came first)
     */
    EventWriter claim(EventType type, int identityWord, long timestamp);
}
