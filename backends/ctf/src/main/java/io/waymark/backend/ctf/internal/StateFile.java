package io.waymark.backend.ctf.internal;

import io.waymark.backend.ctf.CtfFormatException;
import io.waymark.spi.DiscardReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A trace's state file, {@code .waymark/state} ({@link StateLayout}): written by the session's keeper thread
 * (overwrite mode: the ring-state thread, {@link RingStateUpdater}) through a shared mapping ({@link #create},
 * {@link #stream}, {@link #markClean}), read by the recovery after a crash ({@link #read}).
 *
 * <p>The writing side is meant for one thread at a time (the keeper; in overwrite mode the ring-state thread, and at
 * close the closing thread); its methods are synchronized only so that a {@link #close} from another thread cannot
 * race a pass. After {@link #close} every write is ignored.
 */
public final class StateFile implements AutoCloseable {

    private final Path file;
    private final int streams;
    private final MappedWindows.Window mapping;
    private ByteBuffer map;

    private StateFile(Path file, int streams, MappedWindows.Window mapping) {
        this.file = file;
        this.streams = streams;
        this.mapping = mapping;
        this.map = mapping.buffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Creates (or replaces) {@code traceDir/.waymark/state} for a trace of {@code streams} stream files and
     * maps it. Its bytes are written through the channel before it is mapped, so its disk blocks are
     * allocated and a later store through the mapping never faults on a full disk.
     *
     * @param uuid the trace uuid, 16 bytes (the packet headers' bytes)
     * @param overwrite whether the trace is an overwrite-mode ring
     * @param subBufferSize the packet size S, a power of two
     * @param subBufferCount the sub-buffers per stream, N
     * @param windowSize the bytes of a stream file mapped at once
     * @param streams the number of stream files, 1 to 65535
     * @throws IllegalArgumentException if a value does not fit the layout
     */
    public static StateFile create(Path traceDir, byte[] uuid, boolean overwrite, int subBufferSize, int subBufferCount,
            long windowSize, int streams) throws IOException {
        if (uuid == null || uuid.length != 16) {
            throw new IllegalArgumentException("the trace uuid must be 16 bytes");
        }
        if (subBufferSize < CtfLayout.PACKET_HEADER_SIZE * 2 || Integer.bitCount(subBufferSize) != 1) {
            throw new IllegalArgumentException("sub-buffer size " + subBufferSize + " is not a power of two of at least "
                    + CtfLayout.PACKET_HEADER_SIZE * 2);
        }
        if (subBufferCount < 1 || windowSize < subBufferSize) {
            throw new IllegalArgumentException("sub-buffer count " + subBufferCount + " and window size " + windowSize
                    + ": need at least one sub-buffer and a window of at least one sub-buffer");
        }
        if (streams < 1 || streams > 0xFFFF) {
            throw new IllegalArgumentException("stream count " + streams + " is not within 1..65535");
        }
        Path directory = traceDir.resolve(StateLayout.DIRECTORY);
        Files.createDirectories(directory);
        Path file = directory.resolve(StateLayout.FILE);
        ByteBuffer bytes = ByteBuffer.allocate((int) StateLayout.fileSize(streams)).order(ByteOrder.LITTLE_ENDIAN);
        bytes.put(StateLayout.MAGIC_OFFSET, StateLayout.MAGIC);
        bytes.putShort(StateLayout.BYTE_ORDER_OFFSET, (short) StateLayout.BYTE_ORDER_MARK);
        bytes.putShort(StateLayout.MAJOR_OFFSET, (short) StateLayout.MAJOR);
        bytes.putShort(StateLayout.MINOR_OFFSET, (short) StateLayout.MINOR);
        bytes.putShort(StateLayout.HEADER_SIZE_OFFSET, (short) StateLayout.HEADER_SIZE);
        bytes.putShort(StateLayout.BLOCK_SIZE_OFFSET, (short) StateLayout.STREAM_BLOCK_SIZE);
        bytes.putShort(StateLayout.STREAM_COUNT_OFFSET, (short) streams);
        bytes.putInt(StateLayout.FLAGS_OFFSET, overwrite ? StateLayout.FLAG_OVERWRITE : 0);
        bytes.put(StateLayout.UUID_OFFSET, uuid);
        bytes.putLong(StateLayout.SUBBUFFER_SIZE_OFFSET, subBufferSize);
        bytes.putInt(StateLayout.SUBBUFFER_COUNT_OFFSET, subBufferCount);
        bytes.putInt(StateLayout.PACKET_HEADER_SIZE_OFFSET, CtfLayout.PACKET_HEADER_SIZE);
        bytes.putLong(StateLayout.WINDOW_SIZE_OFFSET, windowSize);
        for (int f = 0; f < StateLayout.FIELD_TABLE_ENTRIES; f++) {
            int offset = f < StateLayout.FIELDS ? StateLayout.BLOCK_OFFSETS[f] : StateLayout.ABSENT;
            bytes.putShort(StateLayout.FIELD_TABLE_OFFSET + 2 * f, (short) offset);
        }
        for (int k = 0; k < streams; k++) {
            int block = StateLayout.blockOffset(k);
            bytes.putLong(block + StateLayout.BLOCK_OFFSETS[StateLayout.FIELD_INSTANCE], k);
            bytes.putInt(block + StateLayout.BLOCK_OFFSETS[StateLayout.FIELD_REASON_COUNT], StateLayout.REASONS.size());
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes, bytes.position()); // advances the buffer, not the channel: file offset = buffer position
            }
            // unmapped at close like the stream files' windows (arena on 22+, cleaner on 17 to 21)
            return new StateFile(file, streams, MappedWindows.mapOne(channel, 0, StateLayout.fileSize(streams)));
        }
    }

    /** The file's path. */
    public Path file() {
        return file;
    }

    /**
     * Records the keeper's view of stream {@code k} (plain stores; the updated-at field gets
     * {@link System#nanoTime()}).
     *
     * @param head the stream's claim position (a hint: recovery does not use it)
     * @param finalized packets below this sequence are final on disk
     * @param prepared packets below this sequence have a header and allocated blocks
     * @param recorded records in the finalized packets
     * @param discardedByOrdinal the stream's cumulative discards, indexed by {@link DiscardReason#ordinal()}
     *     (shorter arrays: the missing reasons are 0)
     * @param firstSeq the oldest sequence the file holds (overwrite mode), else 0
     */
    public synchronized void stream(int k, long head, long finalized, long prepared, long recorded,
            long[] discardedByOrdinal, long firstSeq) {
        if (k < 0 || k >= streams) {
            throw new IndexOutOfBoundsException("stream " + k + " of a state file for " + streams + " streams");
        }
        ByteBuffer m = map;
        if (m == null) {
            return;
        }
        int block = StateLayout.blockOffset(k);
        m.putLong(block + StateLayout.BLOCK_OFFSETS[StateLayout.FIELD_HEAD], head);
        m.putLong(block + StateLayout.BLOCK_OFFSETS[StateLayout.FIELD_FINALIZED], finalized);
        m.putLong(block + StateLayout.BLOCK_OFFSETS[StateLayout.FIELD_PREPARED], prepared);
        m.putLong(block + StateLayout.BLOCK_OFFSETS[StateLayout.FIELD_RECORDED], recorded);
        int discarded = block + StateLayout.BLOCK_OFFSETS[StateLayout.FIELD_DISCARDED];
        for (int ordinal = 0; ordinal < StateLayout.SLOT_BY_ORDINAL.length; ordinal++) {
            int slot = StateLayout.SLOT_BY_ORDINAL[ordinal];
            if (slot >= 0) {
                m.putLong(discarded + 8 * slot, discardedByOrdinal != null && ordinal < discardedByOrdinal.length
                        ? discardedByOrdinal[ordinal] : 0);
            }
        }
        m.putLong(block + StateLayout.BLOCK_OFFSETS[StateLayout.FIELD_UPDATED_AT], System.nanoTime());
        m.putLong(block + StateLayout.BLOCK_OFFSETS[StateLayout.FIELD_FIRST_SEQ], firstSeq);
    }

    /** Sets the clean-close flag: every packet is finalized and the stream files are truncated. */
    public synchronized void markClean() {
        ByteBuffer m = map;
        if (m != null) {
            m.putInt(StateLayout.FLAGS_OFFSET, m.getInt(StateLayout.FLAGS_OFFSET) | StateLayout.FLAG_CLEAN);
        }
    }

    /** Writes the mapped pages to the device ({@code sync=delivered}). */
    public synchronized void force() {
        if (map instanceof MappedByteBuffer m) { // a mapped segment's buffer is one too (JDK 22+)
            m.force();
        }
    }

    /**
     * Stops writing and unmaps the file where the JDK allows it ({@link MappedWindows}: arena on 22+, cleaner
     * on 17 to 21), so that the file system holding a closed trace can be unmounted at once. Every access is
     * synchronized and checks for {@code null} first: none can follow the unmapping.
     */
    @Override
    public synchronized void close() {
        if (map != null) {
            map = null;
            MappedWindows.unmap(mapping);
        }
    }

    /**
     * One stream block as read.
     *
     * @param instance the stream instance id (k of {@code stream_k})
     * @param head the claim position at the block's last write
     * @param finalized packets below this sequence are final on disk
     * @param prepared packets below this sequence have a header and allocated blocks
     * @param recorded records in the finalized packets
     * @param discarded cumulative discards by reason (only reasons with a count above 0)
     * @param updatedAt {@link System#nanoTime()} of the block's last write, 0 if never
     * @param firstSeq the oldest sequence the file holds (overwrite mode), else 0
     */
    public record StreamState(long instance, long head, long finalized, long prepared, long recorded,
            Map<DiscardReason, Long> discarded, long updatedAt, long firstSeq) {

        /** The total discards of the stream. */
        public long discardedTotal() {
            long total = 0;
            for (long n : discarded.values()) {
                total += n;
            }
            return total;
        }
    }

    /**
     * A state file as read.
     *
     * @param file the state file
     * @param minor the layout minor version
     * @param overwrite whether the trace is an overwrite-mode ring
     * @param clean whether the session closed the trace cleanly
     * @param uuid the trace uuid
     * @param subBufferSize the packet size S
     * @param subBufferCount the sub-buffers per stream
     * @param packetHeaderSize the packet header and context size H
     * @param windowSize the bytes of a stream file mapped at once
     * @param streams the stream blocks, in order
     */
    public record State(Path file, int minor, boolean overwrite, boolean clean, UUID uuid, int subBufferSize,
            int subBufferCount, int packetHeaderSize, long windowSize, List<StreamState> streams) {}

    /** The path of the state file of the trace in {@code traceDir}. */
    public static Path path(Path traceDir) {
        return traceDir.resolve(StateLayout.DIRECTORY).resolve(StateLayout.FILE);
    }

    /**
     * Reads the state file of the trace in {@code traceDir}, checking it belongs to the trace its metadata
     * describes: {@link #read(Path, UUID)} with the metadata's uuid.
     *
     * @throws CtfFormatException if the metadata is not a Waymark trace's, or as {@link #read(Path, UUID)}
     */
    public static State read(Path traceDir) throws IOException {
        if (!Files.exists(path(traceDir), LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        return read(traceDir, TraceMetadata.read(traceDir).uuid());
    }

    /**
     * Reads the state file of the trace in {@code traceDir}, checking it belongs to a trace of uuid
     * {@code expectedUuid} ({@code null}: not checked).
     *
     * @return the state, or {@code null} when there is no state file (a trace of the format before the
     *     stream files were mapped, or not a Waymark trace)
     * @throws CtfFormatException naming the field, when the file is not a state file this Waymark reads:
     *     magic, byte order, major version, sizes, geometry, or a uuid other than {@code expectedUuid}
     */
    public static State read(Path traceDir, UUID expectedUuid) throws IOException {
        Path file = path(traceDir);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!attributes.isRegularFile()) {
            throw new CtfFormatException(file, -1, "is not a regular file (a symbolic link, a directory or a device):"
                    + " a trace's state file is a regular file; remove it to recover the trace without it");
        }
        long max = StateLayout.fileSize(0xFFFF);
        if (attributes.size() > max) {
            throw new CtfFormatException(file, -1, "is " + attributes.size() + " bytes, more than a state file's "
                    + max + ": not a Waymark state file");
        }
        byte[] bytes = TraceMetadata.readBounded(file, max);
        return parse(file, bytes, expectedUuid);
    }

    /** Parses the bytes of a state file ({@link #read}). */
    static State parse(Path file, byte[] bytes, UUID expectedUuid) throws CtfFormatException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < StateLayout.HEADER_SIZE) {
            throw new CtfFormatException(file, -1, "is " + bytes.length + " bytes, fewer than a state file's "
                    + StateLayout.HEADER_SIZE + "-byte header: cut short, or not a Waymark state file");
        }
        for (int i = 0; i < StateLayout.MAGIC.length; i++) {
            if (bytes[i] != StateLayout.MAGIC[i]) {
                throw new CtfFormatException(file, StateLayout.MAGIC_OFFSET, "magic is not \"WMKSTATE\": not a Waymark"
                        + " state file (remove it to recover the trace without it)");
            }
        }
        int mark = Short.toUnsignedInt(b.getShort(StateLayout.BYTE_ORDER_OFFSET));
        if (mark != StateLayout.BYTE_ORDER_MARK) {
            throw new CtfFormatException(file, StateLayout.BYTE_ORDER_OFFSET, "byte-order mark 0x"
                    + Integer.toHexString(mark) + (mark == 0xFFFE ? " (a big-endian file)" : "")
                    + ": this Waymark reads only little-endian state files (0xfeff)");
        }
        int major = Short.toUnsignedInt(b.getShort(StateLayout.MAJOR_OFFSET));
        if (major != StateLayout.MAJOR) {
            throw new CtfFormatException(file, StateLayout.MAJOR_OFFSET, "layout major version " + major
                    + ": this Waymark reads major version " + StateLayout.MAJOR + " only (recover the trace with the"
                    + " Waymark version that recorded it)");
        }
        int minor = Short.toUnsignedInt(b.getShort(StateLayout.MINOR_OFFSET));
        int headerSize = Short.toUnsignedInt(b.getShort(StateLayout.HEADER_SIZE_OFFSET));
        int blockSize = Short.toUnsignedInt(b.getShort(StateLayout.BLOCK_SIZE_OFFSET));
        int count = Short.toUnsignedInt(b.getShort(StateLayout.STREAM_COUNT_OFFSET));
        if (headerSize < StateLayout.HEADER_SIZE) {
            throw new CtfFormatException(file, StateLayout.HEADER_SIZE_OFFSET, "header size " + headerSize
                    + ", smaller than layout 1's " + StateLayout.HEADER_SIZE);
        }
        int[] fieldOffsets = new int[StateLayout.FIELDS];
        for (int f = 0; f < StateLayout.FIELDS; f++) {
            int at = StateLayout.FIELD_TABLE_OFFSET + 2 * f;
            fieldOffsets[f] = Short.toUnsignedInt(b.getShort(at));
            int width = f == StateLayout.FIELD_DISCARDED ? 8 * StateLayout.MAX_REASONS
                    : f == StateLayout.FIELD_REASON_COUNT ? 4 : 8;
            if (fieldOffsets[f] == StateLayout.ABSENT || fieldOffsets[f] + width > blockSize) {
                throw new CtfFormatException(file, at, "field table: the stream field \"" + StateLayout.FIELD_NAMES.get(f)
                        + "\" is " + (fieldOffsets[f] == StateLayout.ABSENT ? "absent" : "at offset " + fieldOffsets[f]
                        + ", beyond the " + blockSize + "-byte stream block") + "; layout 1 requires it");
            }
        }
        long needed = headerSize + (long) blockSize * count;
        if (bytes.length < needed) {
            throw new CtfFormatException(file, -1, "is " + bytes.length + " bytes, fewer than the " + needed
                    + " its header declares (" + count + " streams of " + blockSize + " bytes): cut short");
        }
        UUID uuid = new UUID(ByteBuffer.wrap(bytes, StateLayout.UUID_OFFSET, 16).getLong(),
                ByteBuffer.wrap(bytes, StateLayout.UUID_OFFSET + 8, 8).getLong());
        if (expectedUuid != null && !uuid.equals(expectedUuid)) {
            throw new CtfFormatException(file, StateLayout.UUID_OFFSET, "trace uuid " + uuid + " is not the metadata's, "
                    + expectedUuid + ": the state file of another trace (remove it to recover the trace without it)");
        }
        long subBufferSize = b.getLong(StateLayout.SUBBUFFER_SIZE_OFFSET);
        if (subBufferSize < 2 * CtfLayout.PACKET_HEADER_SIZE || subBufferSize > PacketWalker.MAX_PACKET_SIZE
                || Long.bitCount(subBufferSize) != 1) {
            throw new CtfFormatException(file, StateLayout.SUBBUFFER_SIZE_OFFSET, "sub-buffer size " + subBufferSize
                    + " is not a power of two within " + 2 * CtfLayout.PACKET_HEADER_SIZE + ".." + PacketWalker.MAX_PACKET_SIZE);
        }
        int packetHeaderSize = b.getInt(StateLayout.PACKET_HEADER_SIZE_OFFSET);
        if (packetHeaderSize != CtfLayout.PACKET_HEADER_SIZE) {
            throw new CtfFormatException(file, StateLayout.PACKET_HEADER_SIZE_OFFSET, "packet header size "
                    + Integer.toUnsignedString(packetHeaderSize) + ": this Waymark writes and reads "
                    + CtfLayout.PACKET_HEADER_SIZE);
        }
        int flags = b.getInt(StateLayout.FLAGS_OFFSET);
        List<StreamState> streams = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int block = headerSize + blockSize * k;
            int reasons = (int) Math.min(StateLayout.MAX_REASONS,
                    Integer.toUnsignedLong(b.getInt(block + fieldOffsets[StateLayout.FIELD_REASON_COUNT])));
            Map<DiscardReason, Long> discarded = new EnumMap<>(DiscardReason.class);
            for (int r = 0; r < Math.min(reasons, StateLayout.REASONS.size()); r++) {
                long n = b.getLong(block + fieldOffsets[StateLayout.FIELD_DISCARDED] + 8 * r);
                if (n != 0) {
                    discarded.put(StateLayout.REASONS.get(r), n);
                }
            }
            streams.add(new StreamState(b.getLong(block + fieldOffsets[StateLayout.FIELD_INSTANCE]),
                    b.getLong(block + fieldOffsets[StateLayout.FIELD_HEAD]),
                    b.getLong(block + fieldOffsets[StateLayout.FIELD_FINALIZED]),
                    b.getLong(block + fieldOffsets[StateLayout.FIELD_PREPARED]),
                    b.getLong(block + fieldOffsets[StateLayout.FIELD_RECORDED]), Collections.unmodifiableMap(discarded),
                    b.getLong(block + fieldOffsets[StateLayout.FIELD_UPDATED_AT]),
                    b.getLong(block + fieldOffsets[StateLayout.FIELD_FIRST_SEQ])));
        }
        return new State(file, minor, (flags & StateLayout.FLAG_OVERWRITE) != 0, (flags & StateLayout.FLAG_CLEAN) != 0,
                uuid, (int) subBufferSize, b.getInt(StateLayout.SUBBUFFER_COUNT_OFFSET), packetHeaderSize,
                b.getLong(StateLayout.WINDOW_SIZE_OFFSET), List.copyOf(streams));
    }
}
