package io.waymark.backend.ctf;

import io.waymark.backend.ctf.internal.CtfLayout;
import io.waymark.backend.ctf.internal.PacketWalker;
import io.waymark.backend.ctf.internal.Packets;
import io.waymark.backend.ctf.internal.TraceMetadata;
import io.waymark.backend.ctf.internal.TraceSource;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.wire.EventDecoder;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Reads a CTF trace written by the {@code "ctf"} backend: its events in timestamp order, with the
 * typed accessors of {@link Event}.
 *
 * <pre>{@code
 * CtfTraceReader trace = CtfTraceReader.open(Path.of("waymark-traces/checkout-20250101-120000-000"));
 * trace.forEach(event -> System.out.println(event.type().qualifiedName() + " " + event.getLong(0)));
 * }</pre>
 *
 * <p>Each CTF event is a canonical record, which an {@link EventDecoder} reads in place. Events are
 * decoded by the writer's schema, kept in the metadata, unless the reader supplies its own with
 * {@link #withSchemas}: then, as with {@link EventDecoder}, fields the trace's records lack
 * read as their defaults and fields the reader does not know are skipped.
 *
 * <p>Stream files are read packet by packet: memory holds one packet per stream (a packet is at
 * most 64 MiB, the largest {@code subbuffer-size}), whatever the files' sizes.
 *
 * <p><b>Malformed input.</b> Files that are not a Waymark CTF trace are refused with a
 * {@link CtfFormatException} (an {@link IOException}) naming the file, the offset and the problem: a
 * metadata or stream file that is not a regular file (a FIFO would block the reader forever), metadata
 * that is missing, larger than 64 MiB, not written by Waymark, or malformed. Damage inside stream
 * files is skipped and reported, never delivered: a packet whose header is not this trace's (magic,
 * uuid, stream class), whose sizes are inconsistent, or that does not continue its stream (stream
 * instance id of another stream, a {@code packet_seq_num} not after the previous packet's: a
 * duplicated, swapped or moved packet, a {@code timestamp_begin} before the previous packet's last
 * event) is skipped whole; within a packet, events are read up to the first that is of an undeclared
 * class, does not fit, or goes back in time. Reading resumes at the next packet of the trace, so every
 * intact packet is read. babeltrace2 refuses such traces altogether; this reader reads what is sound
 * and lists the rest in {@link #skippedPackets()}. A packet cut short by a crash yields the events
 * that fit (and is listed too); {@link CtfRecover} repairs the files for other tools.
 */
public final class CtfTraceReader {

    /**
     * A region of a stream file that the reader did not deliver, and why.
     *
     * @param file the stream file
     * @param offset where the region starts in it
     * @param length its length in bytes
     * @param reason what was wrong
     */
    public record Skipped(Path file, long offset, long length, String reason) {

        @Override
        public String toString() {
            return file.getFileName() + " at offset " + offset + ", " + length + " bytes skipped: " + reason;
        }
    }

    private final TraceSource source;
    private final TraceMetadata metadata;
    private final Map<String, EventType> readerSchemas;

    private CtfTraceReader(TraceSource source, TraceMetadata metadata, Map<String, EventType> readerSchemas) {
        this.source = source;
        this.metadata = metadata;
        this.readerSchemas = readerSchemas;
    }

    /**
     * Opens the trace in {@code directory}.
     *
     * @throws CtfFormatException if the directory does not hold a Waymark CTF trace: the metadata file
     *     is missing, is not a regular file, is larger than 64 MiB or is malformed, or a stream file is
     *     not a regular file
     * @throws IOException if the files cannot be read
     */
    public static CtfTraceReader open(Path directory) throws IOException {
        Objects.requireNonNull(directory, "directory");
        return open(TraceSource.directory(directory));
    }

    /** Opens a trace given as a {@link TraceSource} (the fuzz tests give one in memory). */
    static CtfTraceReader open(TraceSource source) throws IOException {
        TraceMetadata metadata = TraceMetadata.parse(source.directory().resolve(CtfLayout.METADATA_FILE), source.metadata());
        source.streams(); // refuses a stream file that is not a regular file now rather than when read
        return new CtfTraceReader(source, metadata, Map.of());
    }

    /** A reader that decodes the events of these providers by the given (the reader's) schemas. */
    public CtfTraceReader withSchemas(Collection<ProviderDescriptor> providers) {
        Map<String, EventType> schemas = new HashMap<>(readerSchemas);
        for (ProviderDescriptor provider : providers) {
            for (EventType type : provider.events()) {
                schemas.put(type.qualifiedName(), type);
            }
        }
        return new CtfTraceReader(source, metadata, Map.copyOf(schemas));
    }

    /** The trace's uuid. */
    public UUID uuid() {
        return metadata.uuid();
    }

    /**
     * The recording session's name (the metadata's {@code trace_name}), or {@code null} for a trace
     * whose metadata names none.
     */
    public String sessionName() {
        return metadata.sessionName();
    }

    /**
     * The recording machine's name (the metadata's {@code hostname}, which babeltrace2 prints before
     * each event), or {@code null} for a trace whose metadata names none.
     */
    public String hostName() {
        return metadata.hostName();
    }

    /** The recording session's clock anchor: {@code clock().toInstant(event.timestampNanos())} is an event's wall time. */
    public ClockAnchor clock() {
        return metadata.clock();
    }

    /** The event types the trace declares (the writer's schemas), in class-id order. */
    public List<EventType> eventTypes() {
        return metadata.eventTypes();
    }

    /** Events the recording discarded: the sum over streams of the last accepted packet's {@code events_discarded}. */
    public long discardedEvents() throws IOException {
        long total = 0;
        for (String name : source.streams()) {
            try (SeekableByteChannel channel = source.open(name)) {
                PacketWalker walker = new PacketWalker(source.directory().resolve(name), channel, metadata, skipped -> {});
                long last = 0;
                for (PacketWalker.Packet packet; (packet = walker.next()) != null; ) {
                    last = packet.u64(CtfLayout.DISCARDED_OFFSET);
                }
                total += last;
            }
        }
        return total;
    }

    /**
     * What {@link #forEach} skips, in stream file order: damaged, foreign, duplicated or misplaced
     * packets, events after the first unreadable one of a packet, a packet cut short (see the class
     * description). Empty for an intact trace. Reads every stream file (without decoding events).
     */
    public List<Skipped> skippedPackets() throws IOException {
        List<Skipped> skipped = new ArrayList<>();
        for (String name : source.streams()) {
            try (SeekableByteChannel channel = source.open(name)) {
                PacketWalker walker = new PacketWalker(source.directory().resolve(name), channel, metadata, skipped::add);
                while (walker.next() != null) {
                    // the walker reports as it goes
                }
            }
        }
        return List.copyOf(skipped);
    }

    /** Reads all events and counts them. */
    public long count() throws IOException {
        long[] count = {0};
        forEach(event -> count[0]++);
        return count[0];
    }

    /**
     * Calls {@code action} for every event, in timestamp order across streams. The {@link Event} view
     * is valid only during the call ({@link Event#threadName()} is {@code null}). What
     * {@link #skippedPackets()} lists is skipped.
     */
    public void forEach(Consumer<? super Event> action) throws IOException {
        List<Cursor> open = new ArrayList<>();
        try {
            PriorityQueue<Cursor> cursors = new PriorityQueue<>();
            int index = 0;
            for (String name : source.streams()) {
                Cursor cursor = new Cursor(source.directory().resolve(name), source.open(name), index++);
                open.add(cursor);
                if (cursor.advance()) {
                    cursors.add(cursor);
                }
            }
            EventDecoder decoder = new EventDecoder();
            // the reader's schema of each writer's class, looked up once per class rather than by name per event
            Map<EventType, EventType> schemas = new IdentityHashMap<>();
            while (!cursors.isEmpty()) {
                Cursor c = cursors.poll();
                byte[] bytes = c.packet.bytes;
                EventType writer = metadata.classes().get(Packets.u32(bytes, c.event + CtfLayout.EVENT_ID_OFFSET));
                EventType schema = schemas.computeIfAbsent(writer, w -> readerSchemas.getOrDefault(w.qualifiedName(), w));
                action.accept(decoder.wrap(schema, bytes,
                        c.event - CtfLayout.RECORD_OFFSET, c.eventSize + CtfLayout.RECORD_OFFSET));
                if (c.advance()) {
                    cursors.add(c);
                }
            }
        } finally {
            for (Cursor cursor : open) {
                cursor.channel.close();
            }
        }
    }

    /** A position in one stream: the current event, walking packet by packet. */
    private final class Cursor implements Comparable<Cursor> {
        final SeekableByteChannel channel;
        final PacketWalker walker;
        final int stream;
        PacketWalker.Packet packet;
        int event;
        int eventSize;
        long timestamp;

        Cursor(Path file, SeekableByteChannel channel, int stream) throws IOException {
            this.channel = channel;
            this.walker = new PacketWalker(file, channel, metadata, skipped -> {});
            this.stream = stream;
        }

        /** Moves to the next accepted event; {@code false} at the end of the stream. */
        boolean advance() throws IOException {
            int next = packet == null ? -1 : event + eventSize;
            while (true) {
                if (packet != null && next < packet.eventsEnd) {
                    event = next;
                    eventSize = metadata.eventSize(packet.bytes, next, packet.eventsEnd);
                    timestamp = Packets.u64(packet.bytes, next + CtfLayout.EVENT_TIMESTAMP_OFFSET);
                    return true;
                }
                packet = walker.next();
                if (packet == null) {
                    return false;
                }
                next = CtfLayout.PACKET_HEADER_SIZE;
            }
        }

        @Override
        public int compareTo(Cursor other) {
            int byTime = Long.compareUnsigned(timestamp, other.timestamp);
            return byTime != 0 ? byTime : Integer.compare(stream, other.stream);
        }
    }
}
