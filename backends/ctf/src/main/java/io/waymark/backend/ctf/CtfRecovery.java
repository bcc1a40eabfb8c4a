package io.waymark.backend.ctf;

import io.waymark.backend.ctf.internal.CtfLayout;
import io.waymark.backend.ctf.internal.PacketWalker;
import io.waymark.backend.ctf.internal.Packets;
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
    record Piece(long offset, long length, byte[] bytes) {}

    /** How one stream file is rebuilt. */
    record StreamPlan(String name, List<Piece> pieces, boolean changed) {}

    /** The repairs of a trace. */
    record Plan(int metadataLength, boolean metadataChanged, List<StreamPlan> streams, List<String> changes) {

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
        List<StreamPlan> streams = new ArrayList<>();
        for (String name : source.streams()) {
            List<Piece> pieces = new ArrayList<>();
            List<CtfTraceReader.Skipped> skipped = new ArrayList<>();
            boolean changed = false;
            int kept = 0;
            try (SeekableByteChannel channel = source.open(name)) {
                PacketWalker walker = new PacketWalker(source.directory().resolve(name), channel, metadata, skipped::add);
                for (PacketWalker.Packet packet; (packet = walker.next()) != null; ) {
                    kept++;
                    if (packet.intact) {
                        pieces.add(new Piece(packet.offset, packet.extent, null));
                    } else {
                        pieces.add(new Piece(packet.offset, packet.eventsEnd, repaired(packet)));
                        changes.add(name + ": repaired the packet at offset " + packet.offset + " to its " + packet.events
                                + " complete events");
                        changed = true;
                    }
                }
            }
            for (CtfTraceReader.Skipped s : skipped) {
                changes.add(name + ": dropped " + s.length() + " bytes at offset " + s.offset() + ": " + s.reason());
                changed = true;
            }
            if (changed) {
                changes.add(name + ": kept " + kept + " packets");
            }
            streams.add(new StreamPlan(name, List.copyOf(pieces), changed));
        }
        return new Plan(metadata.completeLength(), metadataChanged, List.copyOf(streams), List.copyOf(changes));
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
                largest = piece.bytes == null ? Math.max(largest, piece.length) : largest;
            }
            ByteBuffer copy = ByteBuffer.allocate((int) Math.max(1, Math.min(64 * 1024, largest))); // small pieces, small buffer
            for (Piece piece : stream.pieces) {
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
        for (StreamPlan stream : plan.streams) {
            if (!stream.changed) {
                continue;
            }
            Path temporary = directory.resolve("." + stream.name + ".recovering");
            try {
                try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    write(source, stream, out);
                }
                Files.move(temporary, directory.resolve(stream.name), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
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
