package io.waymark.backend.ctf;

import io.waymark.backend.ctf.internal.CtfLayout;
import io.waymark.backend.ctf.internal.Packets;
import io.waymark.backend.ctf.internal.TraceMetadata;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Repairs a CTF trace whose recording process died (for example killed with SIGKILL): drops a
 * metadata block cut short, and in each stream file keeps the intact packets, turns a packet cut
 * short into a complete one holding the events that fit (fixing {@code content_size},
 * {@code packet_size} and {@code timestamp_end}), and truncates what follows.
 *
 * <p>From a shell, {@code waymark recover TRACE_DIR} (the {@code waymark-tools} command line) runs it;
 * from Java:
 *
 * <pre>{@code
 * List<String> repairs = CtfRecover.recover(Path.of("traces/checkout"));
 * }</pre>
 */
public final class CtfRecover {

    private CtfRecover() {}

    /**
     * Repairs the trace in {@code directory} in place.
     *
     * @return one line per repair made; empty when the trace was intact
     * @throws IllegalArgumentException if the directory holds no Waymark CTF trace
     */
    public static List<String> recover(Path directory) throws IOException {
        List<String> report = new ArrayList<>();
        Path metadataFile = directory.resolve(CtfLayout.METADATA_FILE);
        if (!Files.isRegularFile(metadataFile)) {
            throw new IllegalArgumentException(directory + " holds no CTF trace (no metadata file)");
        }
        TraceMetadata metadata = TraceMetadata.read(directory);
        long metadataSize = Files.size(metadataFile);
        if (metadataSize > metadata.completeLength()) {
            truncate(metadataFile, metadata.completeLength());
            report.add("metadata: dropped " + (metadataSize - metadata.completeLength()) + " bytes of an incomplete block");
        }
        List<Path> streams;
        try (Stream<Path> files = Files.list(directory)) {
            streams = files.filter(f -> f.getFileName().toString().startsWith(CtfLayout.STREAM_FILE_PREFIX)).sorted().toList();
        }
        for (Path stream : streams) {
            recoverStream(stream, metadata, report);
        }
        return report;
    }

    private static void recoverStream(Path file, TraceMetadata metadata, List<String> report) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int at = 0;
        int packets = 0;
        for (int size; (size = Packets.intactPacketSize(bytes, at)) > 0; at += size) {
            packets++;
        }
        if (at == bytes.length) {
            return;
        }
        String name = file.getFileName().toString();
        if (bytes.length - at < CtfLayout.PACKET_HEADER_SIZE || Packets.u32(bytes, at) != CtfLayout.MAGIC) {
            truncate(file, at);
            report.add(name + ": kept " + packets + " packets, dropped " + (bytes.length - at) + " bytes of a packet header");
            return;
        }
        long declaredEnd = at + Packets.u64(bytes, at + CtfLayout.CONTENT_SIZE_OFFSET) / 8;
        int end = (int) Math.min(bytes.length, Math.max(at + CtfLayout.PACKET_HEADER_SIZE, declaredEnd));
        int event = at + CtfLayout.PACKET_HEADER_SIZE;
        int events = 0;
        long lastTimestamp = Packets.u64(bytes, at + CtfLayout.TIMESTAMP_BEGIN_OFFSET);
        for (int size; event < end && (size = metadata.eventSize(bytes, event, end)) > 0; event += size) {
            lastTimestamp = Math.max(lastTimestamp, Packets.u64(bytes, event + CtfLayout.EVENT_TIMESTAMP_OFFSET));
            events++;
        }
        long bits = (long) (event - at) * 8;
        byte[] header = new byte[CtfLayout.PACKET_HEADER_SIZE];
        System.arraycopy(bytes, at, header, 0, header.length);
        Packets.putU64(header, CtfLayout.TIMESTAMP_END_OFFSET, lastTimestamp);
        Packets.putU64(header, CtfLayout.CONTENT_SIZE_OFFSET, bits);
        Packets.putU64(header, CtfLayout.PACKET_SIZE_OFFSET, bits);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(header), at);
            channel.truncate(event);
        }
        report.add(name + ": kept " + packets + " packets, repaired the last one to its " + events + " complete events, dropped "
                + (bytes.length - event) + " bytes");
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }
}
