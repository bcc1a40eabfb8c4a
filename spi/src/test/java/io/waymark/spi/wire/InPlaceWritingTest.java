package io.waymark.spi.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.probe.Probe;
import io.waymark.spi.probe.ProbeTarget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Records written in place into a {@link RecordSink}'s room: byte for byte the canonical record a
 * buffered writer produces, whatever the room, the string cache, nesting or failures do.
 */
class InPlaceWritingTest {

    private enum Colour { RED, GREEN }

    private static final EventType MIXED = new EventType("inplacetest.mixed", "mixed", 1, 3, Stability.STABLE, Level.INFO,
            List.of(FieldDescriptor.of("id", FieldType.LONG), FieldDescriptor.of("count", FieldType.INT),
                    FieldDescriptor.of("text", FieldType.STRING),
                    FieldDescriptor.ofEnum("colour", Colour.class.getName(), List.of("RED", "GREEN")),
                    FieldDescriptor.of("raw", FieldType.BYTES)));
    private static final EventType SMALL = new EventType("inplacetest.small", "small", 2, Stability.STABLE, Level.INFO,
            List.of(FieldDescriptor.of("value", FieldType.INT)));

    private static final EventType FIXED = new EventType("inplacetest.fixed", "fixed", 3, Stability.STABLE, Level.INFO,
            List.of(FieldDescriptor.of("id", FieldType.LONG), FieldDescriptor.of("flags", FieldType.BYTE)));

    private static final Probe MIXED_PROBE = Emitting.register(MIXED);
    private static final Probe FIXED_PROBE = Emitting.register(FIXED);
    private static final Probe SMALL_PROBE = Emitting.register(SMALL);

    private static final int SIZE_WORD_MARK = 0x5A5A5A5A;

    /**
     * A sink over one array: every claim gets the next {@code room} bytes and one of the sink's
     * in-place writers (one per event in flight); records are kept as committed.
     */
    private static final class ArenaSink implements RecordSink, RecordBuffer {
        final byte[] arena = new byte[1 << 20];
        final EventWriter[] writers = {EventWriter.inPlace(this), EventWriter.inPlace(this), EventWriter.inPlace(this)};
        int room = 4096;
        int next = 64; // not at 0: a record's offsets must be relative to its start
        boolean full;
        long raiseTo = Long.MIN_VALUE;
        int claims;
        int aborts;
        int inFlight;
        boolean failCommit;
        /**
         * Bound mode: each writer is bound once ({@link EventWriter#bindRoom}) to the arena up to
         * {@link #boundLimit} and opens records with the short {@code openRecord}, as a packet sink does.
         */
        boolean bound;
        int boundLimit;
        /** Bound mode, when positive: the limit a moved record's commit binds its writer to, first (a new packet). */
        int rebindOnMove;
        final List<EventWriter> boundWriters = new ArrayList<>();
        /** Called with each committed writer once its record is kept, as another thread claiming the writer at once would. */
        Consumer<EventWriter> afterCommit = w -> {};
        final List<byte[]> inRoom = new ArrayList<>();
        final List<byte[]> moved = new ArrayList<>();
        /**
         * What went wrong inside commit or abort: an assertion thrown there would never reach the
         * test (the probe lets nothing through), so it is collected and checked after each test.
         */
        final List<String> problems = new ArrayList<>();

        private void check(boolean holds, String expectation) {
            if (!holds) {
                problems.add(expectation);
            }
        }

        @Override
        @SuppressWarnings("deprecation")
        public EventWriter claim(EventType type, int identityWord, long timestamp) {
            if (full) {
                return null;
            }
            claims++;
            EncodedEvent.INT.set(arena, next, SIZE_WORD_MARK); // the size word is the sink's: must stay
            EventWriter writer = writers[inFlight++];
            if (bound) {
                if (!boundWriters.contains(writer)) {
                    writer.bindRoom(arena, boundLimit);
                    boundWriters.add(writer);
                }
                writer.openRecord(next, type, identityWord, Math.max(timestamp, raiseTo), Thread.currentThread().getId());
            } else {
                writer.openRecord(arena, next, next + room, type, identityWord, Math.max(timestamp, raiseTo),
                        Thread.currentThread().getId());
            }
            next += room;
            return writer;
        }

        @Override
        public void commit(EventWriter writer) {
            if (failCommit) {
                throw new IllegalStateException("a broken buffer"); // before it ends the claim
            }
            check(writers[inFlight - 1] == writer, "the writer this sink lent last comes back");
            inFlight--;
            byte[] record = new byte[writer.encodedSize()];
            if (writer.isInClaimedRoom()) {
                check((int) EncodedEvent.INT.get(arena, writer.recordStart()) == SIZE_WORD_MARK,
                        "the writer left the size word in the claimed room alone");
                System.arraycopy(arena, writer.recordStart(), record, 0, record.length);
                EncodedEvent.INT.set(record, WireFormat.SIZE_OFFSET, record.length);
                inRoom.add(record);
            } else {
                if (bound && rebindOnMove > 0) {
                    writer.bindRoom(arena, rebindOnMove); // must not move the record being handed back
                }
                writer.copyEncodedTo(record, 0);
                moved.add(record);
            }
            afterCommit.accept(writer);
        }

        @Override
        public void abort(EventWriter writer) {
            check(writers[inFlight - 1] == writer, "the writer this sink lent last comes back");
            inFlight--;
            aborts++;
        }
    }

    private final ArenaSink sink = new ArenaSink();
    private final List<byte[]> dispatched = new ArrayList<>();

    private void target(Probe probe, RecordSink recordSink) {
        Probe.update(Map.of(probe, new ProbeTarget() {
            @Override
            public void dispatch(Event event) {
                byte[] copy = new byte[event.encodedSize()];
                event.copyEncodedTo(copy, 0);
                dispatched.add(copy);
            }

            @Override
            public RecordSink recordSink(EventType type, int providerIndex) {
                assertSame(probe.type(), type);
                assertEquals(probe.providerIndex(), providerIndex);
                return recordSink;
            }
        }));
    }

    @AfterEach
    void off() {
        Probe.update(Map.of(MIXED_PROBE, ProbeTarget.NONE, SMALL_PROBE, ProbeTarget.NONE, FIXED_PROBE, ProbeTarget.NONE));
        assertEquals(List.of(), sink.problems, "expectations the sink saw broken");
    }

    private static void emit(Probe probe, Consumer<EventWriter> fields) {
        EventWriter writer = probe.begin();
        assertNotNull(writer, "the event was started");
        fields.accept(writer);
        probe.commit(writer);
    }

    private static Consumer<EventWriter> mixed(long id, String text, byte[] raw) {
        return w -> {
            w.putLong(id);
            w.putInt(7);
            w.putString(text, 11);
            w.putEnum(Colour.GREEN);
            w.putBytes(raw);
        };
    }

    /** The canonical record of a MIXED event with the given header values. */
    private static byte[] expectedMixed(byte[] written, long id, String text, byte[] raw) {
        EventDecoder header = new EventDecoder().wrap(MIXED, written, 0);
        return RecordEncoder.encode(MIXED, MIXED_PROBE.providerIndex(), header.timestampNanos(), header.threadId(),
                Arrays.asList(id, 7, text, "GREEN", raw));
    }

    @Test
    void aRecordWrittenInPlaceIsTheCanonicalRecordAndIsNotDispatched() {
        target(MIXED_PROBE, sink);
        List<String> texts = List.of("", "SKU-000000000001", "héllo wörld 😀", "x".repeat(300));
        for (String text : texts) {
            emit(MIXED_PROBE, mixed(42, text, new byte[] {1, 2, 3}));
            emit(MIXED_PROBE, mixed(43, text, null)); // the same String again: a string cache hit
        }
        assertEquals(2 * texts.size(), sink.inRoom.size());
        assertTrue(dispatched.isEmpty(), "an in-place record is the backend's copy: nothing is dispatched");
        for (int i = 0; i < texts.size(); i++) {
            byte[] first = sink.inRoom.get(2 * i);
            byte[] second = sink.inRoom.get(2 * i + 1);
            assertArrayEquals(expectedMixed(first, 42, texts.get(i), new byte[] {1, 2, 3}), first, texts.get(i));
            assertArrayEquals(expectedMixed(second, 43, texts.get(i), new byte[0]), second, texts.get(i));
            assertEquals(Thread.currentThread().getId(), new EventDecoder().wrap(MIXED, first, 0).threadId());
            assertEquals(3, new EventDecoder().wrap(MIXED, first, 0).version());
        }
    }

    @Test
    void bufferedAndInPlaceEventsInTurnKeepEachHeaderTrue() {
        // the buffered writer keeps its header between events; in-place events must not leave it stale
        Probe.update(Map.of(SMALL_PROBE, (ProbeTarget) event -> {
            byte[] copy = new byte[event.encodedSize()];
            event.copyEncodedTo(copy, 0);
            dispatched.add(copy);
        }));
        target(MIXED_PROBE, sink);
        for (int i = 0; i < 3; i++) {
            emit(SMALL_PROBE, w -> w.putInt(5));
            emit(MIXED_PROBE, mixed(1, "a", null));
        }
        assertEquals(3, dispatched.size());
        assertEquals(3, sink.inRoom.size());
        for (byte[] small : dispatched) {
            EventDecoder d = new EventDecoder().wrap(SMALL, small, 0);
            assertEquals(SMALL_PROBE.providerIndex(), d.providerIndex());
            assertEquals(SMALL.id(), d.eventId());
            assertEquals(1, d.version());
            assertEquals(5, d.getInt(0));
        }
        for (byte[] mixed : sink.inRoom) {
            assertArrayEquals(expectedMixed(mixed, 1, "a", new byte[0]), mixed);
        }
    }

    @Test
    void aRecordThatOutgrowsItsRoomMovesToTheWritersOwnBufferIntact() {
        target(MIXED_PROBE, sink);
        sink.room = WireFormat.HEADER_SIZE + 20; // the long, the int and 8 bytes more
        List<String> texts = List.of(
                "a string longer than the claimed room, ünïcödé included", // moves before its first byte
                "ab日本", // its ASCII length fits the room, its UTF-8 does not: moves halfway
                "0123456789AB"); // fits no room, and comes from the string cache the second time (24-byte copy)
        for (String text : texts) {
            emit(MIXED_PROBE, mixed(9, text, new byte[] {4, 5}));
            emit(MIXED_PROBE, mixed(10, text, new byte[] {6}));
        }
        assertEquals(2 * texts.size(), sink.moved.size());
        for (int i = 0; i < texts.size(); i++) {
            byte[] first = sink.moved.get(2 * i);
            byte[] second = sink.moved.get(2 * i + 1);
            assertArrayEquals(expectedMixed(first, 9, texts.get(i), new byte[] {4, 5}), first, texts.get(i));
            assertArrayEquals(expectedMixed(second, 10, texts.get(i), new byte[] {6}), second, texts.get(i));
        }
        // no byte was written past a claimed room: the arena beyond the last room is untouched
        int end = 64 + 2 * texts.size() * sink.room;
        assertEquals(end, sink.next);
        for (int i = end; i < end + 64; i++) {
            assertEquals(0, sink.arena[i], "byte " + i + " past the rooms");
        }

        // a fixed-size field that does not fit moves the record too
        sink.room = WireFormat.HEADER_SIZE + 6;
        emit(MIXED_PROBE, mixed(12, "fixed", null));
        assertEquals(2 * texts.size() + 1, sink.moved.size());
        assertArrayEquals(expectedMixed(sink.moved.get(2 * texts.size()), 12, "fixed", new byte[0]),
                sink.moved.get(2 * texts.size()));

        sink.room = 4096;
        emit(MIXED_PROBE, mixed(11, "short", null));
        assertEquals(1, sink.inRoom.size(), "the next event that fits is written in place again");
        assertArrayEquals(expectedMixed(sink.inRoom.get(0), 11, "short", new byte[0]), sink.inRoom.get(0));
    }

    /**
     * The header and reserved runs are stored as whole words, which reach a few bytes past what they
     * write: never past the claimed room. A run that does not fit with those bytes moves the record.
     */
    @Test
    void aBoundWriterComesBackToItsMemoryAfterARecordMovedOut() {
        target(MIXED_PROBE, sink);
        sink.bound = true;
        sink.room = 100;
        sink.boundLimit = 64 + 2 * 100 + 40; // the third record has 40 bytes of room: it moves
        sink.rebindOnMove = sink.arena.length; // and its commit binds the writer to more memory, as a new packet
        String longText = "a string that needs more than forty bytes of room";
        emit(MIXED_PROBE, mixed(1, "a", null));
        emit(MIXED_PROBE, mixed(2, "a", new byte[] {2}));
        emit(MIXED_PROBE, mixed(3, longText, new byte[] {3}));
        emit(MIXED_PROBE, mixed(4, "a", new byte[] {4})); // back in the bound memory, from the string cache
        emit(MIXED_PROBE, mixed(5, longText, null)); // fits the new bound room: stays in place

        assertEquals(1, sink.moved.size());
        assertArrayEquals(expectedMixed(sink.moved.get(0), 3, longText, new byte[] {3}), sink.moved.get(0));
        assertEquals(4, sink.inRoom.size());
        assertArrayEquals(expectedMixed(sink.inRoom.get(0), 1, "a", new byte[0]), sink.inRoom.get(0));
        assertArrayEquals(expectedMixed(sink.inRoom.get(1), 2, "a", new byte[] {2}), sink.inRoom.get(1));
        assertArrayEquals(expectedMixed(sink.inRoom.get(2), 4, "a", new byte[] {4}), sink.inRoom.get(2));
        assertArrayEquals(expectedMixed(sink.inRoom.get(3), 5, longText, new byte[0]), sink.inRoom.get(3));
        assertTrue(dispatched.isEmpty());
    }

    @Test
    void wholeWordStoresNeverReachPastTheClaimedRoom() {
        target(FIXED_PROBE, sink);
        // the long and the byte: the whole record after its header; the byte's word reaches 7 bytes past it
        int run = 8 + 1;
        int[] rooms = {
            WireFormat.HEADER_SIZE, // the least a sink may claim: the header is written exactly
            WireFormat.HEADER_SIZE + EventWriter.OPEN_SLACK, // the header as whole words
            WireFormat.HEADER_SIZE + run + EventWriter.RESERVED_SLACK - 1, // the run fits, its last word does not
            WireFormat.HEADER_SIZE + run + EventWriter.RESERVED_SLACK}; // the run fits with its last word
        for (int room : rooms) {
            sink.room = room;
            int start = sink.next;
            Arrays.fill(sink.arena, start + room, start + room + 64, (byte) 0x5A); // zeros written there would show too
            emit(FIXED_PROBE, w -> {
                if (w.reserve(run)) {
                    w.putReservedLong(-1L);
                    w.putReservedByte((byte) -1);
                }
            });
            for (int i = start + room; i < start + room + 64; i++) {
                assertEquals(0x5A, sink.arena[i], "byte " + (i - start) + " next to a " + room + "-byte room");
            }
            sink.next += 64; // keep the bytes checked above out of the next room
        }
        assertEquals(3, sink.moved.size(), "the records whose run did not fit with its last word moved");
        assertEquals(1, sink.inRoom.size());
        List<byte[]> all = new ArrayList<>(sink.moved);
        all.addAll(sink.inRoom);
        for (byte[] record : all) {
            EventDecoder header = new EventDecoder().wrap(FIXED, record, 0);
            assertArrayEquals(RecordEncoder.encode(FIXED, FIXED_PROBE.providerIndex(), header.timestampNanos(),
                    header.threadId(), Arrays.asList(-1L, (byte) -1)), record);
        }
    }

    @Test
    void aRecordThatMovedLeavesTheBufferedHeaderTrue() {
        // the same event type from a second registration (another class loader): another identity in the header
        Probe second = Emitting.register(MIXED);
        Probe.update(Map.of(second, (ProbeTarget) event -> {
            byte[] copy = new byte[event.encodedSize()];
            event.copyEncodedTo(copy, 0);
            dispatched.add(copy);
        }));
        try {
            target(MIXED_PROBE, sink);
            sink.room = WireFormat.HEADER_SIZE + 8;
            emit(second, mixed(1, "buffered", null));
            emit(MIXED_PROBE, mixed(2, "moved to the writer's buffer", null));
            emit(second, mixed(3, "buffered again", null));
        } finally {
            Probe.update(Map.of(second, ProbeTarget.NONE));
        }
        assertEquals(1, sink.moved.size());
        assertEquals(MIXED_PROBE.providerIndex(), new EventDecoder().wrap(MIXED, sink.moved.get(0), 0).providerIndex());
        assertEquals(2, dispatched.size());
        for (byte[] record : dispatched) {
            assertEquals(second.providerIndex(), new EventDecoder().wrap(MIXED, record, 0).providerIndex());
        }
    }

    @Test
    void withNoRoomTheEventIsDroppedAndTheWriterStaysUsable() {
        target(SMALL_PROBE, sink);
        sink.full = true;
        for (int i = 0; i < 3 * EventWriter.MAX_DEPTH; i++) {
            assertNull(SMALL_PROBE.begin(), "no room: no writer");
        }
        sink.full = false;
        emit(SMALL_PROBE, w -> w.putInt(1));
        assertEquals(1, sink.inRoom.size());
    }

    @Test
    void aSinkMayRaiseTheTimestampItRecords() {
        target(SMALL_PROBE, sink);
        sink.raiseTo = System.nanoTime() + 1_000_000_000L;
        emit(SMALL_PROBE, w -> w.putInt(1));
        assertEquals(sink.raiseTo, new EventDecoder().wrap(SMALL, sink.inRoom.get(0), 0).timestampNanos());
    }

    @Test
    void anAbandonedOrOversizedEventGivesItsClaimBackAndIsCounted() {
        target(MIXED_PROBE, sink);
        long dropped = EventWriter.droppedEvents();
        EventWriter writer = MIXED_PROBE.begin();
        writer.putLong(1);
        MIXED_PROBE.abort(writer); // as generated code does when a field throws
        emit(MIXED_PROBE, w -> w.putBytes(new byte[WireFormat.MAX_RECORD_SIZE])); // larger than any record
        assertEquals(2, sink.aborts);
        assertEquals(2, sink.claims);
        assertTrue(sink.inRoom.isEmpty() && sink.moved.isEmpty());
        assertEquals(dropped + 2, EventWriter.droppedEvents());

        emit(MIXED_PROBE, mixed(2, "after", null));
        assertEquals(1, sink.inRoom.size(), "the writer is usable again");
    }

    @Test
    void aRecordThatOutgrowsTheFormatInsideALargeRoomIsDroppedNotMoved() {
        // a packet may be larger than a record may be: the record is dropped before it would move
        target(MIXED_PROBE, sink);
        sink.room = 3 * WireFormat.MAX_RECORD_SIZE;
        long dropped = EventWriter.droppedEvents();
        emit(MIXED_PROBE, w -> {
            w.putLong(1);
            w.putInt(7);
            w.putString("", 11);
            w.putEnum(Colour.GREEN);
            w.putBytes(new byte[WireFormat.MAX_RECORD_SIZE - 100]); // fits the room, and the format
            w.putBytes(new byte[200]); // fits the room, not the format
        });
        assertEquals(1, sink.aborts);
        assertTrue(sink.inRoom.isEmpty() && sink.moved.isEmpty());
        assertEquals(dropped + 1, EventWriter.droppedEvents());
    }

    @Test
    void beginBufferedNeverClaimsRoom() {
        target(SMALL_PROBE, sink);
        EventWriter writer = SMALL_PROBE.beginBuffered();
        writer.putInt(3);
        SMALL_PROBE.commit(writer);
        assertEquals(0, sink.claims);
        assertEquals(1, dispatched.size());
        assertEquals(3, new EventDecoder().wrap(SMALL, dispatched.get(0), 0).getInt(0));
    }

    @Test
    void anEventNestedInAnotherGetsItsOwnRoom() {
        target(MIXED_PROBE, sink);
        target(SMALL_PROBE, sink);
        EventWriter outer = MIXED_PROBE.begin();
        outer.putLong(5);
        outer.putInt(7);
        emit(SMALL_PROBE, w -> w.putInt(99)); // as a backend or accessor might, mid-event
        outer.putString("outer", 11);
        outer.putEnum(Colour.GREEN);
        outer.putBytes(null);
        MIXED_PROBE.commit(outer);

        assertEquals(2, sink.inRoom.size());
        assertEquals(99, new EventDecoder().wrap(SMALL, sink.inRoom.get(0), 0).getInt(0));
        assertArrayEquals(expectedMixed(sink.inRoom.get(1), 5, "outer", new byte[0]), sink.inRoom.get(1));
        assertFalse(Arrays.equals(sink.inRoom.get(0), sink.inRoom.get(1)));
    }

    @Test
    void theEventIsWrittenWithTheSinksWriterNotTheThreads() {
        target(SMALL_PROBE, sink);
        EventWriter writer = SMALL_PROBE.begin();
        assertSame(sink.writers[0], writer, "begin() returns the writer the sink claimed");
        writer.putInt(4);
        SMALL_PROBE.commit(writer);
        EventWriter buffered = SMALL_PROBE.beginBuffered();
        assertNotSame(writer, buffered, "the thread's own writer is another one");
        SMALL_PROBE.abort(buffered);
        assertEquals(4, new EventDecoder().wrap(SMALL, sink.inRoom.get(0), 0).getInt(0));
    }

    @Test
    void handingTheRecordBackIsTheWritersLastActSoTheSinkMayLendItAgainAtOnce() {
        // as when another thread claims the stream (and its writer) the moment the record is kept
        target(SMALL_PROBE, sink);
        AtomicReference<EventWriter> relent = new AtomicReference<>();
        sink.afterCommit = w -> {
            sink.afterCommit = x -> {};
            relent.set(sink.claim(SMALL, WireFormat.identityWord(SMALL_PROBE.providerIndex(), SMALL.id()), 77L));
            relent.get().putInt(8);
        };
        emit(SMALL_PROBE, w -> w.putInt(7));
        EventWriter second = relent.get();
        assertSame(sink.writers[0], second);
        second.putInt(9); // Probe.commit of the first event must have left this writer alone
        SMALL_PROBE.commit(second);
        assertEquals(2, sink.inRoom.size());
        assertEquals(7, new EventDecoder().wrap(SMALL, sink.inRoom.get(0), 0).getInt(0));
        byte[] relentRecord = sink.inRoom.get(1);
        assertEquals(WireFormat.HEADER_SIZE + 8, relentRecord.length, "both fields of the second event, nothing lost");
        assertEquals(77L, new EventDecoder().wrap(SMALL, relentRecord, 0).timestampNanos());
        assertEquals(8, (int) EncodedEvent.INT.get(relentRecord, WireFormat.HEADER_SIZE));
        assertEquals(9, (int) EncodedEvent.INT.get(relentRecord, WireFormat.HEADER_SIZE + 4));
    }

    @Test
    void anInPlaceWriterNeedsTheBufferItHandsRecordsTo() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> EventWriter.inPlace(null));
        assertTrue(e.getMessage().contains("RecordBuffer"), e.getMessage());
    }

    @Test
    void aCommitThatFailsGivesTheClaimBackAndCountsTheEvent() {
        target(SMALL_PROBE, sink);
        sink.failCommit = true;
        long dropped = EventWriter.droppedEvents();
        emit(SMALL_PROBE, w -> w.putInt(1)); // Probe.commit never lets the failure through
        assertEquals(1, sink.aborts, "the writer gave its claim back through abort");
        assertEquals(0, sink.inFlight);
        assertEquals(dropped + 1, EventWriter.droppedEvents());
        sink.failCommit = false;
        emit(SMALL_PROBE, w -> w.putInt(2));
        assertEquals(1, sink.inRoom.size());
        assertEquals(2, new EventDecoder().wrap(SMALL, sink.inRoom.get(0), 0).getInt(0));
    }
}
