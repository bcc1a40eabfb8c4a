package io.waymark.backend.ctf;

import io.waymark.backend.ctf.internal.CtfLayout;
import io.waymark.backend.ctf.internal.Packets;
import io.waymark.backend.ctf.internal.RecordScan;
import io.waymark.backend.ctf.internal.StateFile;
import io.waymark.backend.ctf.internal.TraceMetadata;
import io.waymark.spi.DiscardReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Lays out traces in the mapped stream format by hand (design 4.1): packet {@code s} of a stream file at
 * offset {@code s × S}, a header on every prepared packet, a context only on finalized ones, records as a
 * crash leaves them (whole, never stamped, torn, never copied), pre-allocated zeros after the last
 * packet, and the {@code .waymark/state} file. The records and the metadata are a real session's
 * ({@link RecordedTrace}: {@code ctftest.shop:tick(thread, sequence)} events), so that babeltrace2 reads
 * what the recovery makes of them.
 */
final class MappedTraceBuilder {

    /** One real tick event: its CTF event bytes (from the id word on), restamped when laid out. */
    record Tick(int thread, long sequence, byte[] event) {

        /** babeltrace2's text for its fields. */
        String text() {
            return "thread = " + thread + ", sequence = " + sequence;
        }
    }

    /** The tick events of a recorded trace, stream by stream, in file order. */
    static List<Tick> ticks(Path recorded) throws IOException {
        TraceMetadata metadata = TraceMetadata.read(recorded);
        List<Tick> ticks = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(recorded)) {
            files = list.filter(f -> f.getFileName().toString().startsWith(CtfLayout.STREAM_FILE_PREFIX)).sorted().toList();
        }
        for (Path file : files) {
            for (byte[] packet : RecordedTrace.packets(file)) {
                int end = (int) (Packets.u64(packet, CtfLayout.CONTENT_SIZE_OFFSET) / 8);
                for (int at = CtfLayout.PACKET_HEADER_SIZE; at < end; ) {
                    int size = metadata.eventSize(packet, at, end);
                    byte[] event = Arrays.copyOfRange(packet, at, at + size);
                    ByteBuffer b = ByteBuffer.wrap(event).order(ByteOrder.LITTLE_ENDIAN);
                    ticks.add(new Tick(b.getInt(CtfLayout.EVENT_HEADER_SIZE), b.getLong(CtfLayout.EVENT_HEADER_SIZE + 4), event));
                    at += size;
                }
            }
        }
        return ticks;
    }

    private final Path target;
    private final int subBuffer;
    private final byte[] uuid;
    private final List<StreamFile> streams = new ArrayList<>();
    /** The clock of the laid out records: every record, whole or not, takes the next tick of it. */
    private long clock;
    private boolean overwrite;

    /**
     * A trace in {@code target} with the metadata of the recorded trace {@code recorded} and packets of
     * {@code subBuffer} bytes.
     */
    MappedTraceBuilder(Path recorded, Path target, int subBuffer) throws IOException {
        this.target = target;
        this.subBuffer = subBuffer;
        Files.createDirectories(target);
        Files.copy(recorded.resolve(CtfLayout.METADATA_FILE), target.resolve(CtfLayout.METADATA_FILE));
        UUID id = TraceMetadata.read(recorded).uuid();
        uuid = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
        // the recording's first timestamp: babeltrace2 prints times near the recording's
        clock = ByteBuffer.wrap(ticks(recorded).get(0).event).order(ByteOrder.LITTLE_ENDIAN)
                .getLong(CtfLayout.EVENT_TIMESTAMP_OFFSET);
    }

    /** The state file says the trace is an overwrite-mode ring. */
    MappedTraceBuilder overwrite() {
        overwrite = true;
        return this;
    }

    /** The next stream file ({@code stream_0}, {@code stream_1}, ...). */
    StreamFile stream() {
        StreamFile stream = new StreamFile(streams.size());
        streams.add(stream);
        return stream;
    }

    /** One stream file. */
    final class StreamFile {
        final int instance;
        final List<PacketLayout> packets = new ArrayList<>();
        int zeroPackets;
        long finalized = -1;
        long[] discarded = new long[DiscardReason.values().length];

        StreamFile(int instance) {
            this.instance = instance;
        }

        /** The next packet (sequence = its index, at offset sequence × S), prepared: its header written. */
        PacketLayout packet() {
            PacketLayout packet = new PacketLayout(this, packets.size(), packets.size());
            packets.add(packet);
            return packet;
        }

        /** An overwrite ring's packet of sequence {@code seq} in slot {@code slot} (at offset slot × S). */
        PacketLayout ringPacket(int slot, long seq) {
            PacketLayout packet = new PacketLayout(this, seq, slot);
            packets.add(packet);
            return packet;
        }

        /** {@code count} packets of pre-allocated zeros after the last packet. */
        StreamFile zeros(int count) {
            zeroPackets += count;
            return this;
        }

        /** What the state file says of the finalized packets (default: the number of packets marked finalized). */
        StreamFile stateFinalized(long count) {
            finalized = count;
            return this;
        }

        /** Discards the state file counts for this stream. */
        StreamFile discarded(DiscardReason reason, long count) {
            discarded[reason.ordinal()] = count;
            return this;
        }
    }

    /** One packet of a stream file: what its writers left in it. */
    final class PacketLayout {
        final StreamFile stream;
        final long seq;
        final int slot;
        final ByteBuffer bytes;
        int at = CtfLayout.PACKET_HEADER_SIZE;
        long beginTs;
        long lastTs;
        boolean finalized;
        int records;
        /** The byte ranges {from, to} of records that are not whole: what a crash may leave in any state. */
        final List<int[]> gaps = new ArrayList<>();
        /** The byte ranges {from, to} that hold zeros because nothing was copied there (holes, the rest of torn copies). */
        final List<int[]> zeroRanges = new ArrayList<>();

        PacketLayout(StreamFile stream, long seq, int slot) {
            this.stream = stream;
            this.seq = seq;
            this.slot = slot;
            this.bytes = ByteBuffer.allocate(subBuffer).order(ByteOrder.LITTLE_ENDIAN);
            bytes.putInt(CtfLayout.MAGIC_OFFSET, CtfLayout.MAGIC);
            bytes.put(CtfLayout.UUID_OFFSET, uuid);
            bytes.putLong(CtfLayout.STREAM_INSTANCE_OFFSET, stream.instance);
            bytes.putLong(CtfLayout.SEQ_NUM_OFFSET, seq);
            beginTs = clock;
        }

        private int claim(Tick tick) {
            if (at + tick.event.length >= subBuffer) {
                throw new IllegalStateException("packet " + seq + " is full");
            }
            int start = at;
            bytes.put(start, tick.event);
            at += tick.event.length;
            clock += 1000;
            gaps.add(new int[] {start, at});
            return start;
        }

        /** A whole record: copied, then stamped with the next clock value. */
        PacketLayout whole(Tick tick) {
            int start = claim(tick);
            bytes.putLong(start + CtfLayout.EVENT_TIMESTAMP_OFFSET, clock);
            lastTs = clock;
            records++;
            gaps.remove(gaps.size() - 1);
            return this;
        }

        /** A record copied whole whose writer died before stamping it: timestamp 0. */
        PacketLayout unstamped(Tick tick) {
            int start = claim(tick);
            bytes.putLong(start + CtfLayout.EVENT_TIMESTAMP_OFFSET, 0);
            return this;
        }

        /** A record being copied: the {@code IN_PROGRESS | length} stamp. */
        PacketLayout inProgress(Tick tick) {
            int start = claim(tick);
            bytes.putLong(start + CtfLayout.EVENT_TIMESTAMP_OFFSET, RecordScan.IN_PROGRESS | tick.event.length);
            return this;
        }

        /** A copy cut after {@code copied} bytes (timestamp 0 in them): zeros after. */
        PacketLayout torn(Tick tick, int copied) {
            int start = claim(tick);
            bytes.putLong(start + CtfLayout.EVENT_TIMESTAMP_OFFSET, 0);
            for (int i = start + copied; i < at; i++) {
                bytes.put(i, (byte) 0);
            }
            zeroRanges.add(new int[] {start + copied, at});
            return this;
        }

        /** Claimed, never copied: zeros of the record's length. */
        PacketLayout hole(Tick tick) {
            int start = claim(tick);
            for (int i = start; i < at; i++) {
                bytes.put(i, (byte) 0);
            }
            zeroRanges.add(new int[] {start, at});
            return this;
        }

        /** The keeper finalized it: context written (packet_size = S), its discards as the stream's. */
        PacketLayout finalized(long eventsDiscarded) {
            finalized = true;
            bytes.putLong(CtfLayout.TIMESTAMP_BEGIN_OFFSET, beginTs);
            bytes.putLong(CtfLayout.TIMESTAMP_END_OFFSET, Math.max(lastTs, beginTs));
            bytes.putLong(CtfLayout.CONTENT_SIZE_OFFSET, at * 8L);
            bytes.putLong(CtfLayout.PACKET_SIZE_OFFSET, subBuffer * 8L);
            bytes.putLong(CtfLayout.DISCARDED_OFFSET, eventsDiscarded);
            return this;
        }

        /** Whether {@code size} more bytes of record fit. */
        boolean fits(int size) {
            return at + size < subBuffer;
        }

        /**
         * The rest of the sub-buffer still holds records of an older generation ({@code ticks}, stamped with
         * timestamps before every record of this one), as an overwrite ring leaves them.
         */
        PacketLayout olderGeneration(List<Tick> ticks, long oldestTimestamp) {
            long ts = oldestTimestamp;
            for (Tick tick : ticks) {
                bytes.put(at, tick.event);
                bytes.putLong(at + CtfLayout.EVENT_TIMESTAMP_OFFSET, ts += 1000);
                at += tick.event.length;
            }
            return this;
        }

        /** Its bytes, for surgery by a test. */
        byte[] array() {
            return bytes.array();
        }
    }

    /** Writes the stream files and the state file; returns the trace directory. */
    Path write() throws IOException {
        int count = Math.max(1, streams.size());
        try (StateFile state = StateFile.create(target, uuid, overwrite, subBuffer, 64, subBuffer * 4L, count)) {
            for (StreamFile stream : streams) {
                int slots = stream.packets.stream().mapToInt(p -> p.slot + 1).max().orElse(0);
                byte[] file = new byte[(slots + stream.zeroPackets) * subBuffer];
                long finalized = 0;
                long recorded = 0;
                for (PacketLayout packet : stream.packets) {
                    System.arraycopy(packet.bytes.array(), 0, file, packet.slot * subBuffer, subBuffer);
                    if (packet.finalized && finalized == packet.seq) {
                        finalized++;
                        recorded += packet.records;
                    }
                }
                Files.write(target.resolve(CtfLayout.STREAM_FILE_PREFIX + stream.instance), file);
                long stateFinalized = stream.finalized >= 0 ? stream.finalized : finalized;
                state.stream(stream.instance, stream.packets.size() * (long) subBuffer, stateFinalized,
                        stream.packets.size(), recorded, stream.discarded, 0);
            }
        }
        return target;
    }
}
