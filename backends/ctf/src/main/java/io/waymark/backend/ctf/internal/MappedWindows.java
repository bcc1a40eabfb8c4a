package io.waymark.backend.ctf.internal;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * One stream file seen through memory-mapped windows: the sub-buffers that writers fill are the file's
 * pages (shared mapping), so a process killed with SIGKILL leaves every committed record in the page
 * cache, and the kernel writes it out.
 *
 * <p>Sub-buffer {@code s} lives at file offset {@code s × S}. Window {@code w} maps file bytes
 * {@code [w × W, (w + 1) × W)}, {@code W} a multiple of {@code S}. Mapping a window extends the file
 * sparsely; a sub-buffer's disk blocks are <em>allocated</em> ({@link #allocate}) by writing zeros
 * through the channel before its slot is released, then its pages are touched once (pre-faulted) so
 * that application threads take no first-write fault. A store through the mapping into an unallocated
 * block on a full file system would raise SIGBUS, which the JVM turns into an asynchronous
 * {@link InternalError} in the writing (application) thread: allocation first is what prevents it.
 *
 * <p>Unmapping is deterministic where the JDK allows it: on JDK 22+ each window is mapped in its own
 * shared {@code Arena} (looked up reflectively: the bytecode stays 17) and unmapped by closing it; on
 * 17 to 21 {@code sun.misc.Unsafe.invokeCleaner} unmaps it; otherwise the collector does. A window is
 * unmapped only once every sequence in it is finalized (no writer can touch it again: a writer reaches a
 * window only through a slot released for a sequence in it, and commits before the keeper finalizes
 * that sequence).
 *
 * <p>Used by the session's background thread only ({@link StreamKeeper}), and at construction; an overwrite-mode
 * ring is prepared whole at construction and closed by the backend's close.
 */
public final class MappedWindows {

    /** The default window size: 8 MiB (rounded down to a multiple of the sub-buffer size, at least one). */
    public static final long DEFAULT_WINDOW_SIZE = 8L << 20;
    /** The largest window: 1 GiB (a {@link ByteBuffer} holds at most 2 GiB). */
    public static final long MAX_WINDOW_SIZE = 1L << 30;

    private static final int PAGE = 4096;
    /** Zeros written to allocate blocks; never written to, shared through duplicates. */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20);
    private static final Unmapper UNMAPPER = Unmapper.pick();

    private final FileChannel channel;
    private final int subBufferSize;
    private final long windowSize;
    private final Map<Long, Window> windows = new HashMap<>();
    /** The stream file's most bytes ({@code max-size}): no window is mapped beyond it (mapping extends the file). */
    private long maxLength = Long.MAX_VALUE;
    /** Sub-buffers allocated from the start of the file: every one below this is backed by blocks. */
    private long allocatedBelow;
    /**
     * Sub-buffers at or above {@link #allocatedBelow} allocated too: releases run out of order (a writer
     * descheduled in packet s while s + 1 completes), so a watermark alone would skip allocating s + N.
     */
    private final Set<Long> allocatedAbove = new HashSet<>();

    /** One mapping: its buffer, and the arena that unmaps it (JDK 22+; else null). */
    record Window(ByteBuffer buffer, Object arena) {}

    /**
     * @param channel the stream file, open for reading and writing
     * @param subBufferSize {@code S}
     * @param windowSize the wanted window size; rounded down to a multiple of {@code S}, at least {@code S}
     */
    public MappedWindows(FileChannel channel, int subBufferSize, long windowSize) {
        this.channel = channel;
        this.subBufferSize = subBufferSize;
        this.windowSize = windowSize(subBufferSize, windowSize);
    }

    /** A window size for sub-buffers of {@code subBufferSize}: {@code wanted} rounded down to a multiple of it, at least one. */
    public static long windowSize(int subBufferSize, long wanted) {
        long w = Math.min(wanted, MAX_WINDOW_SIZE) / subBufferSize * subBufferSize;
        return Math.max(subBufferSize, w);
    }

    /** How this JVM unmaps windows: {@code "arena"} (JDK 22+), {@code "cleaner"} (17 to 21) or {@code "gc"}. */
    public static String unmapStrategy() {
        return UNMAPPER.name();
    }

    /**
     * Maps {@code [position, position + size)} of {@code channel} read-write (shared) so that {@link #unmap(Window)}
     * can unmap it at once, as the windows are: for the state file, so that a closed trace's file system can be
     * unmounted without waiting for a collection.
     */
    static Window mapOne(FileChannel channel, long position, long size) throws IOException {
        return UNMAPPER.map(channel, position, size);
    }

    /** Unmaps a {@link #mapOne} mapping now where this JDK allows it; the caller makes sure nothing accesses it again. */
    static void unmap(Window window) {
        UNMAPPER.unmap(window);
    }

    /**
     * Bounds the stream file to {@code packets} sub-buffers ({@code max-size}): the last window is mapped only up to
     * there, so that the file never extends past its share, even sparsely. Before the first {@link #prepare}.
     */
    public void limit(long packets) {
        maxLength = packets > Long.MAX_VALUE / subBufferSize ? Long.MAX_VALUE : packets * subBufferSize;
    }

    /** The window size in use. */
    public long windowSize() {
        return windowSize;
    }

    /**
     * Allocates the disk blocks of sub-buffer {@code seq} (writes zeros through the channel where they
     * were not allocated before), maps its window if need be, touches each of its pages, and returns the
     * sub-buffer's memory: {@code S} bytes from position 0, little-endian.
     *
     * @throws IOException when the file system cannot take the sub-buffer (full, quota, I/O error): nothing
     *     of it may be written then, and the caller retries later
     */
    public ByteBuffer prepare(long seq) throws IOException {
        long position = seq * subBufferSize;
        if (!isAllocated(seq)) {
            allocate(position, subBufferSize);
            if (seq == allocatedBelow) {
                allocatedBelow++;
                while (allocatedAbove.remove(allocatedBelow)) {
                    allocatedBelow++;
                }
            } else {
                allocatedAbove.add(seq);
            }
        }
        ByteBuffer memory = memory(seq);
        for (int i = 0; i < subBufferSize; i += PAGE) {
            memory.put(i, (byte) 0); // pre-fault: the application's first store finds the page mapped (it is zero already)
        }
        return memory;
    }

    /** Whether sub-buffer {@code seq}'s blocks were allocated ({@link #prepare}). */
    public boolean isAllocated(long seq) {
        return seq < allocatedBelow || allocatedAbove.contains(seq);
    }

    /**
     * The memory of sub-buffer {@code seq} (mapping its window if need be): {@code S} bytes from position 0,
     * little-endian. Only for a sub-buffer that was {@linkplain #prepare prepared}.
     */
    public ByteBuffer memory(long seq) throws IOException {
        long position = seq * subBufferSize;
        long index = position / windowSize;
        Window window = windows.get(index);
        if (window == null) {
            long start = index * windowSize;
            window = UNMAPPER.map(channel, start, Math.min(windowSize, maxLength - start));
            windows.put(index, window);
        }
        return window.buffer().slice((int) (position - index * windowSize), subBufferSize).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes zeros over {@code [position, position + length)} through the channel: the file system allocates the blocks. */
    private void allocate(long position, long length) throws IOException {
        long done = 0;
        while (done < length) {
            ByteBuffer zeros = ZEROS.duplicate();
            zeros.limit((int) Math.min(zeros.capacity(), length - done));
            while (zeros.hasRemaining()) {
                done += channel.write(zeros, position + done);
            }
        }
    }

    /**
     * Unmaps every window all of whose sub-buffers lie below sequence {@code finalized} (every sequence
     * in them finalized: no writer touches them again).
     */
    public void unmapBelow(long finalized) {
        long limit = finalized * subBufferSize; // windows wholly below this offset
        for (Iterator<Map.Entry<Long, Window>> it = windows.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Long, Window> entry = it.next();
            if ((entry.getKey() + 1) * windowSize <= limit) {
                it.remove();
                UNMAPPER.unmap(entry.getValue());
            }
        }
    }

    /**
     * Writes the file's dirty pages to the device ({@code fdatasync}; on Linux it covers pages dirtied through the
     * mapping): the setting {@code sync=delivered}, called by the keeper after it finalized packets.
     */
    public void force() throws IOException {
        channel.force(false);
    }

    /** Windows mapped now. */
    public int mappedWindows() {
        return windows.size();
    }

    /**
     * Closes the stream file: unmaps every window (unless {@code unmap} is false: a writer that never
     * committed may still be inside one; the collector unmaps them then), cuts the file to {@code length}
     * bytes (babeltrace2 refuses trailing zeros) and closes the channel.
     */
    public void close(long length, boolean unmap) throws IOException {
        if (unmap) {
            for (Window window : windows.values()) {
                UNMAPPER.unmap(window);
            }
        }
        windows.clear();
        try {
            channel.truncate(length);
        } finally {
            channel.close();
        }
    }

    /** Maps and unmaps windows the way this JDK allows. */
    private abstract static sealed class Unmapper {

        abstract String name();

        abstract Window map(FileChannel channel, long position, long size) throws IOException;

        abstract void unmap(Window window);

        static Unmapper pick() {
            if (Runtime.version().feature() >= 22) {
                try {
                    return new ArenaUnmapper();
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // not this JDK's API after all: the collector unmaps
                }
                return new GcUnmapper();
            }
            try {
                return new CleanerUnmapper();
            } catch (ReflectiveOperationException | RuntimeException e) {
                return new GcUnmapper();
            }
        }

        static Window plainMap(FileChannel channel, long position, long size) throws IOException {
            return new Window(channel.map(FileChannel.MapMode.READ_WRITE, position, size), null);
        }
    }

    /** JDK 22+: {@code FileChannel.map(mode, position, size, arena)} in a shared arena; {@code arena.close()} unmaps. */
    private static final class ArenaUnmapper extends Unmapper {
        private final Method ofShared;
        private final Method map;
        private final Method asByteBuffer;

        ArenaUnmapper() throws ReflectiveOperationException {
            Class<?> arena = Class.forName("java.lang.foreign.Arena");
            ofShared = arena.getMethod("ofShared");
            map = FileChannel.class.getMethod("map", FileChannel.MapMode.class, long.class, long.class, arena);
            asByteBuffer = Class.forName("java.lang.foreign.MemorySegment").getMethod("asByteBuffer");
        }

        @Override
        String name() {
            return "arena";
        }

        @Override
        Window map(FileChannel channel, long position, long size) throws IOException {
            Object arena;
            try {
                arena = ofShared.invoke(null);
            } catch (ReflectiveOperationException e) {
                return plainMap(channel, position, size);
            }
            try {
                Object segment = map.invoke(channel, FileChannel.MapMode.READ_WRITE, position, size, arena);
                return new Window((ByteBuffer) asByteBuffer.invoke(segment), arena);
            } catch (InvocationTargetException e) {
                close(arena);
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException("cannot map the stream file", e.getCause());
            } catch (ReflectiveOperationException e) {
                close(arena);
                return plainMap(channel, position, size);
            }
        }

        @Override
        void unmap(Window window) {
            if (window.arena() != null) {
                close(window.arena());
            }
        }

        private static void close(Object arena) {
            try {
                ((AutoCloseable) arena).close(); // a handshake: no thread is inside an access when it returns
            } catch (Exception e) {
                // still in use (cannot happen: see the class comment); the collector unmaps it then
            }
        }
    }

    /** JDK 17 to 21: {@code sun.misc.Unsafe.invokeCleaner}, reflectively (deprecated for removal from 23). */
    private static final class CleanerUnmapper extends Unmapper {
        private final Object unsafe;
        private final Method invokeCleaner;

        CleanerUnmapper() throws ReflectiveOperationException {
            Class<?> type = Class.forName("sun.misc.Unsafe");
            Field field = type.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = field.get(null);
            invokeCleaner = type.getMethod("invokeCleaner", ByteBuffer.class);
        }

        @Override
        String name() {
            return "cleaner";
        }

        @Override
        Window map(FileChannel channel, long position, long size) throws IOException {
            return plainMap(channel, position, size);
        }

        @Override
        void unmap(Window window) {
            try {
                invokeCleaner.invoke(unsafe, window.buffer());
            } catch (ReflectiveOperationException | RuntimeException e) {
                // left to the collector
            }
        }
    }

    /** No deterministic unmapping: dropping the reference lets the collector unmap. */
    private static final class GcUnmapper extends Unmapper {
        @Override
        String name() {
            return "gc";
        }

        @Override
        Window map(FileChannel channel, long position, long size) throws IOException {
            return plainMap(channel, position, size);
        }

        @Override
        void unmap(Window window) {
            // nothing: the collector unmaps once the buffer is unreachable
        }
    }
}
