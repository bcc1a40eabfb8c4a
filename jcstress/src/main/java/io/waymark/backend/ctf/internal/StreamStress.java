package io.waymark.backend.ctf.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * jcstress tests of the claim → copy → commit protocol of {@link Stream} (issue 14, design 8.3), on the
 * real class over heap sub-buffers: no two writers share bytes, no sub-buffer is complete while a record
 * in it is not fully written, no commit is lost while a switch races with the writers, two writers that
 * both need a switch switch once, timestamps never go back along a stream, and a writer that switches
 * into a slot the keeper just released writes into the slot's new memory.
 */
public final class StreamStress {

    private StreamStress() {}

    static final int H = CtfLayout.PACKET_HEADER_SIZE;
    static final int FROM = CtfLayout.RECORD_OFFSET;
    static final int TS = CtfLayout.EVENT_TIMESTAMP_OFFSET;

    /** A record whose event of {@code len} bytes is filled with {@code mark} (the claim stamps bytes TS..TS+8). */
    static byte[] record(int len, int mark) {
        byte[] record = new byte[FROM + len];
        Arrays.fill(record, (byte) mark);
        return record;
    }

    /** Whether {@code len} bytes at {@code at} of {@code b} are a whole record of {@code mark} (its timestamp aside). */
    static boolean whole(ByteBuffer b, int at, int len, int mark) {
        for (int i = 0; i < len; i++) {
            if ((i < TS || i >= TS + 8) && b.get(at + i) != (byte) mark) {
                return false;
            }
        }
        return true;
    }

    /** 2 writers claim 3 records each in a stream of 100-byte payloads: the claims switch sub-buffers and never overlap. */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "six disjoint claims, all inside their sub-buffers; head accounts for them")
    @Outcome(expect = FORBIDDEN, desc = "two claims overlap, a claim crosses a sub-buffer's end, or head lost a claim")
    @State
    public static class DisjointClaims {
        final Stream stream = new Stream(0, 4, H + 100, false, Stream.heap(H + 100));
        final long[] at = new long[6];
        static final int[] LEN = {40, 30, 40, 30, 40, 30}; // each sub-buffer holds two or three of them

        void claim(int i) {
            at[i] = stream.claim(record(LEN[i], i + 1), FROM, LEN[i]);
        }

        @Actor
        public void a() {
            claim(0);
            claim(1);
            claim(2);
        }

        @Actor
        public void b() {
            claim(3);
            claim(4);
            claim(5);
        }

        @Arbiter
        public void check(II_Result r) {
            boolean disjoint = true;
            long end = 0;
            for (int i = 0; i < 6; i++) {
                long p = at[i];
                if (p < 0 || (int) p < H || (int) p + LEN[i] > H + 100) {
                    disjoint = false;
                }
                for (int j = 0; j < i; j++) {
                    if (at[j] >>> 32 == p >>> 32 && (int) at[j] < (int) p + LEN[i] && (int) p < (int) at[j] + LEN[j]) {
                        disjoint = false;
                    }
                }
                end = Math.max(end, p + LEN[i]);
            }
            r.r1 = disjoint ? 1 : 0;
            r.r2 = stream.head() == end ? 1 : 0; // head is the end of the last claim
        }
    }

    /**
     * Two writers claim, copy and commit a record each into sub-buffer 0 (room for two, with a byte of
     * padding); the first writer then writes a third, which switches, while the second observes: when it
     * finds sub-buffer 0 complete, both records in it must be whole.
     */
    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "complete, and every record in it whole")
    @Outcome(id = "-1", expect = ACCEPTABLE_INTERESTING, desc = "not complete yet when observed")
    @Outcome(expect = FORBIDDEN, desc = "complete while a record in it was not fully written")
    @State
    public static class NoEarlyDelivery {
        static final int LEN = 48;
        final Stream stream = new Stream(0, 4, H + 2 * LEN + 1, false, Stream.heap(H + 2 * LEN + 1));

        @Actor
        public void first() {
            stream.append(record(LEN, 1), FROM, LEN);
            stream.append(record(LEN, 3), FROM, LEN);
        }

        @Actor
        public void secondThenObserver(I_Result r) {
            stream.append(record(LEN, 2), FROM, LEN);
            Slot slot = stream.slot(0);
            if (!stream.isComplete(slot.commitWord(), 0)) {
                r.r1 = -1;
                return;
            }
            ByteBuffer b = slot.window();
            int end = slot.end();
            boolean ok = end == H + 2 * LEN;
            for (int at = H; ok && at < end; at += LEN) {
                int mark = b.get(at);
                ok = (mark == 1 || mark == 2 || mark == 3) && whole(b, at, LEN, mark);
            }
            r.r1 = ok ? 1 : 0;
        }
    }

    /**
     * The sink's spill (discard mode): two writers of the same lane commit a record each while their home stream is
     * full and the other stream has room for exactly one more. Each record is stored once or counted once, in the
     * home stream, for the home stream's reason: one stored in the other stream, one discarded, nothing else.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "one record spilled into the other stream, one counted in the home stream")
    @Outcome(expect = FORBIDDEN, desc = "a record stored twice, lost uncounted, counted in the wrong stream, or both stored")
    @State
    public static class SpillExactlyOnce {
        static final int LEN = 40;
        final Stream home = new Stream(0, 2, H + LEN, false, Stream.heap(H + LEN)); // one record per sub-buffer
        final Stream other = new Stream(1, 2, H + LEN, false, Stream.heap(H + LEN));
        final StreamSink sink = StreamSink.over(new Stream[] {home, other}, true);

        public SpillExactlyOnce() {
            home.append(record(LEN, 7), FROM, LEN); // sequence 0
            home.append(record(LEN, 7), FROM, LEN); // sequence 1: the home stream is full (2 is not released)
            other.append(record(LEN, 8), FROM, LEN); // sequence 0: room for one more, in sequence 1
        }

        static io.waymark.spi.wire.EncodedRecord encoded(int mark) {
            byte[] bytes = record(LEN, mark);
            return new io.waymark.spi.wire.EncodedRecord() {
                @Override
                public byte[] recordBytes() {
                    return bytes;
                }

                @Override
                public int recordStart() {
                    return 0;
                }

                @Override
                public int encodedSize() {
                    return bytes.length;
                }

                @Override
                public int lane() {
                    return 0;
                }

                @Override
                public io.waymark.spi.EventType type() {
                    return null;
                }
            };
        }

        @Actor
        public void a() {
            sink.commit(encoded(1));
        }

        @Actor
        public void b() {
            sink.commit(encoded(2));
        }

        @Arbiter
        public void check(III_Result r) {
            long commit = other.slot(1).commitWord();
            r.r1 = (int) (other.committedRecords(commit, 1)); // the spilled records
            r.r2 = (int) home.discardedEvents(io.waymark.spi.DiscardReason.BUFFER_FULL);
            r.r3 = (int) (other.discardedEvents() + home.discardedEvents() - home.discardedEvents(io.waymark.spi.DiscardReason.BUFFER_FULL));
        }
    }

    /**
     * A writer commits a record while another thread forces a switch (the keeper's) and then commits a
     * record of its own: whatever the order, once the stream is closed every sub-buffer up to the last is
     * complete and holds the two records between them.
     */
    @JCStressTest
    @Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "every sub-buffer complete, both records counted, nothing discarded")
    @Outcome(expect = FORBIDDEN, desc = "a commit lost (a sub-buffer never completes), a record counted twice or discarded")
    @State
    public static class NoLostCommit {
        static final int LEN = 32;
        final Stream stream = new Stream(0, 4, H + 256, false, Stream.heap(H + 256));

        @Actor
        public void writer() {
            stream.append(record(LEN, 1), FROM, LEN);
        }

        @Actor
        public void switcherThenWriter() {
            stream.forceSwitch();
            stream.append(record(LEN, 2), FROM, LEN);
        }

        @Arbiter
        public void check(III_Result r) {
            long last = stream.close();
            boolean complete = true;
            long records = 0;
            for (long s = 0; s <= last; s++) {
                long commit = stream.slot(s).commitWord();
                complete &= stream.isComplete(commit, s);
                records += stream.recordsUpTo(commit, s);
            }
            r.r1 = complete ? 1 : 0;
            r.r2 = (int) records;
            r.r3 = (int) stream.discardedEvents();
        }
    }

    /**
     * Sub-buffer 0 holds a 60-byte record (40 bytes of room left); two writers each claim 50 bytes, which
     * fit in neither: exactly one switches (committing the 40-byte tail as padding, once), the other lands
     * behind it in sub-buffer 1, and no record spans two sub-buffers.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "both records in sub-buffer 1, disjoint; sub-buffer 0 padded once; sub-buffer 1 full")
    @Outcome(expect = FORBIDDEN, desc = "two switches (padding committed twice), a record spanning sub-buffers, or a lost commit")
    @State
    public static class SwitchRace {
        static final int LEN = 50;
        final Stream stream = new Stream(0, 4, H + 100, false, Stream.heap(H + 100));
        long a;
        long b;

        public SwitchRace() {
            stream.append(record(60, 9), FROM, 60);
        }

        @Actor
        public void first() {
            byte[] r = record(LEN, 1);
            long at = stream.claim(r, FROM, LEN);
            if (at >= 0) {
                stream.commit(at, r, FROM, LEN);
            }
            a = at;
        }

        @Actor
        public void second() {
            byte[] r = record(LEN, 2);
            long at = stream.claim(r, FROM, LEN);
            if (at >= 0) {
                stream.commit(at, r, FROM, LEN);
            }
            b = at;
        }

        @Arbiter
        public void check(III_Result r) {
            long one = 1L << 32;
            boolean placed = (a == (one | H) && b == (one | (H + LEN))) || (b == (one | H) && a == (one | (H + LEN)));
            r.r1 = placed ? 1 : 0;
            r.r2 = stream.slot(0).commitWord() == Slot.RECORD_UNIT + 100 && stream.slot(0).end() == H + 60 ? 1 : 0;
            r.r3 = stream.slot(1).commitWord() == 2 * Slot.RECORD_UNIT + 100 ? 1 : 0;
        }
    }

    /**
     * Two writers append two 40-byte records each (two fit in a sub-buffer): along the stream's positions,
     * sub-buffer 0 then 1, the stored timestamps never go back, and the switch's timestamp (packet 0's
     * timestamp_end) lies between the last record of sub-buffer 0 and the first of sub-buffer 1.
     */
    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "timestamps rise (or stay) along the stream, timestamp_end between the packets")
    @Outcome(expect = FORBIDDEN, desc = "a timestamp goes back along the stream, or a record is unstamped")
    @State
    public static class MonotonicTime {
        static final int LEN = 40;
        final Stream stream = new Stream(0, 4, H + 100, false, Stream.heap(H + 100));

        @Actor
        public void first() {
            stream.append(record(LEN, 1), FROM, LEN);
            stream.append(record(LEN, 1), FROM, LEN);
        }

        @Actor
        public void second() {
            stream.append(record(LEN, 2), FROM, LEN);
            stream.append(record(LEN, 2), FROM, LEN);
        }

        @Arbiter
        public void check(I_Result r) {
            long[] ts = new long[5];
            int i = 0;
            for (long s = 0; s < 2; s++) {
                Slot slot = stream.slot(s);
                ByteBuffer w = slot.window().duplicate().order(ByteOrder.LITTLE_ENDIAN);
                for (int off = H; off < H + 2 * LEN; off += LEN) {
                    ts[i++] = w.getLong(slot.at() + off + TS);
                }
                if (s == 0) {
                    ts[4] = slot.endTs();
                }
            }
            boolean ok = stream.head() == (1L << 32 | (H + 2 * LEN)) && ts[0] > 0;
            for (int k = 1; k < 4; k++) {
                ok &= ts[k] >= ts[k - 1];
            }
            ok &= ts[1] <= ts[4] && ts[4] <= ts[2] && ts[4] == ts[2]; // the switch claimed sub-buffer 1's first record: one clock reading
            r.r1 = ok ? 1 : 0;
        }
    }

    /**
     * A ring of two: sub-buffer 0 is complete and sub-buffer 1 current and nearly full. The keeper releases
     * slot 0 for sequence 2 as {@link StreamKeeper} does (new memory, then the volatile write of
     * {@code seq}) while a writer appends a record that needs the switch to sequence 2: the writer either
     * finds the slot not yet released (discarded, counted) or writes into the slot's new memory, never
     * into the memory the keeper took.
     */
    @JCStressTest
    @Outcome(id = "0, 0, 0, 1", expect = ACCEPTABLE_INTERESTING, desc = "slot 0 not yet released: discarded and counted")
    @Outcome(id = "1, 1, 0, 0", expect = ACCEPTABLE, desc = "switched into slot 0 and wrote into its new memory")
    @Outcome(expect = FORBIDDEN, desc = "switched but wrote into the memory the keeper took (or nowhere), or a discard uncounted")
    @State
    public static class ReleaseVisibility {
        static final int LEN = 60;
        final Stream stream = new Stream(0, 2, H + 100, false, Stream.heap(H + 100));
        final ByteBuffer taken;
        final ByteBuffer fresh = ByteBuffer.allocate(H + 100).order(ByteOrder.LITTLE_ENDIAN);
        boolean kept;

        public ReleaseVisibility() {
            stream.append(record(LEN, 8), FROM, LEN);
            stream.append(record(LEN, 9), FROM, LEN); // switches to sequence 1: slot 0 complete
            taken = stream.slot(0).window();
        }

        @Actor
        public void keeper() {
            Slot slot = stream.slot(0);
            slot.window(fresh); // StreamKeeper.service: the slot's new memory (plain stores) ...
            slot.seq = 2; // ... published by the release
        }

        @Actor
        public void writer() {
            kept = stream.append(record(LEN, 7), FROM, LEN);
        }

        @Arbiter
        public void check(IIII_Result r) {
            r.r1 = kept ? 1 : 0;
            r.r2 = whole(fresh, H, LEN, 7) ? 1 : 0;
            boolean touched = false;
            for (int i = H; i < H + LEN; i++) {
                touched |= (i < H + TS || i >= H + TS + 8) && taken.get(i) == 7; // the timestamp's bytes aside
            }
            r.r3 = touched ? 1 : 0;
            r.r4 = (int) stream.discardedEvents();
        }
    }
}
