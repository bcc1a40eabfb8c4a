package io.waymark.spi.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.DiscardReason;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.probe.Probe;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    private static final EventType ALL = new EventType("wiretest.all", "all", 9, Stability.STABLE, Level.INFO, List.of(
            FieldDescriptor.of("z", FieldType.BOOLEAN), FieldDescriptor.of("b", FieldType.BYTE),
            FieldDescriptor.of("s", FieldType.SHORT), FieldDescriptor.of("c", FieldType.CHAR),
            FieldDescriptor.of("i", FieldType.INT), FieldDescriptor.of("j", FieldType.LONG),
            FieldDescriptor.of("f", FieldType.FLOAT), FieldDescriptor.of("d", FieldType.DOUBLE),
            FieldDescriptor.of("text", FieldType.STRING), FieldDescriptor.ofEnum("state", "java.lang.Thread$State",
                    List.of("NEW", "RUNNABLE", "BLOCKED", "WAITING", "TIMED_WAITING", "TERMINATED")),
            FieldDescriptor.of("raw", FieldType.BYTES)));

    private static Probe register(EventType type) {
        return Emitting.register(type);
    }

    private static byte[] emit(Probe probe, java.util.function.Consumer<EventWriter> fields) {
        return Emitting.emit(probe, fields);
    }

    @Test
    void theGeneratedCallSitesWriterAndTheToolEncoderProduceTheSameBytes() {
        Probe probe = register(ALL);
        for (String text : List.of("", "ascii only", "héllo wörld", "日本語", "emoji 😀!", "lone \uD800 surrogate", "end \uDC00")) {
            byte[] written = emit(probe, w -> {
                w.putBoolean(true);
                w.putByte((byte) -7);
                w.putShort((short) -300);
                w.putChar('λ');
                w.putInt(Integer.MIN_VALUE);
                w.putLong(Long.MAX_VALUE);
                w.putFloat(Float.NaN);
                w.putDouble(-0.0);
                w.putString(text);
                w.putEnum(Thread.State.BLOCKED);
                w.putBytes(new byte[] {1, -2, 3});
            });
            EventDecoder header = new EventDecoder().wrap(ALL, written, 0);
            byte[] encoded = RecordEncoder.encode(ALL, probe.providerIndex(), header.timestampNanos(), header.threadId(),
                    List.of(true, (byte) -7, (short) -300, 'λ', Integer.MIN_VALUE, Long.MAX_VALUE, Float.NaN, -0.0, text,
                            Thread.State.BLOCKED, new byte[] {1, -2, 3}));
            assertArrayEquals(encoded, written, "same bytes for text '" + text + "'");
            String expected = text.replace('\uD800', '?').replace('\uDC00', '?');
            assertEquals(expected, header.getString(8));
            assertEquals(9, header.eventId());
            assertEquals(probe.providerIndex(), header.providerIndex());
            assertEquals(Thread.currentThread().getId(), header.threadId());
        }
    }

    /**
     * Generated code writes runs of fixed-size fields into reserved room with whole-word stores: each
     * field's bytes are still exactly the canonical ones, also when the run grows the writer's buffer
     * and when a string or the record's end follows a run that stored past its last field.
     */
    @Test
    void fieldsWrittenIntoReservedRoomAreTheCanonicalBytes() {
        Probe probe = register(ALL);
        for (String text : List.of("", "x".repeat(230))) { // the second pushes the second run past the first buffer size
            byte[] written = emit(probe, w -> {
                assertTrue(w.reserve(1 + 1 + 2 + 2 + 4 + 8 + 4 + 8));
                w.putReservedBoolean(true);
                w.putReservedByte((byte) -7);
                w.putReservedShort((short) -300);
                w.putReservedChar('λ');
                w.putReservedInt(Integer.MIN_VALUE);
                w.putReservedLong(Long.MAX_VALUE);
                w.putReservedFloat(Float.NaN);
                w.putReservedDouble(-0.0);
                w.putString(text);
                assertTrue(w.reserve(4));
                w.putReservedEnum(Thread.State.BLOCKED); // a run of one, then a variable-size field
                w.putBytes(new byte[] {1, -2, 3});
            });
            EventDecoder header = new EventDecoder().wrap(ALL, written, 0);
            byte[] encoded = RecordEncoder.encode(ALL, probe.providerIndex(), header.timestampNanos(), header.threadId(),
                    List.of(true, (byte) -7, (short) -300, 'λ', Integer.MIN_VALUE, Long.MAX_VALUE, Float.NaN, -0.0, text,
                            Thread.State.BLOCKED, new byte[] {1, -2, 3}));
            assertArrayEquals(encoded, written, "same bytes with a " + text.length() + "-character string");
        }
        // a run that ends the record: what its last word stored past the field is not part of the record
        Probe small = register(new EventType("wiretest.tail", "tail", 1, Stability.STABLE, Level.INFO,
                List.of(FieldDescriptor.of("b", FieldType.BYTE), FieldDescriptor.of("s", FieldType.SHORT))));
        byte[] tail = emit(small, w -> {
            assertTrue(w.reserve(3));
            w.putReservedByte((byte) -1);
            w.putReservedShort((short) -1);
        });
        assertEquals(WireFormat.HEADER_SIZE + 3, tail.length);
        EventDecoder decoded = new EventDecoder().wrap(small.type(), tail, 0);
        assertEquals((byte) -1, decoded.getByte(0));
        assertEquals((short) -1, decoded.getShort(1));
    }

    @Test
    void aReservationTheRecordCannotHoldDropsTheEvent() {
        Probe probe = register(BLOB);
        List<DiscardReason> discards = new ArrayList<>();
        assertNull(Emitting.emit(probe, discards::add, w -> {
            w.putBytes(new byte[WireFormat.MAX_RECORD_SIZE - WireFormat.HEADER_SIZE - 8]);
            if (w.reserve(16)) { // as generated code does: nothing is written without the room
                w.putReservedLong(1);
                w.putReservedLong(2);
            }
        }), "an event that would outgrow the format is not delivered");
        assertEquals(List.of(DiscardReason.EVENT_TOO_LARGE), discards, "counted once, with its reason");

        // a record of exactly the largest size, ending with a reserved run: the run's slack is not part of it
        byte[] largest = emit(probe, w -> {
            w.putBytes(new byte[WireFormat.MAX_RECORD_SIZE - WireFormat.HEADER_SIZE - 4 - 4 - 9]);
            w.putString(null);
            if (w.reserve(9)) {
                w.putReservedLong(5);
                w.putReservedByte((byte) 6);
            }
        });
        assertEquals(WireFormat.MAX_RECORD_SIZE, largest == null ? -1 : largest.length, "the largest record is kept");
    }

    @Test
    void aDecoderReadsEveryTypeBackInPlace() {
        byte[] record = RecordEncoder.encode(ALL, 3, 1234L, 99L, List.of(false, (byte) 1, (short) 2, 'x', 3, 4L, 5.5f, 6.25,
                "seven", "TERMINATED", new byte[] {8}));
        EventDecoder event = new EventDecoder().wrap(ALL, record, 0);
        assertEquals("wiretest.all:all[false, 1, 2, x, 3, 4, 5.5, 6.25, seven, TERMINATED, [8]]", event.toString());
        assertEquals(1234L, event.timestampNanos());
        assertEquals(99L, event.threadId());
        assertEquals(3, event.providerIndex());
        assertEquals(1, event.version());
        assertEquals(5, event.getEnumOrdinal(9));
        assertNull(event.threadName(), "stored records carry no thread name");
        assertEquals(record.length - WireFormat.HEADER_SIZE, event.payloadSize());
        ByteBuffer direct = ByteBuffer.allocateDirect(event.payloadSize() + 3);
        event.copyPayloadTo(direct, 3);
        byte[] payload = new byte[event.payloadSize()];
        direct.get(3, payload);
        assertArrayEquals(Arrays.copyOfRange(record, WireFormat.HEADER_SIZE, record.length), payload);
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class, () -> event.getInt(5));
        assertEquals("field 5 'j' of wiretest.all:all is LONG, not INT", wrongType.getMessage());
    }

    private static final EventType V1 = new EventType("wiretest.evolve", "placed", 1, 1, Stability.STABLE, Level.INFO, List.of(
            FieldDescriptor.of("orderId", FieldType.LONG)));
    private static final EventType V2 = new EventType("wiretest.evolve", "placed", 1, 2, Stability.STABLE, Level.INFO, List.of(
            FieldDescriptor.of("orderId", FieldType.LONG),
            FieldDescriptor.of("note", FieldType.STRING).since(2).withDefault("none"),
            FieldDescriptor.of("quantity", FieldType.INT).since(2)));

    @Test
    void anOlderReaderIgnoresAppendedFieldsAndANewerReaderSeesThemAbsent() {
        byte[] v2 = RecordEncoder.encode(V2, 0, 1, 1, List.of(42L, "gift", 3));
        byte[] v1 = RecordEncoder.encode(V1, 0, 1, 1, List.of(42L));

        EventDecoder oldReader = new EventDecoder().wrap(V1, v2, 0);
        assertEquals(42L, oldReader.getLong(0));
        assertEquals(2, oldReader.version(), "the record says which version wrote it");

        EventDecoder newReader = new EventDecoder().wrap(V2, v1, 0);
        assertEquals(42L, newReader.getLong(0));
        assertTrue(newReader.isPresent(0));
        assertFalse(newReader.isPresent(1));
        assertEquals("none", newReader.getString(1), "the declared default");
        assertEquals(0, newReader.getInt(2), "the type's zero when no default is declared");
        assertEquals(1, newReader.version());
    }

    @Test
    void unknownRecordsAreSkippedByTheirSize() {
        byte[] first = RecordEncoder.encode(V2, 0, 1, 1, List.of(1L, "x", 1));
        byte[] unknown = RecordEncoder.encode(ALL, 0, 2, 1, Arrays.asList(true, (byte) 0, (short) 0, 'a', 0, 0L, 0f, 0d, "", null, null));
        byte[] last = RecordEncoder.encode(V1, 0, 3, 1, List.of(3L));
        byte[] stream = ByteBuffer.allocate(first.length + unknown.length + last.length).put(first).put(unknown).put(last).array();
        List<Long> ids = new ArrayList<>();
        EventDecoder decoder = new EventDecoder();
        for (int at = 0; at < stream.length; at += EventDecoder.recordSize(stream, at)) {
            if (EventDecoder.eventId(stream, at) == 1) { // the reader knows only wiretest.evolve:placed
                ids.add(decoder.wrap(V1, stream, at).getLong(0));
            }
        }
        assertEquals(List.of(1L, 3L), ids);
    }

    @Test
    void aCorruptSizeIsRefusedWithTheOffsetAndTheNumbers() {
        byte[] record = RecordEncoder.encode(V1, 0, 1, 1, List.of(42L));
        record[0] = (byte) 0xFF; // claims 255 bytes in a 36-byte array
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EventDecoder().wrap(V1, record, 0));
        assertEquals("corrupt record at offset 0: size 255 with 36 bytes left", e.getMessage());
        IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class,
                () -> EventDecoder.recordSize(new byte[10], 0));
        assertEquals("truncated record at offset 0: 10 bytes left, a header needs 28", truncated.getMessage());
    }

    @Test
    void aCorruptStringLengthMakesTheRestAbsentInsteadOfReadingPastTheRecord() {
        byte[] record = RecordEncoder.encode(V2, 0, 1, 1, List.of(1L, "abc", 7));
        record[WireFormat.HEADER_SIZE + 8] = 100; // the string claims 100 bytes
        EventDecoder event = new EventDecoder().wrap(V2, record, 0);
        assertTrue(event.isPresent(0));
        assertFalse(event.isPresent(1));
        assertFalse(event.isPresent(2));
    }

    private static final EventType BLOB = new EventType("wiretest.blob", "blob", 1, Stability.UNSTABLE, Level.DEBUG,
            List.of(FieldDescriptor.of("data", FieldType.BYTES), FieldDescriptor.of("text", FieldType.STRING)));

    /** The writer rewrites a header's identity and version only when the event changes: each record must still carry its own. */
    @Test
    void consecutiveEventsOfDifferentTypesAndProvidersCarryTheirOwnHeaders() {
        EventType v2 = new EventType("wiretest.headers", "evolved", 4, 2, Stability.STABLE, Level.INFO,
                List.of(FieldDescriptor.of("n", FieldType.LONG)));
        EventType v1 = new EventType("wiretest.headers", "plain", 5, 1, Stability.STABLE, Level.INFO,
                List.of(FieldDescriptor.of("n", FieldType.LONG)));
        Probe evolved = register(v2);
        Probe plain = register(v1);
        // the same EventType instance registered twice (two class loaders, say): same type, another provider index
        Probe again = register(v2);
        assertTrue(again.providerIndex() != evolved.providerIndex());
        Probe[] order = {evolved, evolved, plain, evolved, again, again, evolved, plain};
        for (int i = 0; i < order.length; i++) {
            Probe probe = order[i];
            long n = i;
            byte[] written = emit(probe, w -> w.putLong(n));
            EventDecoder event = new EventDecoder().wrap(probe.type(), written, 0);
            assertEquals(probe.providerIndex(), event.providerIndex(), "provider index of record " + i);
            assertEquals(probe.type().id(), event.eventId(), "event id of record " + i);
            assertEquals(probe.type().version(), event.version(), "version of record " + i);
            assertEquals(Thread.currentThread().getId(), event.threadId(), "thread of record " + i);
            assertEquals(n, event.getLong(0));
        }
    }

    @Test
    void theWriterGrowsForLargeEventsAndDropsAndCountsOversizedOnes() {
        Probe probe = register(BLOB);
        byte[] big = new byte[40_000];
        Arrays.fill(big, (byte) 5);
        String longAscii = "a".repeat(20_000);
        byte[] written = emit(probe, w -> {
            w.putBytes(big);
            w.putString(longAscii);
        });
        EventDecoder event = new EventDecoder().wrap(BLOB, written, 0);
        assertArrayEquals(big, event.getBytes(0));
        assertEquals(longAscii, event.getString(1));

        List<DiscardReason> discards = new ArrayList<>();
        assertNull(Emitting.emit(probe, discards::add, w -> {
            w.putBytes(big);
            w.putString("é".repeat(20_000)); // 40,000 bytes of UTF-8: the record would exceed 64 KiB
        }), "an oversized event is not delivered");
        assertEquals(List.of(DiscardReason.EVENT_TOO_LARGE), discards, "counted once, with its reason");

        byte[] after = emit(probe, w -> {
            w.putBytes(null);
            w.putString(null);
        });
        Event small = new EventDecoder().wrap(BLOB, after, 0);
        assertArrayEquals(new byte[0], small.getBytes(0), "null is recorded as empty");
        assertEquals("", small.getString(1));
    }

    /** The worked example of docs/event-abi.md is this record: the document must show exactly these bytes. */
    @Test
    void theSpecificationsHexExampleIsWhatTheEncoderWrites() throws Exception {
        EventType placed = new EventType("shop.orders", "orderPlaced", 1, 2, Stability.STABLE, Level.INFO, List.of(
                FieldDescriptor.of("orderId", FieldType.LONG),
                FieldDescriptor.of("quantity", FieldType.INT),
                FieldDescriptor.ofEnum("status", "com.acme.Status", List.of("NEW", "PAID")),
                FieldDescriptor.of("sku", FieldType.STRING).since(2)));
        byte[] record = RecordEncoder.encode(placed, 3, 1_000_000_007L, 1L, List.of(42L, 3, "PAID", "Ab€"));
        String dump = hexDump(record);
        Path spec = Path.of("..", "docs", "event-abi.md");
        String text = Files.readString(spec);
        assertTrue(text.contains(dump), "docs/event-abi.md must contain the example record exactly:\n" + dump);
    }

    static String hexDump(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int line = 0; line < bytes.length; line += 16) {
            out.append(String.format("%04x ", line));
            for (int i = line; i < Math.min(line + 16, bytes.length); i++) {
                out.append(i == line + 8 ? "  " : " ").append(String.format("%02x", bytes[i] & 0xFF));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
