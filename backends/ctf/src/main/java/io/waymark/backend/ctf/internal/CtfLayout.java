package io.waymark.backend.ctf.internal;

import io.waymark.spi.wire.WireFormat;

/**
 * The binary layout of the stream files this backend writes: CTF 1.8 packets whose metadata
 * ({@link MetadataWriter}) declares exactly these fields. Every integer is little-endian and
 * byte-aligned ({@code align = 8}), so no field needs padding and each event is a canonical record
 * ({@link WireFormat}) verbatim but for its leading size word: writers write it in place, reading
 * wraps it in place.
 *
 * <pre>
 * packet header (trace.packet.header)              packet context (stream.packet.context)
 *  0  u32 magic 0xC1FC1FC1                          32  u64 timestamp_begin   (clock cycles = ns)
 *  4  u8[16] uuid (the trace's)                     40  u64 timestamp_end
 * 20  u32 stream_id (always 0: one stream class)    48  u64 content_size      (bits, headers included)
 * 24  u64 stream_instance_id (the stream, k)       56  u64 packet_size       (bits; ≥ content_size)
 *                                                   64  u64 packet_seq_num    (per stream, from 0, no gaps)
 *                                                   72  u64 events_discarded  (per stream, cumulative)
 * 80  events ...
 *
 * event: one canonical record from its offset 4 (RECORD_OFFSET) on; the record size is not stored
 *   +0  u32 id              identity word: provider index in the low half, \  event.header
 *                           event id in the high half; the event class id  |
 *   +4  u64 timestamp       System.nanoTime() (clock cycles; the clock's   |
 *                           offset is the wall time of 0), raised when     |
 *                           needed to keep the stream monotonic            /
 *  +12  s64 tid             the emitting thread's id                       \
 *  +20  u16 schema_version  the writer's schema version of the event       |  event.context
 *  +22  u16 flags           reserved, zero                                 /
 *  +24  payload             the fields in declaration order, no padding       event.fields
 * </pre>
 *
 * <p>Packets are written with {@code packet_size == content_size} (no padding), so a stream file is
 * the concatenation of its packets.
 */
public final class CtfLayout {

    /** CTF packet magic number. */
    public static final int MAGIC = 0xC1FC1FC1;
    /** Offset of the u32 magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the 16 uuid bytes. */
    public static final int UUID_OFFSET = 4;
    /** Offset of the u32 stream class id. */
    public static final int STREAM_ID_OFFSET = 20;
    /** Offset of the u64 stream instance id. */
    public static final int STREAM_INSTANCE_OFFSET = 24;
    /** Offset of the u64 timestamp_begin. */
    public static final int TIMESTAMP_BEGIN_OFFSET = 32;
    /** Offset of the u64 timestamp_end. */
    public static final int TIMESTAMP_END_OFFSET = 40;
    /** Offset of the u64 content_size, in bits. */
    public static final int CONTENT_SIZE_OFFSET = 48;
    /** Offset of the u64 packet_size, in bits. */
    public static final int PACKET_SIZE_OFFSET = 56;
    /** Offset of the u64 packet_seq_num. */
    public static final int SEQ_NUM_OFFSET = 64;
    /** Offset of the u64 events_discarded. */
    public static final int DISCARDED_OFFSET = 72;
    /** Size of packet header plus packet context: the first event starts here. */
    public static final int PACKET_HEADER_SIZE = 80;

    /**
     * Where an event starts within its canonical record: the record's size word is not stored (CTF
     * readers walk the fields; babeltrace2 would warn about an event-header field it does not know), so
     * a record whose event starts at {@code e} in a packet starts at {@code e - RECORD_OFFSET}, over the
     * previous event's last bytes or the packet context's.
     */
    public static final int RECORD_OFFSET = WireFormat.PROVIDER_OFFSET;
    /** Offset of the u32 identity word within an event (CTF {@code id}, the event class id). */
    public static final int EVENT_ID_OFFSET = WireFormat.PROVIDER_OFFSET - RECORD_OFFSET;
    /** Offset of the u64 timestamp within an event. */
    public static final int EVENT_TIMESTAMP_OFFSET = WireFormat.TIMESTAMP_OFFSET - RECORD_OFFSET;
    /** Offset of the u64 emitting thread's id within an event (the event context). */
    public static final int EVENT_THREAD_OFFSET = WireFormat.THREAD_OFFSET - RECORD_OFFSET;
    /** Offset of the u32 of schema version (u16) and flags (u16) within an event. */
    public static final int EVENT_VERSION_OFFSET = WireFormat.VERSION_OFFSET - RECORD_OFFSET;
    /** Size of event header plus event context, the canonical record header without its size word. */
    public static final int EVENT_HEADER_SIZE = WireFormat.HEADER_SIZE - RECORD_OFFSET;

    /** The only stream class id. */
    public static final int STREAM_CLASS_ID = 0;
    /** Name of the metadata file in a trace directory. */
    public static final String METADATA_FILE = "metadata";
    /** Prefix of the stream files; the stream index follows. */
    public static final String STREAM_FILE_PREFIX = "stream_";
    /** Name of the clock in the metadata. */
    public static final String CLOCK_NAME = "waymark_monotonic";

    private CtfLayout() {}
}
