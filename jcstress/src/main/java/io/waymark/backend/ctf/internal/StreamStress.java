package io.waymark.backend.ctf.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * jcstress tests of the claim → copy → commit protocol of {@link Stream} (issue 14, design 8.3), on the
 * real class over heap sub-buffers: no two writers share bytes, no sub-buffer is complete while a record
 * in it is not fully written, no commit is lost while a switch races with the writers.
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
}
