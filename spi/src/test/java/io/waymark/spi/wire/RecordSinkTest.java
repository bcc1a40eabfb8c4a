package io.waymark.spi.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.DiscardCounter;
import io.waymark.spi.DiscardReason;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.probe.Probe;
import io.waymark.spi.probe.ProbeTarget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RecordSink 2.0: the thread encodes into its own writer and hands the finished record to the sink at
 * commit; the begin handle reads no clock with a sink bound; discards on the emitting side reach the
 * probe target's {@link DiscardCounter} with their reason, and nothing reaches the application.
 */
class RecordSinkTest {

    private enum Colour { RED, GREEN }

    private static final EventType MIXED = new EventType("sinktest.mixed", "mixed", 1, 3, Stability.STABLE, Level.INFO,
            List.of(FieldDescriptor.of("id", FieldType.LONG), FieldDescriptor.of("count", FieldType.INT),
                    FieldDescriptor.of("text", FieldType.STRING),
                    FieldDescriptor.ofEnum("colour", Colour.class.getName(), List.of("RED", "GREEN")),
                    FieldDescriptor.of("raw", FieldType.BYTES)));
    private static final Probe MIXED_PROBE = Emitting.register(MIXED);

    /** Keeps a copy of every committed record; may be told to throw. */
    private static final class CopyingSink implements RecordSink {
        final List<byte[]> records = new ArrayList<>();
        final List<Integer> lanes = new ArrayList<>();
        boolean fail;

        @Override
        public void commit(EncodedRecord record) {
            if (fail) {
                throw new IllegalStateException("a broken sink");
            }
            records.add(Arrays.copyOfRange(record.recordBytes(), record.recordStart(), record.recordStart() + record.encodedSize()));
            lanes.add(record.lane());
        }
    }

    private final CopyingSink sink = new CopyingSink();
    private final List<byte[]> dispatched = new ArrayList<>();
    private final Map<DiscardReason, Integer> discards = new EnumMap<>(DiscardReason.class);

    private void target(RecordSink recordSink) {
        Probe.update(Map.of(MIXED_PROBE, new ProbeTarget() {
            @Override
            public void dispatch(Event event) {
                byte[] copy = new byte[event.encodedSize()];
                event.copyEncodedTo(copy, 0);
                dispatched.add(copy);
            }

            @Override
            public RecordSink recordSink(EventType type, int providerIndex) {
                return recordSink;
            }

            @Override
            public DiscardCounter discards() {
                return reason -> discards.merge(reason, 1, Integer::sum);
            }
        }));
    }

    @AfterEach
    void off() {
        Probe.update(Map.of(MIXED_PROBE, ProbeTarget.NONE));
    }

    private static EventWriter begin() {
        try {
            return (EventWriter) MIXED_PROBE.beginHandle().invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static void emit(Consumer<EventWriter> fields) {
        EventWriter writer = begin();
        assertNotNull(writer, "the event was started");
        fields.accept(writer);
        MIXED_PROBE.commit(writer);
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

    @Test
    void theSinkGetsTheCanonicalRecordAndNothingIsDispatched() {
        target(sink);
        emit(mixed(42, "é and ascii", new byte[] {1, 2, 3}));
        emit(mixed(43, "é and ascii", null)); // the string cache's copy path
        assertEquals(List.of(), dispatched);
        assertEquals(2, sink.records.size());
        for (int i = 0; i < 2; i++) {
            byte[] written = sink.records.get(i);
            EventDecoder header = new EventDecoder().wrap(MIXED, written, 0);
            byte[] expected = RecordEncoder.encode(MIXED, MIXED_PROBE.providerIndex(), header.timestampNanos(),
                    Thread.currentThread().getId(), Arrays.asList(42L + i, 7, "é and ascii", "GREEN", i == 0 ? new byte[] {1, 2, 3} : null));
            assertArrayEquals(expected, written, "record " + i + " is the canonical record");
        }
        assertEquals(sink.lanes.get(0), sink.lanes.get(1), "one thread, one lane");
    }

    @Test
    void withASinkTheBeginHandleReadsNoClock() {
        target(sink);
        EventWriter writer = begin();
        long planted = 0x1234_5678_9ABCL;
        EncodedEvent.LONG.set(writer.recordBytes(), WireFormat.TIMESTAMP_OFFSET, planted);
        writer.putLong(1);
        writer.putInt(7);
        writer.putString("x", 11);
        writer.putEnum(Colour.RED);
        writer.putBytes(null);
        MIXED_PROBE.commit(writer);
        assertEquals(planted, new EventDecoder().wrap(MIXED, sink.records.get(0), 0).timestampNanos(),
                "the timestamp is the sink's to write: begin left the field alone");

        target(null);
        long before = System.nanoTime();
        emit(mixed(2, "y", null));
        long stamped = new EventDecoder().wrap(MIXED, dispatched.get(0), 0).timestampNanos();
        assertTrue(stamped >= before && stamped <= System.nanoTime(), "without a sink begin reads the clock");
    }

    @Test
    void withASinkBoundTheBytesTheSinkSeesCarryZeroInTheTimestampField() {
        // an event without a sink writes a real clock value into the writer's header ...
        target(null);
        emit(mixed(1, "a", null));
        long stamped = new EventDecoder().wrap(MIXED, dispatched.get(0), 0).timestampNanos();
        assertTrue(stamped != 0, "dispatched records carry the begin's time");
        // ... which a sink must never see: it copies the record before storing the claim's time, and a copy
        // torn by a crash must not look whole
        target(sink);
        emit(mixed(2, "b", null));
        emit(mixed(3, "c", null));
        target(null);
        emit(mixed(4, "d", null));
        target(sink);
        emit(mixed(5, "e", null));
        assertEquals(3, sink.records.size());
        for (int i = 0; i < sink.records.size(); i++) {
            assertEquals(0L, new EventDecoder().wrap(MIXED, sink.records.get(i), 0).timestampNanos(),
                    "record " + i + " reached the sink with 0 in its timestamp field");
        }
    }

    @Test
    void aSinkThatThrowsLosesTheEventCountedAsBackendFailedAndNothingReachesTheCaller() {
        target(sink);
        sink.fail = true;
        emit(mixed(1, "a", null));
        assertEquals(Map.of(DiscardReason.BACKEND_FAILED, 1), discards);
        sink.fail = false;
        emit(mixed(2, "b", null));
        assertEquals(1, sink.records.size(), "the writer was given back: the next event goes through");
    }

    @Test
    void aRecordLargerThanTheFormatIsDiscardedAsEventTooLarge() {
        target(sink);
        emit(w -> {
            w.putLong(1);
            w.putInt(7);
            w.putString("a".repeat(WireFormat.MAX_RECORD_SIZE), 11);
            w.putEnum(Colour.RED);
            w.putBytes(null);
        });
        assertEquals(Map.of(DiscardReason.EVENT_TOO_LARGE, 1), discards);
        assertEquals(List.of(), sink.records);
        emit(mixed(2, "b", null));
        assertEquals(1, sink.records.size());
    }

    @Test
    void nestingTooDeepIsDiscardedWithItsReason() {
        target(sink);
        List<EventWriter> open = new ArrayList<>();
        for (int depth = 0; depth < ThreadWriters.MAX_DEPTH; depth++) {
            open.add(begin());
        }
        assertNull(begin(), "one more than MAX_DEPTH");
        assertEquals(Map.of(DiscardReason.NESTING_TOO_DEEP, 1), discards);
        for (int i = open.size() - 1; i >= 0; i--) {
            mixed(i, "n", null).accept(open.get(i));
            MIXED_PROBE.commit(open.get(i));
        }
        assertEquals(ThreadWriters.MAX_DEPTH, sink.records.size(), "nested records each reach the sink");
    }

    @Test
    void nestedWritersShareTheThreadsLaneAndThreadsGetDistinctLanes() throws Exception {
        target(sink);
        EventWriter outer = begin();
        EventWriter inner = begin();
        assertEquals(outer.lane(), inner.lane());
        mixed(1, "i", null).accept(inner);
        MIXED_PROBE.commit(inner);
        mixed(0, "o", null).accept(outer);
        MIXED_PROBE.commit(outer);
        Thread other = new Thread(() -> emit(mixed(2, "t", null)));
        other.start();
        other.join();
        assertEquals(3, sink.lanes.size());
        assertTrue(!sink.lanes.get(2).equals(sink.lanes.get(0)), "a new thread's writer gets the next lane: " + sink.lanes);
    }
}
