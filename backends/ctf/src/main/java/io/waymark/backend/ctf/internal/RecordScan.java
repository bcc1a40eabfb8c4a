package io.waymark.backend.ctf.internal;

import io.waymark.spi.EventType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds the whole records of a packet that was never finalized (its context still zero, its writers
 * perhaps killed between claim and commit), for the recovery: records are walked from the first byte
 * after the packet header ({@link CtfLayout#PACKET_HEADER_SIZE}), and each is kept only when it is
 * <em>valid</em>:
 * <ul>
 * <li>its class is one the metadata declares, and its {@code schema_version} and {@code flags} are that
 *     class's (the u32 at event offset 20 equals the class's version);</li>
 * <li>it decodes, by its class's fields, within the packet;</li>
 * <li>its timestamp is a clock value: not 0 (a copy that stopped before the timestamp was stored: the
 *     bytes were zeros, or the writer's record carried 0 there), not {@link #IN_PROGRESS} (sign bit set),
 *     and not below the previous record's (the stream's timestamps rise with position).</li>
 * </ul>
 * A record's timestamp is stored after all its other bytes, so a valid record is whole.
 *
 * <p>A record that has a valid shape (class, version, fields) but no timestamp yet is skipped whole (its
 * writer copied it and died before stamping it; an {@code IN_PROGRESS | length} stamp skips exactly that
 * length). Any other rejection <em>resynchronizes</em>: each following offset is tried as a record start,
 * and the first that is valid <em>and</em> is followed by the end of the packet, zeros to the end, a run of
 * at least {@link CtfLayout#EVENT_HEADER_SIZE} zero bytes (a claimed range nothing was copied into), or a
 * plausible record start (a declared class whose version field is the class's or still zero) is taken;
 * the walk goes on from there. Zeros from a position to the packet's end end its content. A record found by a
 * resync is tentative: when the next well-formed record has a lower timestamp (but not lower than the record
 * before the resync), the resync took payload bytes for a record, and the tentative one is dropped, not the
 * rest of the packet.
 *
 * <p>Not thread-safe; one scan per packet, reusing its arrays.
 */
public final class RecordScan {

    /** The stamp a writer leaves in a record's timestamp field while copying it: this bit, or'ed with its length. */
    public static final long IN_PROGRESS = Long.MIN_VALUE;

    private final TraceMetadata metadata;
    private final Map<Integer, Integer> versions = new HashMap<>();

    private int[] offsets = new int[64];
    private int[] sizes = new int[64];
    private int count;
    private long firstTimestamp;
    private long lastTimestamp;
    private int skippedRecords;
    private int resyncs;
    private int skippedBytes;
    private int contentEnd;

    /** A scan of packets of the trace that {@code metadata} describes. */
    public RecordScan(TraceMetadata metadata) {
        this.metadata = metadata;
        for (Map.Entry<Integer, EventType> e : metadata.classes().entrySet()) {
            versions.put(e.getKey(), e.getValue().version());
        }
    }

    /**
     * Scans the packet in {@code packet[0, limit)}.
     *
     * @param previousTimestamp the timestamp of the stream's last record before this packet (0: none);
     *     no record below it is accepted
     * @return the number of whole records found; {@link #offset}, {@link #size} and the other accessors
     *     describe them until the next scan
     */
    public int scan(byte[] packet, int limit, long previousTimestamp) {
        count = 0;
        skippedRecords = 0;
        resyncs = 0;
        skippedBytes = 0;
        firstTimestamp = 0;
        long previous = previousTimestamp;
        int zeroFrom = limit;
        while (zeroFrom > CtfLayout.PACKET_HEADER_SIZE && packet[zeroFrom - 1] == 0) {
            zeroFrom--;
        }
        int at = CtfLayout.PACKET_HEADER_SIZE;
        boolean resynced = false;
        int tentative = -1; // the index of a record that a resync found, until a record after it confirms it
        long beforeTentative = 0;
        while (at < zeroFrom) {
            int size = valid(packet, at, limit, previous);
            if (size > 0) {
                add(at, size);
                if (resynced) {
                    tentative = count - 1;
                    beforeTentative = previous;
                    resynced = false;
                } else {
                    tentative = -1;
                }
                previous = timestamp(packet, at);
                if (count == 1) {
                    firstTimestamp = previous;
                }
                at += size;
                continue;
            }
            if (tentative >= 0 && tentative == count - 1 && shape(packet, at, limit) > 0) {
                long ts = timestamp(packet, at);
                if (ts > 0 && ts >= beforeTentative && ts < previous) {
                    // a well-formed record right after a resync-found one, older than it: the resync took payload
                    // bytes for a record (its timestamp any value), which would reject every genuine record after
                    // it; drop it instead, and take this one
                    count--;
                    skippedBytes += sizes[count];
                    previous = beforeTentative;
                    tentative = -1;
                    if (count == 0) {
                        firstTimestamp = 0;
                    }
                    continue;
                }
            }
            int skip = unstamped(packet, at, limit);
            if (skip > 0) {
                skippedRecords++;
                skippedBytes += skip;
                at += skip;
                continue;
            }
            int found = zeroFrom;
            // while the last record is tentative, a record older than it may be found: the tentative one is dropped then
            boolean doubt = tentative >= 0 && tentative == count - 1;
            long floor = doubt ? beforeTentative : previous;
            for (int p = at + 1; p < zeroFrom; p++) {
                int candidate = valid(packet, p, limit, floor);
                if (candidate > 0 && followed(packet, p + candidate, limit, zeroFrom)) {
                    found = p;
                    break;
                }
            }
            if (doubt && found < zeroFrom && timestamp(packet, found) < previous) {
                count--;
                skippedBytes += sizes[count];
                previous = beforeTentative;
                tentative = -1;
                if (count == 0) {
                    firstTimestamp = 0;
                }
            }
            resyncs++;
            skippedBytes += Math.min(found, zeroFrom) - at;
            at = found;
            resynced = true;
        }
        contentEnd = count == 0 ? CtfLayout.PACKET_HEADER_SIZE : offsets[count - 1] + sizes[count - 1];
        lastTimestamp = count == 0 ? previousTimestamp : previous;
        return count;
    }

    /** The size of the valid record at {@code at} (see the class comment), or -1. */
    private int valid(byte[] packet, int at, int limit, long previous) {
        int size = shape(packet, at, limit);
        if (size < 0) {
            return -1;
        }
        long ts = timestamp(packet, at);
        return ts != 0 && ts > 0 && ts >= previous ? size : -1; // ts > 0: IN_PROGRESS and garbage with the sign bit
    }

    /** The size of the record at {@code at} if its class, version and fields are right, whatever its timestamp; else -1. */
    private int shape(byte[] packet, int at, int limit) {
        if (limit - at < CtfLayout.EVENT_HEADER_SIZE) {
            return -1;
        }
        Integer version = versions.get(Packets.u32(packet, at + CtfLayout.EVENT_ID_OFFSET));
        if (version == null || Packets.u32(packet, at + VERSION_OFFSET) != version) {
            return -1;
        }
        return metadata.eventSize(packet, at, limit);
    }

    /** How many bytes to skip for a record at {@code at} that its writer did not stamp: 0 if it is not one. */
    private int unstamped(byte[] packet, int at, int limit) {
        long ts = timestamp(packet, at);
        if (limit - at < CtfLayout.EVENT_HEADER_SIZE) {
            return 0;
        }
        if (ts < 0 && (ts & ~0xFFFF_FFFFL) == IN_PROGRESS) {
            long length = ts & 0xFFFF_FFFFL;
            return length >= CtfLayout.EVENT_HEADER_SIZE && at + length <= limit ? (int) length : 0;
        }
        return ts == 0 ? Math.max(0, shape(packet, at, limit)) : 0;
    }

    /** Whether {@code q}, right after a candidate record, looks like what can follow a record in a packet. */
    private boolean followed(byte[] packet, int q, int limit, int zeroFrom) {
        if (q >= zeroFrom) {
            return true;
        }
        if (q + CtfLayout.EVENT_HEADER_SIZE <= limit && allZero(packet, q, q + CtfLayout.EVENT_HEADER_SIZE)) {
            return true; // a claimed range nothing was copied into
        }
        if (tornInsideTheId(packet, q, limit)) {
            return true; // a copy that stopped within the id's first bytes (1 to 3 of them), zeros after
        }
        if (limit - q < 4) {
            return false;
        }
        Integer version = versions.get(Packets.u32(packet, q + CtfLayout.EVENT_ID_OFFSET));
        if (version == null) {
            return false;
        }
        if (limit - q < CtfLayout.EVENT_HEADER_SIZE) {
            return true;
        }
        int v = Packets.u32(packet, q + VERSION_OFFSET);
        return v == version || v == 0; // 0: a copy that stopped inside the header
    }

    /**
     * Whether the bytes at {@code q} are the first 1 to 3 bytes of a declared class's id followed by zeros up to
     * the header's end (or the packet's): the copy of a record stopped inside its id. The id's bytes alone do not
     * make a declared id then (those of provider index 1, say, are {@code 01 00 03 00}: a copy of one byte leaves
     * {@code 01 00 00 00}).
     */
    private boolean tornInsideTheId(byte[] packet, int q, int limit) {
        int end = Math.min(limit, q + CtfLayout.EVENT_HEADER_SIZE);
        for (int k = 1; k < 4 && q + k <= end; k++) {
            if (packet[q + k - 1] == 0 || !allZero(packet, q + k, end)) {
                continue;
            }
            long prefixMask = (1L << (8 * k)) - 1;
            long prefix = 0;
            for (int i = 0; i < k; i++) {
                prefix |= (packet[q + CtfLayout.EVENT_ID_OFFSET + i] & 0xFFL) << (8 * i);
            }
            for (long id : versions.keySet()) {
                if ((id & prefixMask) == prefix) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Offset within an event of the u32 holding {@code schema_version} and {@code flags} ({@link CtfLayout}). */
    private static final int VERSION_OFFSET = CtfLayout.EVENT_VERSION_OFFSET;

    private static long timestamp(byte[] packet, int at) {
        return Packets.u64(packet, at + CtfLayout.EVENT_TIMESTAMP_OFFSET);
    }

    private void add(int at, int size) {
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            sizes = Arrays.copyOf(sizes, count * 2);
        }
        offsets[count] = at;
        sizes[count] = size;
        count++;
    }

    /** The number of whole records of the last scan. */
    public int count() {
        return count;
    }

    /** The offset in the packet of whole record {@code i}. */
    public int offset(int i) {
        return offsets[i];
    }

    /** The size of whole record {@code i}. */
    public int size(int i) {
        return sizes[i];
    }

    /** The bytes of the whole records, together. */
    public int recordBytes() {
        int total = 0;
        for (int i = 0; i < count; i++) {
            total += sizes[i];
        }
        return total;
    }

    /** The first whole record's timestamp, 0 when there is none. */
    public long firstTimestamp() {
        return firstTimestamp;
    }

    /** The last whole record's timestamp, or the previous timestamp given when there is none. */
    public long lastTimestamp() {
        return lastTimestamp;
    }

    /** Records skipped because their writer had not stamped them (copied, or being copied, when it stopped). */
    public int skippedRecords() {
        return skippedRecords;
    }

    /** How many times the walk lost the record boundaries and searched for the next record. */
    public int resyncs() {
        return resyncs;
    }

    /** Bytes before the content's end that are in no whole record. */
    public int skippedBytes() {
        return skippedBytes;
    }

    /** Where the last whole record ends ({@link CtfLayout#PACKET_HEADER_SIZE} when there is none). */
    public int contentEnd() {
        return contentEnd;
    }

    /**
     * The packet cut back to its whole records, packed: its header (the first
     * {@link CtfLayout#TIMESTAMP_BEGIN_OFFSET} bytes of {@code packet}), a zero context for the caller to
     * fill, then the records in order.
     */
    public byte[] compact(byte[] packet) {
        byte[] out = new byte[CtfLayout.PACKET_HEADER_SIZE + recordBytes()];
        System.arraycopy(packet, 0, out, 0, CtfLayout.TIMESTAMP_BEGIN_OFFSET);
        int to = CtfLayout.PACKET_HEADER_SIZE;
        for (int i = 0; i < count; i++) {
            System.arraycopy(packet, offsets[i], out, to, sizes[i]);
            to += sizes[i];
        }
        return out;
    }
}
