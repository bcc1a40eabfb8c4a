package io.waymark.backend.ctf.internal;

import io.waymark.spi.wire.EncodedRecord;
import io.waymark.spi.wire.RecordSink;
import java.util.Arrays;

/**
 * The CTF backend's {@link RecordSink}: a finished record goes to its writer's home stream,
 * {@code streams[lane & mask]} (lanes are given round-robin, so the first threads to emit get distinct
 * streams whatever their ids), where it is claimed, copied and committed ({@link Stream}). A second
 * thread on a stream costs a CAS retry, never a discard. When the home stream refuses the record (its next
 * sub-buffer is not claimable: every one full or waiting, its blocks not allocated, or beyond its share of
 * {@code max-size}), the record goes to the next stream that takes it, so that one busy thread can use every
 * stream's ring; it is discarded, counted in its home stream, only when every stream refused it. A thread's
 * records then lie in several streams, in time order (CTF readers merge streams by timestamp).
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
 */
public record StreamSink(Stream[] streams, int mask) implements RecordSink {

    /** Checks what a commit relies on: a power of two of streams. */
    public StreamSink {
        if (Integer.bitCount(streams.length) != 1 || mask != streams.length - 1) {
            throw new IllegalArgumentException("streams: " + streams.length + " is not a power of two, or mask " + mask
                    + " does not match it");
        }
    }

    /** The sink over {@code streams} (a power of two of them). */
    public static StreamSink over(Stream[] streams) {
        return new StreamSink(streams.clone(), streams.length - 1);
    }

    /** The home stream of records of writer lane {@code lane}. */
    public Stream home(int lane) {
        return streams[lane & mask];
    }

    @Override
    public void commit(EncodedRecord record) {
        int from = record.recordStart() + CtfLayout.RECORD_OFFSET; // the size word is not stored
        int lane = record.lane();
        byte[] bytes = record.recordBytes();
        int len = record.encodedSize() - CtfLayout.RECORD_OFFSET;
        Stream home = streams[lane & mask];
        if (home.offer(bytes, from, len) == Stream.REFUSED) {
            spill(lane, bytes, from, len, home);
        }
    }

    /** The home stream refused the record: offers it to the other streams in turn, counts it in the home stream if all refuse. */
    private void spill(int lane, byte[] bytes, int from, int len, Stream home) {
        for (int k = 1; k <= mask; k++) {
            if (streams[(lane + k) & mask].offer(bytes, from, len) == Stream.TAKEN) {
                return;
            }
        }
        home.countRefused();
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
