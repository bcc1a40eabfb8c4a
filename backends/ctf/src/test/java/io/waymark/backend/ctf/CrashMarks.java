package io.waymark.backend.ctf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Layout of the marks file {@link CrashRecorderMain} maps and {@link CtfCrashTest} reads after the kill
 * (native byte order): a header, then per thread a 64-byte slot holding how many of its emit calls
 * returned, and a ring of the {@code System.nanoTime()} at which each block of {@link #BLOCK} events began.
 */
final class CrashMarks {

    static final int START = 0;
    static final int THREADS = 8;
    static final int HEADER = 64;
    /** Events per time stamp: the age of a lost event is known to within one block. */
    static final int BLOCK = 16;
    static final int RING = 1 << 15; // 512 Ki events per thread before the ring wraps
    private static final int STRIDE = 64 + RING * 8;

    private final ByteBuffer bytes;

    private CrashMarks(ByteBuffer bytes) {
        this.bytes = bytes;
    }

    static long size(int threads) {
        return HEADER + (long) threads * STRIDE;
    }

    static int done(int thread) {
        return HEADER + thread * STRIDE;
    }

    static int times(int thread) {
        return done(thread) + 64;
    }

    static int ringIndex(long sequence) {
        return (int) ((sequence / BLOCK) & (RING - 1));
    }

    static CrashMarks read(Path file) throws IOException {
        return new CrashMarks(ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.nativeOrder()));
    }

    /** {@code System.nanoTime()} in the child just after its session started; 0 if it did not get there. */
    long start() {
        return bytes.capacity() >= HEADER ? bytes.getLong(START) : 0;
    }

    /** The last sequence number whose emit call returned on {@code thread}; -1 for none. */
    long mark(int thread) {
        return bytes.capacity() >= done(thread) + 8 ? bytes.getLong(done(thread)) - 1 : -1;
    }

    /**
     * When the block holding {@code sequence} began (at or before that event's emit call), or -1 when the
     * ring has been overwritten since (more than {@link #RING} blocks before the mark).
     */
    long blockStart(int thread, long sequence) {
        long mark = mark(thread);
        if (sequence > mark + 1 || mark / BLOCK - sequence / BLOCK >= RING) {
            return -1;
        }
        return bytes.getLong(times(thread) + ringIndex(sequence) * 8);
    }
}
