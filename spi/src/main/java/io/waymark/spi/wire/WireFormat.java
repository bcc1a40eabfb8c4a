package io.waymark.spi.wire;

import io.waymark.spi.FieldType;

/**
 * The canonical binary encoding of one event record: the layout generated call sites write and
 * every binary backend stores. {@code docs/event-abi.md} is the normative text; this class draws the
 * same layout once, for code.
 *
 * <p>All integers are little-endian and byte-aligned: there is no padding anywhere.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   record size (u32, header included)          |  0
 * +-------------------------------+-------------------------------+
 * |     provider index (u16)      |        event id (u16)         |  4
 * +-------------------------------+-------------------------------+
 * |                                                               |  8
 * +              timestamp (u64, ns, writer's monotonic clock)    +
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                                                               | 16
 * +                     thread id (u64)                           +
 * |                                                               |
 * +-------------------------------+-------------------------------+
 * |   schema version (u16)        |     flags (u16, zero)         | 24
 * +-------------------------------+-------------------------------+
 * |          payload: the fields in declaration order ...         | 28
 * </pre>
 *
 * <p>Payload field encodings ({@link #fixedSize(FieldType)} gives the width of the fixed ones):
 * <ul>
 *   <li>{@code boolean}: u8, 0 or 1; {@code byte}: s8; {@code short}: s16; {@code char}: u16 (one
 *       UTF-16 code unit); {@code int}: s32; {@code long}: s64;</li>
 *   <li>{@code float}: IEEE 754 binary32; {@code double}: binary64 (raw bits, NaN payloads kept);</li>
 *   <li>enum: s32, the constant's ordinal, {@code -1} for {@code null};</li>
 *   <li>{@code String}: u32 byte count n, then n bytes of UTF-8 (an unpaired surrogate is written as
 *       {@code '?'}; {@code null} is written as the empty string);</li>
 *   <li>{@code byte[]}: u32 count n, then the n bytes ({@code null} is written as empty).</li>
 * </ul>
 *
 * <p>Evolution: a newer writer appends fields, so a reader decodes the fields it knows and skips to
 * {@code record size}; an older writer's record ends early, and the fields beyond its end are absent.
 */
public final class WireFormat {

    /** Offset of the u32 record size. */
    public static final int SIZE_OFFSET = 0;
    /** Offset of the u16 provider index. */
    public static final int PROVIDER_OFFSET = 4;
    /** Offset of the u16 event id. */
    public static final int EVENT_ID_OFFSET = 6;
    /** Offset of the u64 timestamp. */
    public static final int TIMESTAMP_OFFSET = 8;
    /** Offset of the u64 thread id. */
    public static final int THREAD_OFFSET = 16;
    /** Offset of the u16 schema version. */
    public static final int VERSION_OFFSET = 24;
    /** Offset of the u16 flags (reserved, zero). */
    public static final int FLAGS_OFFSET = 26;
    /** Size of the header; the payload starts here. */
    public static final int HEADER_SIZE = 28;
    /** Size of the u32 length that precedes string and byte-array contents. */
    public static final int LENGTH_PREFIX_SIZE = 4;
    /** Enum value written for a {@code null} constant. */
    public static final int NULL_ORDINAL = -1;
    /** The largest record a writer produces (header included); a larger event is discarded and counted. */
    public static final int MAX_RECORD_SIZE = 64 * 1024;

    private WireFormat() {}

    /**
     * The encoded width in bytes of a fixed-size field type, or {@code -1} for the length-prefixed
     * {@link FieldType#STRING} and {@link FieldType#BYTES}.
     */
    public static int fixedSize(FieldType type) {
        switch (type) {
            case BOOLEAN:
            case BYTE:
                return 1;
            case SHORT:
            case CHAR:
                return 2;
            case INT:
            case FLOAT:
            case ENUM:
                return 4;
            case LONG:
            case DOUBLE:
                return 8;
            case STRING:
            case BYTES:
                return -1;
            default:
                throw new AssertionError(type);
        }
    }

    /**
     * The size in bytes of the UTF-8 a String field is encoded as, of {@code s} from its character {@code from} on: an
     * unpaired surrogate is written as {@code '?'} (one byte). For writers of the canonical encoding (the CTF
     * backend writes it in place from a tracepoint's arguments).
     */
    public static int utf8Length(String s, int from) {
        return utf8Length(s, from, Integer.MAX_VALUE);
    }

    /**
     * {@link #utf8Length(String, int)}, counted only until it reaches {@code cap} (then at least {@code cap}, at most
     * {@code cap + 3}): for readers that keep a bounded prefix (aggregation keys).
     */
    public static int utf8Length(String s, int from, int cap) {
        int bytes = 0;
        for (int i = from, length = s.length(); i < length && bytes < cap; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** The u32 word at offset 4: provider index in the low half, event id in the high half. */
    public static int identityWord(int providerIndex, int eventId) {
        return (providerIndex & 0xFFFF) | (eventId & 0xFFFF) << 16;
    }
}
