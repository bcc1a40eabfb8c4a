package io.waymark.backend.ctf.internal;

import io.waymark.spi.wire.WireFormat;
import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * The template of the code that records one event type in place ({@link ArgumentRecords}): never loaded as itself;
 * its class bytes are defined again as a hidden class for each event type, with the sink and the event's
 * {@link InPlaceShape} as class data, so that each copy is compiled on its own for one shape (its static finals are
 * constants, the shape's components are folded: straight-line code for the event). Everything that depends on the
 * shape is in this class, so that no shared method is compiled with every field kind in it.
 */
final class InPlaceRecorder {

    private static final StreamSink SINK;
    private static final InPlaceShape SHAPE;

    static {
        try {
            Object[] data = MethodHandles.classData(MethodHandles.lookup(), ConstantDescs.DEFAULT_NAME, Object[].class);
            SINK = (StreamSink) data[0];
            SHAPE = (InPlaceShape) data[1];
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private InPlaceRecorder() {}

    /** Records one event in the calling thread's home stream, or in discard mode in the next one that takes it. */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    static void record(long v0, long v1, long v2, long v3, long v4, long v5, long v6, long v7,
            Object r0, Object r1, Object r2, Object r3, Object r4, Object r5, Object r6, Object r7) {
        int lane = (int) Thread.currentThread().getId();
        Stream[] streams = SINK.streams();
        int mask = SINK.mask();
        Stream home = streams[lane & mask];
        int refusal = in(home, SINK.spill(), v0, v1, v2, v3, v4, v5, v6, v7, r0, r1, r2, r3, r4, r5, r6, r7);
        if (refusal != Stream.TAKEN) {
            spill(lane, home, refusal, v0, v1, v2, v3, v4, v5, v6, v7, r0, r1, r2, r3, r4, r5, r6, r7);
        }
    }

    /** Discard mode, the home stream refused the event: the other streams in turn; counted in the home stream if all refuse. */
    private static void spill(int lane, Stream home, int refusal, long v0, long v1, long v2, long v3, long v4, long v5, long v6,
            long v7, Object r0, Object r1, Object r2, Object r3, Object r4, Object r5, Object r6, Object r7) {
        Stream[] streams = SINK.streams();
        int mask = SINK.mask();
        for (int k = 1; k <= mask; k++) {
            if (in(streams[(lane + k) & mask], true, v0, v1, v2, v3, v4, v5, v6, v7, r0, r1, r2, r3, r4, r5, r6, r7) == Stream.TAKEN) {
                return;
            }
        }
        home.countRefused(refusal);
    }

    /**
     * Claims room for the event in {@code stream} (the claim of {@link Stream#append}: the clock read after
     * {@code head}, one CAS), writes it in place and commits it. The timestamp field holds
     * {@link RecordScan#IN_PROGRESS} or'ed with the length from the first store to the record until the last, which
     * stores the clock reading: a crash leaves the record whole, or skipped exactly by recovery.
     *
     * @param offer whether a sub-buffer that is not claimable is refused with nothing counted (the caller then offers
     *     the event to another stream), rather than counted as a discard here
     * @return {@link Stream#TAKEN} (recorded, or discarded and counted, or late), or the ordinal of a refusal's reason
     */
    private static int in(Stream stream, boolean offer, long v0, long v1, long v2, long v3, long v4, long v5, long v6, long v7,
            Object r0, Object r1, Object r2, Object r3, Object r4, Object r5, Object r6, Object r7) {
        int len = size(r0, r1, r2, r3, r4, r5, r6, r7);
        if (len > stream.maxInPlace()) {
            return stream.tooLarge();
        }
        int size = stream.subBufferSize();
        while (true) {
            long h = stream.head();
            long ts = System.nanoTime(); // after head: see Stream's class comment
            int off = (int) h;
            long at;
            if (off + len <= size) {
                if (!stream.casHead(h, h + len)) {
                    continue;
                }
                at = h;
            } else {
                at = stream.switchInPlace(h, off, len, ts, offer);
                if (at == Stream.RETRY) {
                    continue;
                }
                if (at < 0) {
                    return Stream.refusalOf(at);
                }
            }
            Slot slot = stream.slotAt(at);
            try {
                ByteBuffer w = slot.window;
                int p = slot.at + (int) at;
                w.putLong(p + CtfLayout.EVENT_TIMESTAMP_OFFSET, RecordScan.IN_PROGRESS | len); // first: a crash leaves it skippable
                write(w, p, v0, v1, v2, v3, v4, v5, v6, v7, r0, r1, r2, r3, r4, r5, r6, r7);
                VarHandle.storeStoreFence();
                w.putLong(p + CtfLayout.EVENT_TIMESTAMP_OFFSET, ts);
            } finally {
                slot.add(len + Slot.RECORD_UNIT); // always: an uncommitted claim would hold its sub-buffer back forever
            }
            return Stream.TAKEN;
        }
    }

    /** The record's length from its event id on (each variable part at most {@link StringField#TOO_LONG}: no overflow). */
    private static int size(Object r0, Object r1, Object r2, Object r3, Object r4, Object r5, Object r6, Object r7) {
        InPlaceShape s = SHAPE;
        return s.fixedSize() + variableSize(s.kind0(), s.string0(), r0) + variableSize(s.kind1(), s.string1(), r1)
                + variableSize(s.kind2(), s.string2(), r2) + variableSize(s.kind3(), s.string3(), r3)
                + variableSize(s.kind4(), s.string4(), r4) + variableSize(s.kind5(), s.string5(), r5)
                + variableSize(s.kind6(), s.string6(), r6) + variableSize(s.kind7(), s.string7(), r7);
    }

    /** The record but its timestamp, at {@code p}: event id, thread id, version word, the fields. */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    private static void write(ByteBuffer w, int p, long v0, long v1, long v2, long v3, long v4, long v5, long v6, long v7,
            Object r0, Object r1, Object r2, Object r3, Object r4, Object r5, Object r6, Object r7) {
        InPlaceShape s = SHAPE;
        w.putInt(p + CtfLayout.EVENT_ID_OFFSET, s.identityWord());
        w.putLong(p + CtfLayout.EVENT_THREAD_OFFSET, Thread.currentThread().getId());
        w.putInt(p + CtfLayout.EVENT_VERSION_OFFSET, s.versionWord());
        int q = put(w, p + CtfLayout.EVENT_HEADER_SIZE, s.kind0(), s.string0(), v0, r0);
        q = put(w, q, s.kind1(), s.string1(), v1, r1);
        q = put(w, q, s.kind2(), s.string2(), v2, r2);
        q = put(w, q, s.kind3(), s.string3(), v3, r3);
        q = put(w, q, s.kind4(), s.string4(), v4, r4);
        q = put(w, q, s.kind5(), s.string5(), v5, r5);
        q = put(w, q, s.kind6(), s.string6(), v6, r6);
        put(w, q, s.kind7(), s.string7(), v7, r7);
    }

    private static int variableSize(int kind, StringField string, Object value) {
        if (kind == InPlaceShape.STRING) {
            return string.size((String) value);
        }
        if (kind == InPlaceShape.BYTES) {
            int length = value == null ? 0 : ((byte[]) value).length;
            return length >= StringField.TOO_LONG ? StringField.TOO_LONG : WireFormat.LENGTH_PREFIX_SIZE + length; // no int overflow
        }
        return 0;
    }

    private static int put(ByteBuffer w, int q, int kind, StringField string, long bits, Object value) {
        switch (kind) {
            case InPlaceShape.BYTE:
                w.put(q, (byte) bits);
                return q + 1;
            case InPlaceShape.SHORT:
                w.putShort(q, (short) bits);
                return q + 2;
            case InPlaceShape.INT:
                w.putInt(q, (int) bits);
                return q + 4;
            case InPlaceShape.LONG:
                w.putLong(q, bits);
                return q + 8;
            case InPlaceShape.ENUM:
                w.putInt(q, value == null ? WireFormat.NULL_ORDINAL : ((Enum<?>) value).ordinal());
                return q + 4;
            case InPlaceShape.STRING:
                return string.put(w, q, (String) value);
            case InPlaceShape.BYTES:
                byte[] bytes = (byte[]) value;
                int length = bytes == null ? 0 : bytes.length;
                w.putInt(q, length);
                if (length > 0) {
                    w.put(q + WireFormat.LENGTH_PREFIX_SIZE, bytes, 0, length);
                }
                return q + WireFormat.LENGTH_PREFIX_SIZE + length;
            default:
                return q;
        }
    }
}
