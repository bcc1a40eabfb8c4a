package io.waymark.backend.ctf;

import io.waymark.backend.ctf.internal.CtfLayout;
import io.waymark.backend.ctf.internal.PacketWalker;
import io.waymark.backend.ctf.internal.Packets;
import io.waymark.backend.ctf.internal.RecordScan;
import io.waymark.backend.ctf.internal.StateFile;
import io.waymark.backend.ctf.internal.StateLayout;
import io.waymark.backend.ctf.internal.TraceMetadata;
import io.waymark.backend.ctf.internal.TraceSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Repairs a Waymark CTF trace that a process left damaged (killed while recording, a disk that
 * filled, a copy gone wrong), so that babeltrace2 and other CTF tools read it: the programmatic form
 * of the {@code recover} command.
 *
 * <p>It keeps every packet {@link CtfTraceReader} accepts and drops exactly what the reader skips
 * ({@link CtfTraceReader#skippedPackets()}): a metadata block cut short, damaged bytes, packets of
 * another trace or stream, duplicated or misplaced packets; a packet whose events end early (cut short
 * by a crash, or damaged after some events) becomes a complete packet holding the events that precede
 * the damage ({@code content_size}, {@code packet_size} and {@code timestamp_end} fixed). Every intact
 * packet after a damaged one is kept.
 *
 * <p>By default the repaired trace is written beside the original, into {@code <trace>.recovered}
 * (or {@link Options#withOutput}), which must not exist; the original is left as it is.
 * {@link Options#withInPlace()} replaces the damaged files instead (each by a repaired copy renamed over
 * it, never truncated in place), and {@link Options#withDryRun()} only reports. A metadata or stream file
 * that is a symbolic link, a FIFO or anything else than a regular file is refused
 * ({@link CtfFormatException}): recovery never writes through a link.
 */
public final class CtfRecovery {

    /**
     * Where the repaired trace goes.
     *
     * @param output the directory to write the repaired trace into ({@code null}: {@code <trace>.recovered});
     *     ignored in place and in a dry run
     * @param inPlace replace the damaged files of the trace itself
     * @param dryRun write nothing, only report what would change
     */
    public record Options(Path output, boolean inPlace, boolean dryRun) {

        /** The default: the repaired trace into {@code <trace>.recovered}, the original untouched. */
        public static Options beside() {
            return new Options(null, false, false);
        }

        /** The repaired trace into {@code directory}, which must not exist. */
        public Options withOutput(Path directory) {
            return new Options(Objects.requireNonNull(directory, "directory"), false, dryRun);
        }

        /** Replaces the damaged files of the trace itself. */
        public Options withInPlace() {
            return new Options(null, true, dryRun);
        }

        /** Writes nothing: the result lists what would change. */
        public Options withDryRun() {
            return new Options(output, inPlace, true);
        }
    }

    /**
     * What recovery did (or, in a dry run, would do).
     *
     * @param output the directory holding the repaired trace: the trace itself in place, {@code null}
     *     in a dry run or when nothing needed repair (then nothing is written)
     * @param changes one line per repair, naming the file, the offset and the reason; empty when the
     *     trace was intact
     */
    public record Result(Path output, List<String> changes) {

        /** Whether anything needed repair. */
        public boolean changed() {
            return !changes.isEmpty();
        }
    }

    private CtfRecovery() {}

    /**
     * Repairs the trace in {@code trace} as {@code options} say.
     *
     * @throws CtfFormatException if it is not a Waymark CTF trace (no or malformed metadata), or a
     *     metadata or stream file is a symbolic link or not a regular file
     * @throws FileAlreadyExistsException if the output directory exists
     * @throws IOException if reading or writing fails; a repaired trace written beside is then removed
     */
    public static Result recover(Path trace, Options options) throws IOException {
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(options, "options");
        TraceSource source = TraceSource.directory(trace);
        checkNoLink(trace.resolve(CtfLayout.METADATA_FILE));
        for (String stream : source.streams()) {
            checkNoLink(trace.resolve(stream));
        }
        Plan plan = plan(source);
        if (options.dryRun() || !plan.changed()) {
            return new Result(null, plan.changes);
        }
        if (options.inPlace()) {
            writeInPlace(source, plan);
            return new Result(trace, plan.changes);
        }
        Path output = options.output() != null ? options.output()
                : trace.toAbsolutePath().resolveSibling(trace.toAbsolutePath().getFileName() + ".recovered");
        Files.createDirectory(output);
        try {
            writeMetadata(source, plan, output.resolve(CtfLayout.METADATA_FILE));
            for (StreamPlan stream : plan.streams) {
                try (FileChannel out = FileChannel.open(output.resolve(stream.name), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    write(source, stream, out);
                }
            }
            if (plan.keepCleanState) {
                Path state = StateFile.path(trace);
                Path copy = output.resolve(trace.relativize(state));
                Files.createDirectories(copy.getParent());
                Files.copy(state, copy, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException | RuntimeException e) {
            deleteTree(output);
            throw e;
        }
        return new Result(output, plan.changes);
    }

    private static void checkNoLink(Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            // as the reader says it (TraceMetadata.checkRegularFile): a directory without metadata is no trace
            throw new CtfFormatException(file, -1, "does not exist: not a Waymark CTF trace", e);
        }
        if (attributes.isSymbolicLink()) {
            throw new CtfFormatException(file, -1, "is a symbolic link: recovery never writes through one (copy the"
                    + " file it points to into the trace instead)");
        }
        if (!attributes.isRegularFile()) {
            throw new CtfFormatException(file, -1, "is not a regular file; a Waymark CTF trace holds regular files only");
        }
    }

    /** One piece of a repaired stream: a range copied from the original, or repaired bytes. */
    record Piece(long offset, long length, byte[] bytes, Recut recut) {

        Piece(long offset, long length, byte[] bytes) {
            this(offset, length, bytes, null);
        }
    }

    /**
     * A packet of a mapped stream file cut back to its whole records when it is written: the plan keeps
     * what its context gets, not its bytes, so that memory use does not grow with the packets to recover.
     *
     * @param limit the bytes of the packet in the file
     * @param previousTimestamp the stream's last timestamp before the packet (the scan's lower bound)
     * @param records the whole records the plan found (the write finds them again, or refuses)
     */
    record Recut(int limit, long previousTimestamp, long begin, long seq, long discarded, int records) {}

    /** How one stream file is rebuilt. */
    record StreamPlan(String name, List<Piece> pieces, boolean changed, TraceMetadata metadata) {}

    /** The repairs of a trace. */
    record Plan(int metadataLength, boolean metadataChanged, List<StreamPlan> streams, List<String> changes,
            boolean dropState, boolean keepCleanState) {

        boolean changed() {
            return !changes.isEmpty();
        }
    }

    /** Works out the repairs of the trace {@code source} holds, reading it packet by packet. */
    static Plan plan(TraceSource source) throws IOException {
        List<String> changes = new ArrayList<>();
        byte[] metadataBytes = source.metadata();
        TraceMetadata metadata = TraceMetadata.parse(source.directory().resolve(CtfLayout.METADATA_FILE), metadataBytes);
        boolean metadataChanged = metadataBytes.length > metadata.completeLength();
        if (metadataChanged) {
            changes.add(CtfLayout.METADATA_FILE + ": dropped " + (metadataBytes.length - metadata.completeLength())
                    + " bytes of an incomplete block at offset " + metadata.completeLength());
        }
        StateFile.State state = source.state(metadata.uuid());
        List<StreamPlan> streams = new ArrayList<>();
        for (String name : source.streams()) {
            StateFile.StreamState block = state == null ? null : block(state, name);
            streams.add(block == null ? planStream(source, metadata, name, changes)
                    : planMappedStream(source, metadata, state, block, name, changes));
        }
        boolean anyChanged = metadataChanged || streams.stream().anyMatch(StreamPlan::changed);
        // A cleanly closed trace has every packet final (walked by the reader's checks, as without a state file), so
        // its state stays true whatever is repaired: kept in place and copied beside, and not worth a line. After a
        // crash the repaired files are packed (packets no longer at S-multiples): the state would mislead a later recovery.
        boolean dropState = state != null && !state.clean() && anyChanged;
        if (dropState) {
            changes.add(StateLayout.DIRECTORY + "/" + StateLayout.FILE + ": not kept with the recovered trace (its stream"
                    + " files are packed: packets no longer at fixed offsets)");
        }
        return new Plan(metadata.completeLength(), metadataChanged, List.copyOf(streams), List.copyOf(changes),
                dropState, state != null && state.clean());
    }

    /** The state block of the stream file {@code name} ({@code stream_k}), {@code null} if the state file has none. */
    private static StateFile.StreamState block(StateFile.State state, String name) {
        try {
            long k = Long.parseLong(name.substring(CtfLayout.STREAM_FILE_PREFIX.length()));
            return k >= 0 && k < state.streams().size() && state.streams().get((int) k).instance() == k
                    ? state.streams().get((int) k) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A stream file of the format before mapped streams: its packets one after the other. */
    private static StreamPlan planStream(TraceSource source, TraceMetadata metadata, String name, List<String> changes)
            throws IOException {
        List<Piece> pieces = new ArrayList<>();
        List<CtfTraceReader.Skipped> skipped = new ArrayList<>();
        boolean changed = false;
        int kept = 0;
        try (SeekableByteChannel channel = source.open(name)) {
            PacketWalker walker = new PacketWalker(source.directory().resolve(name), channel, metadata, skipped::add);
            for (PacketWalker.Packet packet; (packet = walker.next()) != null; ) {
                kept++;
                changed |= keep(packet, name, pieces, changes);
            }
        }
        for (CtfTraceReader.Skipped s : skipped) {
            changes.add(name + ": dropped " + s.length() + " bytes at offset " + s.offset() + ": " + s.reason());
            changed = true;
        }
        if (changed) {
            changes.add(name + ": kept " + kept + " packets");
        }
        return new StreamPlan(name, List.copyOf(pieces), changed, metadata);
    }

    /** Adds the accepted {@code packet} to {@code pieces}, as it is or cut back; whether it was cut. */
    private static boolean keep(PacketWalker.Packet packet, String name, List<Piece> pieces, List<String> changes) {
        if (packet.intact) {
            pieces.add(new Piece(packet.offset, packet.extent, null));
            return false;
        }
        pieces.add(new Piece(packet.offset, packet.eventsEnd, repaired(packet)));
        changes.add(name + ": repaired the packet at offset " + packet.offset + " to its " + packet.events
                + " complete events");
        return true;
    }

    /**
     * A stream file of a trace with a state file: sub-buffer {@code s} is the packet at offset {@code s × S}.
     * Packets below the state's {@code finalized} are final: kept as the reader accepts them. Each later
     * packet whose header is this stream's is cut back to its whole records ({@link RecordScan}) and given
     * the context its writer never wrote, packed ({@code packet_size = content_size}); a packet with no
     * whole record is left out, and so are the pre-allocated zeros after the last packet.
     */
    private static StreamPlan planMappedStream(TraceSource source, TraceMetadata metadata, StateFile.State state,
            StateFile.StreamState block, String name, List<String> changes) throws IOException {
        List<Piece> pieces = new ArrayList<>();
        List<CtfTraceReader.Skipped> skipped = new ArrayList<>();
        boolean changed = false;
        int finalizedKept = 0;
        long subBuffer = state.subBufferSize();
        Path file = source.directory().resolve(name);
        try (SeekableByteChannel channel = source.open(name)) {
            long size = channel.size();
            long finalizedEnd = block.finalized() <= 0 ? 0
                    : block.finalized() >= size / subBuffer ? size : block.finalized() * subBuffer;
            if (state.overwrite()) {
                finalizedEnd = 0; // a ring: no packet is final, each is ordered by its header
            }
            // the tail of the stream so far: where recovered packets continue from
            long lastSeq = -1;
            long lastEnd = 0;
            long lastDiscarded = 0;
            boolean any = false;
            PacketWalker walker = new PacketWalker(file, new Bounded(channel, finalizedEnd), metadata, skipped::add);
            for (PacketWalker.Packet packet; (packet = walker.next()) != null; ) {
                finalizedKept++;
                changed |= keep(packet, name, pieces, changes);
                lastSeq = packet.u64(CtfLayout.SEQ_NUM_OFFSET);
                lastEnd = packet.intact ? Math.max(packet.u64(CtfLayout.TIMESTAMP_END_OFFSET), packet.lastTimestamp)
                        : packet.lastTimestamp;
                lastDiscarded = Math.max(lastDiscarded, packet.u64(CtfLayout.DISCARDED_OFFSET));
                any = true;
            }
            for (CtfTraceReader.Skipped s : skipped) {
                changes.add(name + ": dropped " + s.length() + " bytes at offset " + s.offset() + " of its finalized"
                        + " packets: " + s.reason());
                changed = true;
            }
            long discarded = Math.max(lastDiscarded, block.discardedTotal());
            RecordScan scan = new RecordScan(metadata);
            byte[] expectedUuid = uuidBytes(metadata.uuid());
            int recovered = 0;
            long zeroBytes = 0;
            for (long[] candidate : unfinalized(channel, finalizedEnd, size, subBuffer, state)) {
                long at = candidate[0];
                long seq = candidate[1];
                int length = (int) Math.min(subBuffer, size - at);
                byte[] bytes = read(channel, file, at, length);
                String problem = headerProblem(bytes, length, expectedUuid, block.instance(), seq, state.overwrite());
                if (problem != null) {
                    if (isZero(bytes, length)) {
                        zeroBytes += length;
                    } else {
                        changes.add(name + ": dropped " + length + " bytes at offset " + at + ": " + problem);
                    }
                    changed = true;
                    continue;
                }
                int records = scan.scan(bytes, length, lastEnd);
                changed = true;
                if (records == 0) {
                    changes.add(name + ": left out the packet at offset " + at + " (sequence " + seq
                            + ", not finalized): no whole record" + dropped(scan));
                    continue;
                }
                Recut recut = new Recut(length, lastEnd, any ? lastEnd : scan.firstTimestamp(), ++lastSeq, discarded, records);
                pieces.add(new Piece(at, CtfLayout.PACKET_HEADER_SIZE + scan.recordBytes(), null, recut));
                changes.add(name + ": recovered the packet at offset " + at + " (sequence " + seq + ", not finalized): "
                        + records + " whole records" + dropped(scan));
                recovered++;
                lastEnd = scan.lastTimestamp();
                lastDiscarded = discarded;
                any = true;
            }
            if (zeroBytes > 0) {
                changes.add(name + ": dropped " + zeroBytes + " bytes of pre-allocated space (zeros, no packet)");
            }
            if (block.discardedTotal() > lastDiscarded) {
                // discards counted after the last packet: an empty packet carries them, as a clean close writes it
                byte[] empty = new byte[CtfLayout.PACKET_HEADER_SIZE];
                java.nio.ByteBuffer.wrap(empty).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(CtfLayout.MAGIC_OFFSET,
                        CtfLayout.MAGIC);
                System.arraycopy(expectedUuid, 0, empty, CtfLayout.UUID_OFFSET, 16);
                Packets.putU64(empty, CtfLayout.STREAM_INSTANCE_OFFSET, block.instance());
                Packets.putU64(empty, CtfLayout.TIMESTAMP_BEGIN_OFFSET, lastEnd);
                Packets.putU64(empty, CtfLayout.TIMESTAMP_END_OFFSET, lastEnd);
                Packets.putU64(empty, CtfLayout.CONTENT_SIZE_OFFSET, empty.length * 8L);
                Packets.putU64(empty, CtfLayout.PACKET_SIZE_OFFSET, empty.length * 8L);
                Packets.putU64(empty, CtfLayout.SEQ_NUM_OFFSET, ++lastSeq);
                Packets.putU64(empty, CtfLayout.DISCARDED_OFFSET, block.discardedTotal());
                pieces.add(new Piece(size, empty.length, empty));
                changes.add(name + ": added an empty packet carrying the " + (block.discardedTotal() - lastDiscarded)
                        + " events discarded after its last packet (from the state file)");
                changed = true;
            }
            if (changed) {
                changes.add(name + ": kept " + finalizedKept + " finalized packets, recovered " + recovered);
            }
        }
        return new StreamPlan(name, List.copyOf(pieces), changed, metadata);
    }

    /**
     * The packets after the finalized ones, as {offset, sequence} pairs in sequence order: discard mode,
     * every {@code S} bytes from {@code from}; overwrite mode, the ring's packets ordered by their
     * {@code packet_seq_num} (packets without a header go last, to be reported).
     */
    private static List<long[]> unfinalized(SeekableByteChannel channel, long from, long size, long subBuffer,
            StateFile.State state) throws IOException {
        List<long[]> packets = new ArrayList<>();
        for (long at = from; at < size; at += subBuffer) {
            packets.add(new long[] {at, at / subBuffer});
        }
        if (state.overwrite()) {
            ByteBuffer header = ByteBuffer.allocate(CtfLayout.PACKET_HEADER_SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (long[] p : packets) {
                header.clear();
                channel.position(p[0]);
                while (header.hasRemaining() && channel.read(header) >= 0) {
                    // a short last packet is reported by the header check
                }
                p[1] = header.position() >= CtfLayout.PACKET_HEADER_SIZE && header.getInt(CtfLayout.MAGIC_OFFSET) == CtfLayout.MAGIC
                        ? header.getLong(CtfLayout.SEQ_NUM_OFFSET) : Long.MAX_VALUE;
            }
            packets.sort(Comparator.comparingLong((long[] p) -> p[1]).thenComparingLong(p -> p[0]));
        }
        return packets;
    }

    /** Why the packet in {@code bytes} is not one of this stream's, or {@code null}. */
    private static String headerProblem(byte[] bytes, int length, byte[] uuid, long instance, long seq, boolean ring) {
        if (length < CtfLayout.PACKET_HEADER_SIZE) {
            return "the last " + length + " bytes are too few for a packet header";
        }
        if (Packets.u32(bytes, CtfLayout.MAGIC_OFFSET) != CtfLayout.MAGIC) {
            return "no packet magic";
        }
        if (!Arrays.equals(bytes, CtfLayout.UUID_OFFSET, CtfLayout.UUID_OFFSET + 16, uuid, 0, 16)) {
            return "packet of another trace";
        }
        if (Packets.u32(bytes, CtfLayout.STREAM_ID_OFFSET) != CtfLayout.STREAM_CLASS_ID) {
            return "stream class id " + Integer.toUnsignedString(Packets.u32(bytes, CtfLayout.STREAM_ID_OFFSET))
                    + ", the trace declares only " + CtfLayout.STREAM_CLASS_ID;
        }
        long streamInstance = Packets.u64(bytes, CtfLayout.STREAM_INSTANCE_OFFSET);
        if (streamInstance != instance) {
            return "packet of stream " + Long.toUnsignedString(streamInstance) + " in the file of stream " + instance;
        }
        long packetSeq = Packets.u64(bytes, CtfLayout.SEQ_NUM_OFFSET);
        if (!ring && packetSeq != seq) {
            return "packet_seq_num " + Long.toUnsignedString(packetSeq) + " at the place of sequence " + seq;
        }
        return null;
    }

    private static String dropped(RecordScan scan) {
        if (scan.skippedBytes() == 0) {
            return "";
        }
        return "; " + scan.skippedBytes() + " bytes left out (" + scan.skippedRecords() + " records never stamped, "
                + scan.resyncs() + " gaps with no whole record)";
    }

    private static boolean isZero(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] read(SeekableByteChannel channel, Path file, long at, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        channel.position(at);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException(file + " shrank while recovered (at offset " + (at + buffer.position()) + ")");
            }
        }
        return buffer.array();
    }

    private static byte[] uuidBytes(java.util.UUID uuid) {
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
    }

    /** The first {@code limit} bytes of a channel, read-only: the finalized packets of a mapped stream file. */
    private static final class Bounded implements SeekableByteChannel {
        private final SeekableByteChannel channel;
        private final long limit;
        private long position;

        Bounded(SeekableByteChannel channel, long limit) {
            this.channel = channel;
            this.limit = limit;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (position >= limit) {
                return -1;
            }
            ByteBuffer view = dst.slice();
            view.limit((int) Math.min(view.remaining(), limit - position));
            channel.position(position);
            int n = channel.read(view);
            if (n > 0) {
                dst.position(dst.position() + n);
                position += n;
            }
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new java.nio.channels.NonWritableChannelException();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) {
            position = newPosition;
            return this;
        }

        @Override
        public long size() {
            return limit;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new java.nio.channels.NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() {
            // the underlying channel is the caller's
        }
    }

    /** The packet {@code recut} describes, cut back to its whole records, with its context. */
    private static byte[] recut(byte[] bytes, RecordScan scan, Recut recut, Path file, long at) throws IOException {
        if (scan.scan(bytes, recut.limit(), recut.previousTimestamp()) != recut.records()) {
            throw new IOException(file + " changed while recovered (the packet at offset " + at + "): is a process still"
                    + " recording into it?");
        }
        byte[] packet = scan.compact(bytes);
        long bits = packet.length * 8L;
        Packets.putU64(packet, CtfLayout.TIMESTAMP_BEGIN_OFFSET, recut.begin());
        Packets.putU64(packet, CtfLayout.TIMESTAMP_END_OFFSET, scan.lastTimestamp());
        Packets.putU64(packet, CtfLayout.CONTENT_SIZE_OFFSET, bits);
        Packets.putU64(packet, CtfLayout.PACKET_SIZE_OFFSET, bits);
        Packets.putU64(packet, CtfLayout.SEQ_NUM_OFFSET, recut.seq());
        Packets.putU64(packet, CtfLayout.DISCARDED_OFFSET, recut.discarded());
        return packet;
    }

    /** The packet cut back to its accepted events, its sizes and end time fixed. */
    private static byte[] repaired(PacketWalker.Packet packet) {
        byte[] bytes = Arrays.copyOf(packet.bytes, packet.eventsEnd);
        long bits = (long) packet.eventsEnd * 8;
        Packets.putU64(bytes, CtfLayout.TIMESTAMP_END_OFFSET, packet.lastTimestamp);
        Packets.putU64(bytes, CtfLayout.CONTENT_SIZE_OFFSET, bits);
        Packets.putU64(bytes, CtfLayout.PACKET_SIZE_OFFSET, bits);
        return bytes;
    }

    /** Writes the repaired stream to {@code out}. */
    static void write(TraceSource source, StreamPlan stream, WritableByteChannel out) throws IOException {
        try (SeekableByteChannel in = source.open(stream.name)) {
            long largest = 0;
            for (Piece piece : stream.pieces) {
                largest = piece.bytes == null && piece.recut == null ? Math.max(largest, piece.length) : largest;
            }
            ByteBuffer copy = ByteBuffer.allocate((int) Math.max(1, Math.min(64 * 1024, largest))); // small pieces, small buffer
            RecordScan scan = null;
            for (Piece piece : stream.pieces) {
                if (piece.recut != null) {
                    if (scan == null) {
                        scan = new RecordScan(stream.metadata);
                    }
                    Path file = source.directory().resolve(stream.name);
                    byte[] packet = recut(read(in, file, piece.offset, piece.recut.limit()), scan, piece.recut, file, piece.offset);
                    if (packet.length != piece.length) {
                        throw new IOException(file + " changed while recovered (the packet at offset " + piece.offset + ")");
                    }
                    writeFully(out, ByteBuffer.wrap(packet));
                    continue;
                }
                if (piece.bytes != null) {
                    writeFully(out, ByteBuffer.wrap(piece.bytes));
                    continue;
                }
                in.position(piece.offset);
                for (long left = piece.length; left > 0; ) {
                    copy.clear().limit((int) Math.min(copy.capacity(), left));
                    if (in.read(copy) < 0) {
                        throw new IOException(source.directory().resolve(stream.name) + " shrank while recovered");
                    }
                    left -= copy.flip().remaining();
                    writeFully(out, copy);
                }
            }
        }
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    private static void writeMetadata(TraceSource source, Plan plan, Path target) throws IOException {
        Files.write(target, Arrays.copyOf(source.metadata(), plan.metadataLength), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
    }

    /** Each damaged file is replaced by a repaired copy renamed over it: the rename replaces the entry, never a link's target. */
    private static void writeInPlace(TraceSource source, Plan plan) throws IOException {
        Path directory = source.directory();
        if (plan.metadataChanged) {
            Path temporary = directory.resolve("." + CtfLayout.METADATA_FILE + ".recovering");
            try {
                writeMetadata(source, plan, temporary);
                Files.move(temporary, directory.resolve(CtfLayout.METADATA_FILE), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
        // every repaired copy is written before any replaces its original: an error while writing leaves the trace as it was
        List<StreamPlan> changed = plan.streams.stream().filter(StreamPlan::changed).toList();
        List<Path> temporaries = new ArrayList<>();
        try {
            for (StreamPlan stream : changed) {
                Path temporary = directory.resolve("." + stream.name + ".recovering");
                temporaries.add(temporary);
                try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    write(source, stream, out);
                }
            }
            for (int i = 0; i < changed.size(); i++) {
                Files.move(temporaries.get(i), directory.resolve(changed.get(i).name), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            for (Path temporary : temporaries) {
                Files.deleteIfExists(temporary);
            }
        }
        if (plan.dropState) {
            // the packed files no longer have packets at the offsets the state describes: a later recovery must
            // not read them by it (not atomic with the renames above: a crash between them needs the state removed by hand)
            Path state = StateFile.path(directory);
            Files.deleteIfExists(state);
            try {
                Files.deleteIfExists(state.getParent());
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                // something else lives there: leave it
            }
        }
    }

    private static void deleteTree(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // best effort: the error that made us clean up is the one to report
        }
    }
}
