package io.waymark.backend.ctf;

import io.waymark.backend.ctf.internal.CtfLayout;
import io.waymark.backend.ctf.internal.Packets;
import io.waymark.backend.ctf.internal.TraceMetadata;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.wire.EventDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

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
 * read as their defaults and fields the reader does not know are skipped. A packet cut short by a
 * crash yields the events that fit; {@link CtfRecover} repairs the files for other tools.
 */
public final class CtfTraceReader {

    private final Path directory;
    private final TraceMetadata metadata;
    private final Map<String, EventType> readerSchemas;

    private CtfTraceReader(Path directory, TraceMetadata metadata, Map<String, EventType> readerSchemas) {
        this.directory = directory;
        this.metadata = metadata;
        this.readerSchemas = readerSchemas;
    }

    /**
     * Opens the trace in {@code directory}.
     *
     * @throws IOException if the metadata cannot be read
     * @throws IllegalArgumentException if the directory does not hold a Waymark CTF trace
     */
    public static CtfTraceReader open(Path directory) throws IOException {
        Objects.requireNonNull(directory, "directory");
        return new CtfTraceReader(directory, TraceMetadata.read(directory), Map.of());
    }

    /** A reader that decodes the events of these providers by the given (the reader's) schemas. */
    public CtfTraceReader withSchemas(Collection<ProviderDescriptor> providers) {
        Map<String, EventType> schemas = new HashMap<>(readerSchemas);
        for (ProviderDescriptor provider : providers) {
            for (EventType type : provider.events()) {
                schemas.put(type.qualifiedName(), type);
            }
        }
        return new CtfTraceReader(directory, metadata, Map.copyOf(schemas));
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

    /** Events the recording discarded: the sum over streams of the last packet's {@code events_discarded}. */
    public long discardedEvents() throws IOException {
        long total = 0;
        for (byte[] stream : streams()) {
            long last = 0;
            for (int at = 0, size; (size = Packets.intactPacketSize(stream, at)) > 0; at += size) {
                last = Packets.u64(stream, at + CtfLayout.DISCARDED_OFFSET);
            }
            total += last;
        }
        return total;
    }

    /** Reads all events and counts them. */
    public long count() throws IOException {
        long[] count = {0};
        forEach(event -> count[0]++);
        return count[0];
    }

    /**
     * Calls {@code action} for every event, in timestamp order across streams. The {@link Event} view
     * is valid only during the call ({@link Event#threadName()} is {@code null}). Events of classes
     * the metadata does not declare are skipped.
     */
    public void forEach(Consumer<? super Event> action) throws IOException {
        PriorityQueue<Cursor> cursors = new PriorityQueue<>();
        int index = 0;
        for (byte[] stream : streams()) {
            Cursor cursor = new Cursor(stream, index++);
            if (cursor.advance()) {
                cursors.add(cursor);
            }
        }
        EventDecoder decoder = new EventDecoder();
        while (!cursors.isEmpty()) {
            Cursor c = cursors.poll();
            EventType writer = metadata.classes().get(Packets.u32(c.bytes, c.event + CtfLayout.EVENT_ID_OFFSET));
            action.accept(decoder.wrap(readerSchemas.getOrDefault(writer.qualifiedName(), writer), c.bytes,
                    c.event - CtfLayout.RECORD_OFFSET, c.eventSize + CtfLayout.RECORD_OFFSET));
            if (c.advance()) {
                cursors.add(c);
            }
        }
    }

    private List<byte[]> streams() throws IOException {
        List<byte[]> streams = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(CtfLayout.STREAM_FILE_PREFIX)).sorted()
                    .toList()) {
                streams.add(Files.readAllBytes(file));
            }
        }
        return streams;
    }

    /** A position in one stream: the current event, walking packet by packet. */
    private final class Cursor implements Comparable<Cursor> {
        final byte[] bytes;
        final int stream;
        int packet = -1;
        int packetEnd;
        int event;
        int eventSize;
        long timestamp;

        Cursor(byte[] bytes, int stream) {
            this.bytes = bytes;
            this.stream = stream;
        }

        /** Moves to the next event; {@code false} at the end of the stream (or of its readable part). */
        boolean advance() {
            int next = packet < 0 ? -1 : event + eventSize;
            while (true) {
                if (packet >= 0 && next < packetEnd) {
                    int size = metadata.eventSize(bytes, next, packetEnd);
                    if (size < 0) {
                        return false; // an unknown class or a cut-short event: nothing after it can be trusted
                    }
                    event = next;
                    eventSize = size;
                    timestamp = Packets.u64(bytes, next + CtfLayout.EVENT_TIMESTAMP_OFFSET);
                    return true;
                }
                int start = packet < 0 ? 0 : packetEndOfFile();
                if (start < 0 || !openPacket(start)) {
                    return false;
                }
                next = packet + CtfLayout.PACKET_HEADER_SIZE;
            }
        }

        private int packetEndOfFile() {
            return packetFileEnd;
        }

        private int packetFileEnd;

        private boolean openPacket(int at) {
            if (at >= bytes.length || bytes.length - at < CtfLayout.PACKET_HEADER_SIZE
                    || Packets.u32(bytes, at) != CtfLayout.MAGIC) {
                return false;
            }
            int intact = Packets.intactPacketSize(bytes, at);
            packet = at;
            if (intact > 0) {
                packetEnd = at + (int) (Packets.u64(bytes, at + CtfLayout.CONTENT_SIZE_OFFSET) / 8);
                packetFileEnd = at + intact;
            } else {
                packetEnd = bytes.length; // cut short: read the events that fit
                packetFileEnd = -1;
            }
            return true;
        }

        @Override
        public int compareTo(Cursor other) {
            int byTime = Long.compareUnsigned(timestamp, other.timestamp);
            return byTime != 0 ? byTime : Integer.compare(stream, other.stream);
        }
    }
}
