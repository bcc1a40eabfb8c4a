package io.waymark.backend.ctf.internal;

import io.waymark.spi.DiscardReason;
import java.util.List;

/**
 * The layout of a trace's state file, {@code .waymark/state}: what the session's keeper thread knows
 * about each stream file (how far packets are final on disk, how far they are prepared, the discards by
 * reason), kept in a small memory-mapped file beside the stream files so that a recovery after a crash
 * knows the trace's geometry and where to start cutting packets back to their whole records. The idea
 * of a versioned header with a table of field offsets is LTTng-UST's {@code struct lttng_crash_abi}.
 *
 * <p>The file is hidden ({@code .waymark/}), so CTF readers do not see it (babeltrace2 2.0.4 ignores
 * it: {@code CtfFormatAssumptionsTest}). It has no meaning to a trace that was closed cleanly other than
 * the {@link #FLAG_CLEAN} flag, and recovery treats every value in it as a hint: the packets' own bytes
 * decide what is kept ({@link RecordScan}).
 *
 * <pre>
 * header (HEADER_SIZE = 128 bytes; every integer little-endian)
 *   0  u8[8]   magic "WMKSTATE"
 *   8  u16     byte-order mark 0xFEFF, stored little-endian (a big-endian reader sees 0xFFFE)
 *  10  u16     layout major = 1 (a reader refuses another major)
 *  12  u16     layout minor = 1 (a newer minor only appends fields or reasons; older readers ignore them;
 *              minor 1 appended SIZE_LIMIT to the discard reasons)
 *  14  u16     header size (128)
 *  16  u16     stream block size (256)
 *  18  u16     stream count
 *  20  u32     flags: bit 0 overwrite mode, bit 1 closed cleanly
 *  24  u8[16]  trace uuid (the metadata's and every packet header's)
 *  40  u64     sub-buffer size S (= packet size, a power of two)
 *  48  u32     sub-buffer count N
 *  52  u32     packet header size H (80: header + context, CtfLayout)
 *  56  u64     window size (bytes of a stream file mapped at once)
 *  64  u16[16] field table: the offset within a stream block of each stream field, in the order of
 *              {@link #FIELD_INSTANCE} .. {@link #FIELD_FIRST_SEQ}; 0xFFFF: absent
 *  96  u8[32]  reserved, zero
 *
 * stream block k (STREAM_BLOCK_SIZE = 256 bytes at HEADER_SIZE + 256 * k)
 *   +0  u64      stream instance id (k: the file stream_k)
 *   +8  u64      head: the stream's claim position at the block's last write (a hint for tools; recovery does not use it)
 *  +16  u64      finalized: packets below this sequence are final on disk (context written)
 *  +24  u64      prepared: packets below this have a header and allocated disk blocks; beyond, zeros
 *  +32  u64      recorded: records in the finalized packets
 *  +40  u64[16]  discarded, cumulative, by reason in the order of {@link #REASONS} (unused entries 0)
 * +168  u32      reason count: how many entries of discarded this layout version defines
 * +176  u64      updated-at: System.nanoTime() of the last write of this block
 * +184  u64      first sequence the file holds (overwrite: the oldest of the ring; discard: 0)
 * +192  reserved, zero
 * </pre>
 *
 * <p>One thread at a time writes a trace's file (plain stores into the mapping): in discard mode the session's keeper,
 * once per pass; in overwrite mode the ring-state thread ({@link RingStateUpdater}), every 100 ms, and the closing
 * thread once at close. After a crash its
 * values are at most one pass (or 100 ms) old. The live claim position and commit words are not in it (atomics
 * through a mapped buffer cost checks on every access); records carry their own completeness (the
 * timestamp stored last), which is all recovery needs.
 */
public final class StateLayout {

    /** The state file's path relative to the trace directory. */
    public static final String DIRECTORY = ".waymark";
    /** The state file's name in {@link #DIRECTORY}. */
    public static final String FILE = "state";

    /** The 8 magic bytes, ASCII {@code WMKSTATE}. */
    public static final byte[] MAGIC = {'W', 'M', 'K', 'S', 'T', 'A', 'T', 'E'};
    /** The byte-order mark as written (little-endian u16). */
    public static final int BYTE_ORDER_MARK = 0xFEFF;
    /** The layout major version this Waymark writes and reads. */
    public static final int MAJOR = 1;
    /** The layout minor version this Waymark writes. */
    public static final int MINOR = 1;

    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the u16 byte-order mark. */
    public static final int BYTE_ORDER_OFFSET = 8;
    /** Offset of the u16 major version. */
    public static final int MAJOR_OFFSET = 10;
    /** Offset of the u16 minor version. */
    public static final int MINOR_OFFSET = 12;
    /** Offset of the u16 header size. */
    public static final int HEADER_SIZE_OFFSET = 14;
    /** Offset of the u16 stream block size. */
    public static final int BLOCK_SIZE_OFFSET = 16;
    /** Offset of the u16 stream count. */
    public static final int STREAM_COUNT_OFFSET = 18;
    /** Offset of the u32 flags. */
    public static final int FLAGS_OFFSET = 20;
    /** Offset of the 16 uuid bytes. */
    public static final int UUID_OFFSET = 24;
    /** Offset of the u64 sub-buffer size. */
    public static final int SUBBUFFER_SIZE_OFFSET = 40;
    /** Offset of the u32 sub-buffer count. */
    public static final int SUBBUFFER_COUNT_OFFSET = 48;
    /** Offset of the u32 packet header size. */
    public static final int PACKET_HEADER_SIZE_OFFSET = 52;
    /** Offset of the u64 window size. */
    public static final int WINDOW_SIZE_OFFSET = 56;
    /** Offset of the u16[16] field table. */
    public static final int FIELD_TABLE_OFFSET = 64;
    /** Entries in the field table. */
    public static final int FIELD_TABLE_ENTRIES = 16;
    /** A field table entry for a field the file does not have. */
    public static final int ABSENT = 0xFFFF;

    /** Size of the header: the first stream block starts here. */
    public static final int HEADER_SIZE = 128;
    /** Size of one stream block. */
    public static final int STREAM_BLOCK_SIZE = 256;

    /** Flag: the trace is an overwrite-mode ring. */
    public static final int FLAG_OVERWRITE = 1;
    /** Flag: the session closed the trace cleanly (every packet finalized, files truncated). */
    public static final int FLAG_CLEAN = 2;

    /** Field table index (and block offset below) of the u64 stream instance id. */
    public static final int FIELD_INSTANCE = 0;
    /** Field table index of the u64 head. */
    public static final int FIELD_HEAD = 1;
    /** Field table index of the u64 finalized sequence. */
    public static final int FIELD_FINALIZED = 2;
    /** Field table index of the u64 prepared sequence. */
    public static final int FIELD_PREPARED = 3;
    /** Field table index of the u64 recorded count. */
    public static final int FIELD_RECORDED = 4;
    /** Field table index of the u64[16] discarded counts. */
    public static final int FIELD_DISCARDED = 5;
    /** Field table index of the u32 reason count. */
    public static final int FIELD_REASON_COUNT = 6;
    /** Field table index of the u64 updated-at. */
    public static final int FIELD_UPDATED_AT = 7;
    /** Field table index of the u64 first sequence. */
    public static final int FIELD_FIRST_SEQ = 8;
    /** The fields layout 1.0 defines, in field table order. */
    public static final int FIELDS = 9;
    /** The field names, for messages, in field table order. */
    public static final List<String> FIELD_NAMES = List.of("instance", "head", "finalized", "prepared", "recorded",
            "discarded", "reason count", "updated-at", "first sequence");

    /** Offset within a stream block of each field that layout 1.0 defines, in field table order. */
    static final int[] BLOCK_OFFSETS = {0, 8, 16, 24, 32, 40, 168, 176, 184};

    /** Room for discard counts in a stream block. */
    public static final int MAX_REASONS = 16;

    /**
     * The discard reasons in the order of a stream block's {@code discarded} counts: fixed by the
     * layout, independent of {@link DiscardReason}'s declaration order (which is no ABI). A reason added
     * to the SPI is appended here with a new minor version ({@code StateFileTest} fails until it is).
     */
    public static final List<DiscardReason> REASONS = List.of(DiscardReason.BUFFER_FULL, DiscardReason.EVENT_TOO_LARGE,
            DiscardReason.NESTING_TOO_DEEP, DiscardReason.WRITER_POOL_EXHAUSTED, DiscardReason.FIELD_ACCESSOR_FAILED,
            DiscardReason.BACKEND_FAILED, DiscardReason.WRITE_FAILED, DiscardReason.WRITER_STALLED,
            DiscardReason.TRACER_ERROR, DiscardReason.SIZE_LIMIT);

    /** Index in a block's {@code discarded} counts of each {@link DiscardReason} by ordinal; -1: not in this layout. */
    static final int[] SLOT_BY_ORDINAL = new int[DiscardReason.values().length];

    static {
        java.util.Arrays.fill(SLOT_BY_ORDINAL, -1);
        for (int i = 0; i < REASONS.size(); i++) {
            SLOT_BY_ORDINAL[REASONS.get(i).ordinal()] = i;
        }
    }

    private StateLayout() {}

    /** The size of a state file for {@code streams} streams. */
    public static long fileSize(int streams) {
        return HEADER_SIZE + (long) STREAM_BLOCK_SIZE * streams;
    }

    /** The offset of stream block {@code k}. */
    public static int blockOffset(int k) {
        return HEADER_SIZE + STREAM_BLOCK_SIZE * k;
    }
}
