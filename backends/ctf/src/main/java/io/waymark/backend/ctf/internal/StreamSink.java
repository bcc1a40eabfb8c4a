package io.waymark.backend.ctf.internal;

import io.waymark.spi.wire.EncodedRecord;
import io.waymark.spi.wire.RecordSink;
import java.util.Arrays;

/**
 * The CTF backend's {@link RecordSink}: a finished record goes to its writer's home stream,
 * {@code streams[lane & mask]} (lanes are given round-robin, so the first threads to emit get distinct
 * streams whatever their ids), where it is claimed, copied and committed ({@link Stream}). A second
 * thread on a stream costs a CAS retry, never a discard. In discard mode ({@code spill}), when the home stream
 * refuses the record (its next sub-buffer is not claimable: every one full or waiting, its blocks not allocated, or
 * beyond its share of {@code max-size}), the record goes to the next stream that takes it, so that one busy thread
 * can use every stream's ring; it is discarded, counted in its home stream for the reason the home stream gave, only
 * when every stream refused it. A thread's records then lie in several streams, in time order (CTF readers merge
 * streams by timestamp), and a busy thread can fill the rings that other threads' streams would have used. Overwrite
 * mode does not spill: a thread's events stay in its home ring, whose oldest events are overwritten in order.
 *
 * <p>Why a record: the probe hands generated code its sink as a constant the JIT folds, and the JIT
 * trusts a record's fields as final, so the array and the mask are constants in compiled code too.
 *
 * <p>One instance per backend, returned for every tracepoint whose event class the trace declares
 * (checked once, when the runtime asks for a sink): a committed record needs no class check.
 * {@link #detach()} lets go of the streams once the backend closed.
 *
 * @param streams the backend's streams, a power of two of them; closed stubs once detached
 * @param mask {@code streams.length - 1}
 * @param spill whether a record its home stream refuses goes to another stream (discard mode)
 */
public record StreamSink(Stream[] streams, int mask, boolean spill) implements RecordSink {

    /** Checks what a commit relies on: a power of two of streams. */
    public StreamSink {
        if (Integer.bitCount(streams.length) != 1 || mask != streams.length - 1) {
            throw new IllegalArgumentException("streams: " + streams.length + " is not a power of two, or mask " + mask
                    + " does not match it");
        }
    }

    /** The sink over {@code streams} (a power of two of them); {@code spill}: a record its home stream refuses may go to another. */
    public static StreamSink over(Stream[] streams, boolean spill) {
        return new StreamSink(streams.clone(), streams.length - 1, spill);
    }

    /** The home stream of records of writer lane {@code lane}. */
    public Stream home(int lane) {
        return streams[lane & mask];
    }

    @Override
    public void commit(EncodedRecord record) {
        int from = record.recordStart() + CtfLayout.RECORD_OFFSET; // the size word is not stored
        put(record.lane(), record.recordBytes(), from, record.encodedSize() - CtfLayout.RECORD_OFFSET);
    }

    /**
     * Appends the CTF event of {@code len} bytes at {@code bytes[from]} (its timestamp field 0) for writer lane
     * {@code lane}: to its home stream, or, refused there, to the next stream that takes it (when {@link #spill});
     * counted as discarded in the home stream when none does. The path of {@link #commit} and of the backend's
     * {@code onEvent}.
     */
    public void put(int lane, byte[] bytes, int from, int len) {
        Stream home = streams[lane & mask];
        if (!spill) {
            home.append(bytes, from, len);
            return;
        }
        int refusal = home.offer(bytes, from, len);
        if (refusal != Stream.TAKEN) {
            spill(lane, bytes, from, len, home, refusal);
        }
    }

    /** The home stream refused the record: offers it to the other streams in turn, counts it in the home stream if all refuse. */
    private void spill(int lane, byte[] bytes, int from, int len, Stream home, int refusal) {
        for (int k = 1; k <= mask; k++) {
            if (streams[(lane + k) & mask].offer(bytes, from, len) == Stream.TAKEN) {
                return;
            }
        }
        home.countRefused(refusal);
    }

    /** Lets go of the streams: closed stubs take their place, so every later commit is late. */
    public void detach() {
        Arrays.fill(streams, Stream.closedStub());
    }

    @Override
    public boolean equals(Object other) {
        return this == other; // one per backend: identity, not the array's contents
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "StreamSink[" + streams.length + " streams]";
    }
}
