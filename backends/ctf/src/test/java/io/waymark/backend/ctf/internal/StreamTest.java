package io.waymark.backend.ctf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.spi.DiscardReason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The claim → copy → commit arithmetic of one {@link Stream}, from one thread: head, switch, padding, completeness, discards. */
class StreamTest {

    private static final int H = CtfLayout.PACKET_HEADER_SIZE;
    private static final int SIZE = 256; // a payload of 176 bytes
    private static final int LEN = 36; // four records fill 144 bytes; a fifth does not fit

    /** A record whose CTF event (from offset 4) is {@code LEN} bytes, filled with {@code mark}. */
    private static byte[] record(int mark) {
        byte[] record = new byte[CtfLayout.RECORD_OFFSET + LEN];
        java.util.Arrays.fill(record, (byte) mark);
        return record;
    }

    private static long claimAndCommit(Stream stream, byte[] record) {
        long at = stream.claim(record, CtfLayout.RECORD_OFFSET, LEN);
        if (at >= 0) {
            stream.commit(at, record, CtfLayout.RECORD_OFFSET, LEN);
        }
        return at;
    }

    @Test
    void claimsFollowEachOtherThenASwitchPadsTheTailAndCompletesTheSubBuffer() {
        Stream stream = new Stream(0, 4, SIZE, false, Stream.heap(SIZE));
        assertEquals(H, stream.head(), "sequence 0, the first byte after the packet header");
        long previousTs = Long.MIN_VALUE;
        for (int i = 0; i < 4; i++) {
            byte[] record = record(i + 1);
            long at = stream.claim(record, CtfLayout.RECORD_OFFSET, LEN);
            assertEquals(H + i * LEN, at, "record " + i);
            ByteBuffer view = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
            int tsAt = CtfLayout.RECORD_OFFSET + CtfLayout.EVENT_TIMESTAMP_OFFSET;
            long ts = view.getLong(tsAt);
            assertTrue(ts >= previousTs, "the claim stamps the record, never going back");
            previousTs = ts;
            stream.commit(at, record, CtfLayout.RECORD_OFFSET, LEN);
            assertEquals(0L, view.getLong(tsAt),
                    "commit put 0 back before the copy, as a writer with a sink keeps it: a torn copy must not look whole");
            ByteBuffer window = stream.slot(0).window();
            assertEquals(ts, window.getLong((int) at + CtfLayout.EVENT_TIMESTAMP_OFFSET), "the copy holds the claim's timestamp");
            assertEquals((byte) (i + 1), window.get((int) at + LEN - 1), "the copy holds the record");
        }
        Slot first = stream.slot(0);
        assertFalse(stream.isComplete(first.commitWord(), 0), "not switched: the tail is not padding yet");
        assertEquals(4L * (LEN + Slot.RECORD_UNIT), first.commitWord());

        long at = claimAndCommit(stream, record(5));
        assertEquals(1L << 32 | H, at, "the fifth record opens sequence 1");
        assertEquals(1L << 32 | (H + LEN), stream.head());
        assertEquals(H + 4 * LEN, first.end(), "the content ends where the padding starts");
        assertTrue(stream.isComplete(first.commitWord(), 0), "records and padding fill the payload");
        assertEquals(4, stream.recordsUpTo(first.commitWord(), 0));
        assertEquals(0, stream.discardedEvents());
    }

    @Test
    void aClaimedButUncommittedRecordKeepsItsSubBufferIncompleteAndNothingElse() {
        Stream stream = new Stream(0, 4, SIZE, false, Stream.heap(SIZE));
        byte[] held = record(9);
        long heldAt = stream.claim(held, CtfLayout.RECORD_OFFSET, LEN); // a writer descheduled here
        for (int i = 0; i < 8; i++) {
            assertTrue(claimAndCommit(stream, record(i)) >= 0, "other records are claimed and committed around it");
        }
        assertTrue(stream.head() >>> 32 >= 2, "and the stream switched on, past the held sub-buffer");
        assertFalse(stream.isComplete(stream.slot(0).commitWord(), 0), "only the held sub-buffer is incomplete");
        assertTrue(stream.isComplete(stream.slot(1).commitWord(), 1));
        stream.commit(heldAt, held, CtfLayout.RECORD_OFFSET, LEN);
        assertTrue(stream.isComplete(stream.slot(0).commitWord(), 0), "complete once its writer commits");
    }

    @Test
    void discardModeDiscardsOnlyWhenTheNextSlotIsNotReleasedAndReusesItOnceReleased() {
        Stream stream = new Stream(0, 4, SIZE, false, Stream.heap(SIZE));
        int kept = 0;
        while (claimAndCommit(stream, record(1)) >= 0) {
            kept++;
        }
        assertEquals(4 * 4, kept, "four sub-buffers of four records");
        assertEquals(1, stream.discardedEvents(DiscardReason.BUFFER_FULL));
        assertEquals(3L << 32 | (H + 4 * LEN), stream.head(), "a discard claims nothing");

        Slot first = stream.slot(0);
        first.seq = 4; // the keeper took sequence 0 and released its slot for sequence 4
        assertEquals(4L << 32 | H, claimAndCommit(stream, record(2)), "the record opens sequence 4 in the released slot");
        for (int i = 0; i < 3; i++) {
            claimAndCommit(stream, record(3));
        }
        stream.slot(5).seq = 5; // and sequence 1's slot for sequence 5
        assertEquals(5L << 32 | H, claimAndCommit(stream, record(4)));
        assertTrue(stream.isComplete(first.commitWord(), 4), "its second generation completes");
        assertEquals(8, stream.recordsUpTo(first.commitWord(), 4), "records of both generations");
    }

    @Test
    void overwriteModeReusesTheOldestCompleteSubBufferButNeverOneAWriterIsStillIn() {
        Stream stream = new Stream(0, 2, SIZE, true, Stream.heap(SIZE));
        byte[] held = record(9);
        long heldAt = stream.claim(held, CtfLayout.RECORD_OFFSET, LEN);
        for (int i = 0; i < 7; i++) {
            assertTrue(claimAndCommit(stream, record(i)) >= 0); // fill sequences 0 and 1
        }
        assertEquals(Stream.DISCARDED, claimAndCommit(stream, record(1)), "sequence 2 would reuse sequence 0's slot, a writer is in it");
        assertEquals(1, stream.discardedEvents(DiscardReason.BUFFER_FULL));
        stream.commit(heldAt, held, CtfLayout.RECORD_OFFSET, LEN);
        assertEquals(2L << 32 | H, claimAndCommit(stream, record(1)), "overwrites the oldest once it is complete");
    }

    @Test
    void awaitingASubBufferReturnsWhenCompleteAtTheDeadlineAndAtOnceWhenTheRingWentRound() {
        Stream stream = new Stream(0, 2, SIZE, true, Stream.heap(SIZE));
        byte[] held = record(9);
        long heldAt = stream.claim(held, CtfLayout.RECORD_OFFSET, LEN); // a writer descheduled in sequence 0
        for (int i = 0; i < 4; i++) {
            claimAndCommit(stream, record(i)); // sequence 1 opens
        }
        assertTrue(stream.awaitComplete(-1, System.nanoTime()), "no generation yet: complete");
        long start = System.nanoTime();
        assertFalse(stream.awaitComplete(0, start + 20_000_000L), "a writer is still in it");
        assertTrue(System.nanoTime() - start >= 20_000_000L, "waited until the deadline");
        stream.commit(heldAt, held, CtfLayout.RECORD_OFFSET, LEN);
        assertTrue(stream.awaitComplete(0, System.nanoTime()), "complete once its writer commits");

        for (int i = 0; stream.head() >>> 32 < 2; i++) {
            assertTrue(i < 100, "sequence 2 opens within a few records");
            claimAndCommit(stream, record(i)); // sequence 2 opens in sequence 0's slot
        }
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertFalse(stream.awaitComplete(0, System.nanoTime() + 60_000_000_000L),
                "sequence 0 was overwritten: no wait for a minute"));
    }

    @Test
    void aRecordLargerThanAPayloadIsDiscardedBeforeClaimingAndAClosedStreamTakesNothing() {
        Stream stream = new Stream(0, 2, SIZE, false, Stream.heap(SIZE));
        byte[] big = new byte[SIZE];
        assertEquals(Stream.DISCARDED, stream.claim(big, CtfLayout.RECORD_OFFSET, SIZE - H + 1));
        assertEquals(1, stream.discardedEvents(DiscardReason.EVENT_TOO_LARGE));
        assertEquals(H, stream.head());

        claimAndCommit(stream, record(1));
        assertEquals(0, stream.close(), "the last sequence that may hold records");
        assertTrue(stream.isComplete(stream.slot(0).commitWord(), 0), "the tail is committed as padding");
        assertEquals(H + LEN, stream.slot(0).end());
        assertEquals(Stream.LATE, claimAndCommit(stream, record(2)));
        assertEquals(Stream.LATE, stream.claim(big, CtfLayout.RECORD_OFFSET, SIZE), "late, not counted");
        assertEquals(1, stream.discardedEvents(), "late events are not counted");
        assertEquals(0, stream.close(), "idempotent");
    }

    @Test
    void anExactlyFullSubBufferClosesWithItsContentEnd() {
        int size = H + 4 * LEN;
        Stream stream = new Stream(0, 2, size, false, Stream.heap(size));
        for (int i = 0; i < 4; i++) {
            claimAndCommit(stream, record(1));
        }
        assertEquals(0, stream.close());
        assertEquals(size, stream.slot(0).end());
        assertTrue(stream.isComplete(stream.slot(0).commitWord(), 0));
    }

    @Test
    void aForcedSwitchClosesANonEmptySubBufferOnly() {
        Stream stream = new Stream(0, 4, SIZE, false, Stream.heap(SIZE));
        assertEquals(0, stream.forceSwitch(), "empty: nothing to switch");
        claimAndCommit(stream, record(1));
        assertEquals(1, stream.forceSwitch(), "everything claimed lies below sequence 1");
        assertEquals(1L << 32 | H, stream.head());
        assertEquals(H + LEN, stream.slot(0).end());
        assertTrue(stream.isComplete(stream.slot(0).commitWord(), 0));
    }

    @Test
    void aSwitchBeyondTheStreamFilesShareDiscardsAsSizeLimitEvenWhenTheSlotWasReleased() {
        Stream stream = new Stream(0, 4, SIZE, false, Stream.heap(SIZE)); // slots released for 0 .. 3
        stream.limit(2); // max-size: sequences 0 and 1 only
        for (int i = 0; i < 8; i++) { // two sub-buffers of four records
            assertTrue(claimAndCommit(stream, record(i)) >= 0, "record " + i);
        }
        assertTrue(stream.lastOfShare(stream.head() >>> 32), "sequence 1 is the last of the share");
        assertEquals(Stream.DISCARDED, claimAndCommit(stream, record(9)));
        assertEquals(1, stream.discardedEvents(DiscardReason.SIZE_LIMIT), "not BUFFER_FULL: the limit, although slot 2 is free");
        assertEquals(0, stream.discardedEvents(DiscardReason.BUFFER_FULL));
    }

    @Test
    void aSealForAnEarlierSubBufferLeavesTheOneAWriterOpenedSince() {
        Stream stream = new Stream(0, 4, SIZE, false, Stream.heap(SIZE));
        for (int i = 0; i < 5; i++) { // the fifth opens sequence 1
            claimAndCommit(stream, record(i));
        }
        long head = stream.head();
        assertEquals(-1, stream.seal(0), "the keeper decided on sequence 0; a writer opened 1 since");
        assertEquals(head, stream.head(), "nothing sealed");
        assertEquals(2, stream.seal(1), "sequence 1 sealed: everything claimed lies below 2");
        assertEquals(2L << 32 | H, claimAndCommit(stream, record(9)), "the next claim opens sequence 2 (released): a seal only closes");
    }

    /** One record of writer lane {@code lane}, as a sink receives it. */
    private static io.waymark.spi.wire.EncodedRecord encoded(int lane, int mark) {
        byte[] bytes = record(mark);
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
                return lane;
            }

            @Override
            public io.waymark.spi.EventType type() {
                return null;
            }
        };
    }

    @Test
    void aRecordItsHomeStreamRefusesGoesToAnotherStreamAndIsDiscardedOnlyWhenEveryStreamRefusesIt() {
        // no keeper: each stream takes its two released sub-buffers, 4 records each, then refuses
        Stream home = new Stream(0, 2, SIZE, false, Stream.heap(SIZE));
        Stream other = new Stream(1, 2, SIZE, false, Stream.heap(SIZE));
        StreamSink sink = StreamSink.over(new Stream[] {home, other}, true);
        for (int i = 0; i < 20; i++) {
            sink.commit(encoded(2, i)); // lane 2: home is stream 0
        }
        assertEquals(1, home.head() >>> 32, "the home stream filled both its sub-buffers");
        assertEquals(1, other.head() >>> 32, "the next 8 records went to the other stream instead of being discarded");
        assertEquals(4, home.discardedEvents(DiscardReason.BUFFER_FULL), "only what no stream took is discarded, in the home stream");
        assertEquals(0, other.discardedEvents(), "a stream that only refused an offer counts nothing");
        assertEquals(4L * (LEN + Slot.RECORD_UNIT), other.slot(1).commitWord(), "the other stream's second sub-buffer holds 4");

        home.notReadyReason(DiscardReason.WRITE_FAILED); // the home stream's next sub-buffer cannot be allocated
        sink.commit(encoded(2, 99));
        assertEquals(1, home.discardedEvents(DiscardReason.WRITE_FAILED), "counted for the reason the home stream gave");
        home.close();
        sink.commit(encoded(2, 100));
        assertEquals(5, home.discardedEvents(), "late once the home stream closed: not counted");
    }

    @Test
    void withoutSpillingAsInOverwriteModeARecordStaysInItsHomeStream() {
        Stream home = new Stream(0, 2, SIZE, false, Stream.heap(SIZE));
        Stream other = new Stream(1, 2, SIZE, false, Stream.heap(SIZE));
        StreamSink sink = StreamSink.over(new Stream[] {home, other}, false);
        for (int i = 0; i < 12; i++) {
            sink.commit(encoded(0, i));
        }
        assertEquals(4, home.discardedEvents(DiscardReason.BUFFER_FULL));
        assertEquals(H, other.head(), "the other stream took nothing");
    }
}
