package io.waymark.backend.ctf.internal;

import io.waymark.backend.ctf.CtfTraceReader.Skipped;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Walks one stream file packet by packet, holding one packet in memory at a time (at most
 * {@link #MAX_PACKET_SIZE} bytes, whatever the file's size), for the reader and the recovery alike.
 *
 * <p>A packet is accepted when its header is the trace's (magic, trace uuid, stream class id), its
 * sizes are consistent, and it continues its stream: the stream instance id the file's name gives
 * ({@code stream_N}; else its first accepted packet's), a {@code packet_seq_num} greater than the
 * previous accepted packet's (a gap is packets lost by the recording, as babeltrace2 reads it) and a
 * {@code timestamp_begin} not before the previous packet's last event. Within a packet, events are accepted
 * up to the first that is of no declared class, does not fit, or goes back in time. What is not
 * accepted is reported as a {@link Skipped} and the walk resumes at the next packet header of the
 * trace (magic and uuid), so every intact packet after damage is read.
 */
public final class PacketWalker {

    /** The largest packet read: the largest sub-buffer a session records ({@code subbuffer-size}). */
    public static final int MAX_PACKET_SIZE = 64 * 1024 * 1024;

    private static final int SCAN_WINDOW = 64 * 1024;

    /** An accepted packet; its bytes are valid until the next call of {@link #next()}. */
    public static final class Packet {
        /** Offset of the packet in the file. */
        public long offset;
        /** The packet's bytes from its header to the end of its content, or of what the file holds of it. */
        public byte[] bytes;
        /** How many bytes of {@link #bytes} are the packet's content as read. */
        public int contentSize;
        /** The end of the last accepted event (within {@link #bytes}): {@link #contentSize} for an intact packet. */
        public int eventsEnd;
        /** The bytes the packet takes in the file ({@code packet_size}), or up to where the walk resumed. */
        public long extent;
        /** Number of accepted events. */
        public int events;
        /** The timestamp of the last accepted event, or {@code timestamp_begin} when there is none. */
        public long lastTimestamp;
        /** Whether the packet is as written: all its content accepted, nothing cut short. */
        public boolean intact;

        /** A field of the packet header or context, {@link CtfLayout}. */
        public long u64(int offset) {
            return Packets.u64(bytes, offset);
        }
    }

    private final Path file;
    private final SeekableByteChannel channel;
    private final TraceMetadata metadata;
    private final Consumer<Skipped> skipped;
    private final byte[] uuid;
    private final long size;
    private final Packet packet = new Packet();
    /** Allocated at the first damage: most walks never resynchronise, and a trace is walked per stream and per pass. */
    private ByteBuffer scan;
    private byte[] buffer = new byte[CtfLayout.PACKET_HEADER_SIZE];
    private long position;
    private long instance;
    private boolean instanceKnown;
    private long lastSeq = -1;
    private boolean anyAccepted;
    private long lastEnd;

    /**
     * @param file names the stream in reports; its name gives the expected stream instance id
     * @param channel the stream's bytes, read at positions (not closed here)
     * @param skipped receives each region not accepted, in file order
     */
    public PacketWalker(Path file, SeekableByteChannel channel, TraceMetadata metadata, Consumer<Skipped> skipped)
            throws IOException {
        this.file = file;
        this.channel = channel;
        this.metadata = metadata;
        this.skipped = skipped;
        this.size = channel.size();
        this.uuid = uuidBytes(metadata.uuid());
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        if (name.startsWith(CtfLayout.STREAM_FILE_PREFIX)) {
            try {
                instance = Long.parseLong(name.substring(CtfLayout.STREAM_FILE_PREFIX.length()));
                instanceKnown = true;
            } catch (NumberFormatException e) {
                instanceKnown = false; // a renamed file: its first packet says which stream it is
            }
        }
    }

    /** The file's size when the walk started; bytes appended later are not read. */
    public long size() {
        return size;
    }

    /** The next accepted packet, or {@code null} at the end of the file. */
    public Packet next() throws IOException {
        while (position < size) {
            long at = position;
            if (size - at < CtfLayout.PACKET_HEADER_SIZE) {
                skip(at, size, "the last " + (size - at) + " bytes are too few for a packet header");
                position = size;
                return null;
            }
            read(at, CtfLayout.PACKET_HEADER_SIZE);
            String problem = headerProblem();
            if (problem != null) {
                position = resync(at + 1, size);
                skip(at, position, problem);
                continue;
            }
            long packetSize = Packets.u64(buffer, CtfLayout.PACKET_SIZE_OFFSET) / 8;
            long contentSize = Packets.u64(buffer, CtfLayout.CONTENT_SIZE_OFFSET) / 8;
            long end = Math.min(at + packetSize, size);
            problem = orderProblem();
            if (problem != null) {
                position = resync(at + CtfLayout.PACKET_HEADER_SIZE, end);
                skip(at, position, problem);
                continue;
            }
            int readable = (int) (Math.min(at + contentSize, end) - at);
            read(at, readable);
            packet.offset = at;
            packet.bytes = buffer;
            packet.contentSize = readable;
            String eventProblem = walkEvents(readable);
            boolean cut = at + packetSize > size;
            // a timestamp_end before the last event is repaired by the recovery, as a cut packet's is
            packet.intact = eventProblem == null && !cut
                    && Long.compareUnsigned(Packets.u64(buffer, CtfLayout.TIMESTAMP_END_OFFSET), packet.lastTimestamp) >= 0;
            if (packet.intact) {
                position = at + packetSize;
            } else {
                long from = at + packet.eventsEnd;
                position = resync(from, end);
                String what = eventProblem != null ? eventProblem
                        : cut ? "packet cut short: the file ends " + (at + packetSize - size) + " bytes before it"
                        : "timestamp_end before the packet's last event";
                skip(from, position, what + "; " + packet.events + " events before it read");
            }
            packet.extent = position - at;
            accept();
            return packet;
        }
        return null;
    }

    /** Whether the header in {@link #buffer} is one of this trace's, with consistent sizes. */
    private String headerProblem() {
        if (Packets.u32(buffer, CtfLayout.MAGIC_OFFSET) != CtfLayout.MAGIC) {
            return "no packet magic";
        }
        if (!Arrays.equals(buffer, CtfLayout.UUID_OFFSET, CtfLayout.UUID_OFFSET + 16, uuid, 0, 16)) {
            return "packet of another trace (uuid " + uuidOf(buffer) + ", this trace's is " + metadata.uuid() + ")";
        }
        int streamClass = Packets.u32(buffer, CtfLayout.STREAM_ID_OFFSET);
        if (streamClass != CtfLayout.STREAM_CLASS_ID) {
            return "stream class id " + Integer.toUnsignedString(streamClass) + ", the trace declares only "
                    + CtfLayout.STREAM_CLASS_ID;
        }
        long content = Packets.u64(buffer, CtfLayout.CONTENT_SIZE_OFFSET);
        long packetBits = Packets.u64(buffer, CtfLayout.PACKET_SIZE_OFFSET);
        if (content % 8 != 0 || packetBits % 8 != 0 || Long.compareUnsigned(content, packetBits) > 0
                || Long.compareUnsigned(content, CtfLayout.PACKET_HEADER_SIZE * 8L) < 0
                || Long.compareUnsigned(packetBits, MAX_PACKET_SIZE * 8L) > 0) {
            return "inconsistent packet sizes (content_size " + Long.toUnsignedString(content) + " bits, packet_size "
                    + Long.toUnsignedString(packetBits) + " bits; at most " + MAX_PACKET_SIZE * 8L + ")";
        }
        return null;
    }

    /** Whether the packet in {@link #buffer} continues this stream. */
    private String orderProblem() {
        long streamInstance = Packets.u64(buffer, CtfLayout.STREAM_INSTANCE_OFFSET);
        if (instanceKnown && streamInstance != instance) {
            return "packet of stream " + Long.toUnsignedString(streamInstance) + " in the file of stream "
                    + Long.toUnsignedString(instance) + " (moved or copied from another stream)";
        }
        long seq = Packets.u64(buffer, CtfLayout.SEQ_NUM_OFFSET);
        if (anyAccepted && Long.compareUnsigned(seq, lastSeq) <= 0) {
            return "packet_seq_num " + Long.toUnsignedString(seq) + " after " + Long.toUnsignedString(lastSeq)
                    + " (a duplicated or misplaced packet)";
        }
        long begin = Packets.u64(buffer, CtfLayout.TIMESTAMP_BEGIN_OFFSET);
        if (anyAccepted && Long.compareUnsigned(begin, lastEnd) < 0) {
            return "timestamp_begin " + Long.toUnsignedString(begin) + " before the end of the previous packet, "
                    + Long.toUnsignedString(lastEnd) + " (a misplaced packet)";
        }
        return null;
    }

    /** Walks the events of the packet in {@link #buffer}; a description of the first one refused, or {@code null}. */
    private String walkEvents(int readable) {
        int at = CtfLayout.PACKET_HEADER_SIZE;
        long previous = Packets.u64(buffer, CtfLayout.TIMESTAMP_BEGIN_OFFSET);
        packet.events = 0;
        String problem = null;
        while (at < readable) {
            int eventSize = metadata.eventSize(buffer, at, readable);
            if (eventSize < 0) {
                problem = readable - at < CtfLayout.EVENT_HEADER_SIZE
                        || metadata.classes().containsKey(Packets.u32(buffer, at + CtfLayout.EVENT_ID_OFFSET))
                        ? "event that does not fit its packet"
                        : "event of class " + Integer.toUnsignedString(Packets.u32(buffer, at + CtfLayout.EVENT_ID_OFFSET))
                                + ", which the metadata does not declare";
                break;
            }
            long timestamp = Packets.u64(buffer, at + CtfLayout.EVENT_TIMESTAMP_OFFSET);
            if (Long.compareUnsigned(timestamp, previous) < 0) {
                problem = "event whose timestamp " + Long.toUnsignedString(timestamp) + " is before the previous one, "
                        + Long.toUnsignedString(previous);
                break;
            }
            previous = timestamp;
            at += eventSize;
            packet.events++;
        }
        packet.eventsEnd = at;
        packet.lastTimestamp = previous;
        return problem;
    }

    private void accept() {
        if (!instanceKnown) {
            instance = Packets.u64(buffer, CtfLayout.STREAM_INSTANCE_OFFSET);
            instanceKnown = true;
        }
        anyAccepted = true;
        lastSeq = Packets.u64(buffer, CtfLayout.SEQ_NUM_OFFSET);
        if (packet.events > 0) {
            // the last event, not timestamp_end: a damaged header field must not make every later packet refused
            lastEnd = packet.lastTimestamp;
        }
    }

    private void skip(long from, long to, String reason) {
        if (to > from) {
            skipped.accept(new Skipped(file, from, to - from, reason));
        }
    }

    /** Reads {@code length} bytes at {@code at} into {@link #buffer} (grown as needed, never shrunk). */
    private void read(long at, int length) throws IOException {
        if (buffer.length < length) {
            buffer = new byte[Math.max(length, Math.min(MAX_PACKET_SIZE, buffer.length * 2))];
        }
        ByteBuffer target = ByteBuffer.wrap(buffer, 0, length);
        channel.position(at);
        while (target.hasRemaining()) {
            if (channel.read(target) < 0) {
                throw new IOException(file + " shrank while read (at offset " + (at + target.position()) + ")");
            }
        }
    }

    /**
     * The offset of the first packet header of this trace (magic followed by its uuid) in
     * {@code [from, limit)}, or {@code limit} when there is none.
     */
    private long resync(long from, long limit) throws IOException {
        long at = from;
        if (scan == null && limit - at >= 20) { // no larger than the file: small traces, small windows
            scan = ByteBuffer.allocate((int) Math.min(SCAN_WINDOW + 20, size)).order(ByteOrder.LITTLE_ENDIAN);
        }
        while (limit - at >= 20) {
            int length = (int) Math.min(scan.capacity(), limit - at);
            scan.clear().limit(length);
            channel.position(at);
            while (scan.hasRemaining()) {
                if (channel.read(scan) < 0) {
                    return limit;
                }
            }
            byte[] window = scan.array();
            byte first = (byte) CtfLayout.MAGIC; // little-endian: the magic's low byte comes first
            for (int i = 0; i + 20 <= length; i++) {
                if (window[i] == first && scan.getInt(i) == CtfLayout.MAGIC
                        && Arrays.equals(scan.array(), i + CtfLayout.UUID_OFFSET, i + CtfLayout.UUID_OFFSET + 16, uuid, 0, 16)) {
                    return at + i;
                }
            }
            at += length - 19; // a header may straddle the window's end
        }
        return limit;
    }

    private static byte[] uuidBytes(UUID uuid) {
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
    }

    private static UUID uuidOf(byte[] header) {
        ByteBuffer b = ByteBuffer.wrap(header, CtfLayout.UUID_OFFSET, 16);
        return new UUID(b.getLong(), b.getLong());
    }
}
