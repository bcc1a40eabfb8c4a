package io.waymark.backend.ctf.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.DiscardCounter;
import io.waymark.spi.DiscardReason;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.wire.EventWriter;
import io.waymark.spi.wire.ThreadWriters;
import io.waymark.spi.wire.WireFormat;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The arguments path writes, in place, the very record the encoded path (a thread's writer, then the sink's copy)
 * stores: byte for byte but the timestamp, for every field type and for the strings that take each branch of the
 * encoding and of the remembered copy.
 */
class ArgumentRecordsTest {

    enum Channel { WEB, STORE }

    private static final int SIZE = 256 * 1024; // every record of the first test in one sub-buffer
    /** Eight fields, the most an event recorded in place has: the references between the primitives. */
    private static final EventType ALL = new EventType("t", "allTypes", 2, 3, Stability.STABLE, Level.INFO, List.of(
            FieldDescriptor.of("flag", FieldType.BOOLEAN), FieldDescriptor.of("small", FieldType.BYTE),
            FieldDescriptor.of("text", FieldType.STRING), FieldDescriptor.of("medium", FieldType.SHORT),
            FieldDescriptor.of("letter", FieldType.CHAR), FieldDescriptor.ofEnum("channel", Channel.class.getName(), List.of("WEB", "STORE")),
            FieldDescriptor.of("ratio", FieldType.FLOAT), FieldDescriptor.of("payload", FieldType.BYTES)));
    private static final MethodType ALL_ARGUMENTS = MethodType.methodType(void.class, boolean.class, byte.class, String.class,
            short.class, char.class, Channel.class, float.class, byte[].class);
    /** The other primitives, and a second String. */
    private static final EventType NUMBERS = new EventType("t", "numbers", 3, 1, Stability.STABLE, Level.INFO, List.of(
            FieldDescriptor.of("count", FieldType.INT), FieldDescriptor.of("label", FieldType.STRING),
            FieldDescriptor.of("total", FieldType.LONG), FieldDescriptor.of("precise", FieldType.DOUBLE)));
    private static final MethodType NUMBERS_ARGUMENTS = MethodType.methodType(void.class, int.class, String.class, long.class, double.class);
    private static final int IDENTITY = WireFormat.identityWord(7, 2);

    private final Stream stream = new Stream(0, 4, SIZE, false, Stream.heap(SIZE));
    private final StreamSink sink = StreamSink.over(new Stream[] {stream}, false);

    /** The strings that take every path: ASCII, two-, three- and four-byte UTF-8, unpaired surrogates, null, empty, long. */
    private static List<String> strings() {
        List<String> strings = new ArrayList<>(List.of("", "SKU-000000000001", "é", "naïve café", "€ and ✓", "😀 emoji",
                "\uD800 alone", "tail \uDC00", "x\uD83D", "A".repeat(300), "abcdefgh€", "0123456789abcdef✓ after two words",
                "seven c\u00e9", "A".repeat(1000) + "é"));
        for (int length = 1; length <= 70; length++) {
            strings.add("s".repeat(length)); // each tail of the remembered copy: whole words, then 4, 2 and 1 bytes
        }
        strings.add(null);
        return strings;
    }

    @Test
    void writesTheRecordTheEncodedPathWritesForEveryFieldType() throws Throwable {
        MethodHandle consumer = ArgumentRecords.consumer(sink, ALL, IDENTITY, ALL_ARGUMENTS);
        assertNotNull(consumer);
        int records = 0;
        for (String text : strings()) {
            // the same instance three times: a miss, a miss that remembers it, a hit (the remembered copy)
            for (int repeat = 0; repeat < 3; repeat++) {
                Object[] arguments = {repeat == 1, (byte) -7, text, (short) -1234, 'ß', repeat == 2 ? null : Channel.STORE,
                        -1.5f * repeat, repeat == 0 ? null : new byte[] {1, 2, 3, (byte) repeat}};
                long before = stream.head();
                consumer.invokeWithArguments(arguments);
                long middle = stream.head();
                encoded(arguments);
                long after = stream.head();
                int inPlace = (int) (middle - before);
                assertEquals(inPlace, (int) (after - middle), "the same length both ways, for " + describe(text));
                byte[] a = bytes((int) before, inPlace);
                byte[] b = bytes((int) middle, inPlace);
                assertTrue(WireFormat.identityWord(7, 2) == ByteBuffer.wrap(a).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0));
                long tsA = ByteBuffer.wrap(a).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(CtfLayout.EVENT_TIMESTAMP_OFFSET);
                long tsB = ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(CtfLayout.EVENT_TIMESTAMP_OFFSET);
                assertTrue(tsA > 0 && tsA <= tsB, "stamped with a clock reading, in order: " + tsA + ", " + tsB);
                Arrays.fill(a, CtfLayout.EVENT_TIMESTAMP_OFFSET, CtfLayout.EVENT_TIMESTAMP_OFFSET + 8, (byte) 0);
                Arrays.fill(b, CtfLayout.EVENT_TIMESTAMP_OFFSET, CtfLayout.EVENT_TIMESTAMP_OFFSET + 8, (byte) 0);
                assertArrayEquals(b, a, "the record of " + describe(text) + ", repeat " + repeat);
                records += 2;
            }
        }
        MethodHandle numbers = ArgumentRecords.consumer(sink, NUMBERS, IDENTITY + 1, NUMBERS_ARGUMENTS);
        assertNotNull(numbers);
        for (Object[] arguments : List.of(new Object[] {Integer.MIN_VALUE, "a", Long.MAX_VALUE, Double.NaN},
                new Object[] {42, null, -1L, -0.0d}, new Object[] {-1, "élan", 0L, 1e300})) {
            long before = stream.head();
            numbers.invokeWithArguments(arguments);
            long middle = stream.head();
            encodedNumbers(arguments);
            int inPlace = (int) (middle - before);
            assertEquals(inPlace, (int) (stream.head() - middle));
            byte[] a = bytes((int) before, inPlace);
            byte[] b = bytes((int) middle, inPlace);
            Arrays.fill(a, CtfLayout.EVENT_TIMESTAMP_OFFSET, CtfLayout.EVENT_TIMESTAMP_OFFSET + 8, (byte) 0);
            Arrays.fill(b, CtfLayout.EVENT_TIMESTAMP_OFFSET, CtfLayout.EVENT_TIMESTAMP_OFFSET + 8, (byte) 0);
            assertArrayEquals(b, a, "the record of " + Arrays.toString(arguments));
            records += 2;
        }
        assertEquals(0, stream.head() >>> 32, records + " records, all in the first sub-buffer");
    }

    @Test
    void aRecordLargerThanTheFormatAllowsIsDiscardedAndCountedNotClaimed() throws Throwable {
        EventType one = new EventType("t", "text", 3, 1, Stability.STABLE, Level.INFO, List.of(FieldDescriptor.of("text", FieldType.STRING)));
        MethodHandle consumer = ArgumentRecords.consumer(sink, one, IDENTITY, MethodType.methodType(void.class, String.class));
        long head = stream.head();
        consumer.invokeExact("x".repeat(WireFormat.MAX_RECORD_SIZE));
        assertEquals(head, stream.head(), "nothing claimed");
        assertEquals(1, stream.discardedEvents(DiscardReason.EVENT_TOO_LARGE));
        consumer.invokeExact("y".repeat(3 * WireFormat.MAX_RECORD_SIZE)); // longer than any record: sized without a scan
        assertEquals(head, stream.head(), "nothing claimed");
        assertEquals(2, stream.discardedEvents(DiscardReason.EVENT_TOO_LARGE));
        EventType blob = new EventType("t", "blob", 8, 1, Stability.STABLE, Level.INFO, List.of(FieldDescriptor.of("b", FieldType.BYTES)));
        MethodHandle bytes = ArgumentRecords.consumer(sink, blob, IDENTITY, MethodType.methodType(void.class, byte[].class));
        bytes.invokeExact(new byte[3 * WireFormat.MAX_RECORD_SIZE]);
        assertEquals(head, stream.head(), "nothing claimed");
        assertEquals(3, stream.discardedEvents(DiscardReason.EVENT_TOO_LARGE));
        consumer.invokeExact("x".repeat(100));
        assertEquals(3, stream.discardedEvents(DiscardReason.EVENT_TOO_LARGE), "the next event recorded");
        assertTrue(stream.head() > head);
    }

    @Test
    void aParameterOfAnotherTypeThanItsFieldOrANinthFieldTakesTheEncodedPath() {
        EventType one = new EventType("t", "count", 4, 1, Stability.STABLE, Level.INFO, List.of(FieldDescriptor.of("n", FieldType.INT)));
        assertNull(ArgumentRecords.consumer(sink, one, IDENTITY, MethodType.methodType(void.class, String.class)));
        assertNull(ArgumentRecords.consumer(sink, one, IDENTITY, MethodType.methodType(void.class, int.class, int.class)));
        assertNull(ArgumentRecords.consumer(sink, one, IDENTITY, MethodType.methodType(void.class, double.class)), "no narrowing");
        EventType text = new EventType("t", "text", 5, 1, Stability.STABLE, Level.INFO, List.of(FieldDescriptor.of("s", FieldType.STRING)));
        assertNull(ArgumentRecords.consumer(sink, text, IDENTITY, MethodType.methodType(void.class, int.class)), "no boxing");
        assertNull(ArgumentRecords.consumer(sink, text, IDENTITY, MethodType.methodType(void.class, byte[].class)), "no other reference");
        assertNull(ArgumentRecords.consumer(sink, one, IDENTITY, MethodType.methodType(void.class, long.class)), "no truncation");
        assertNull(ArgumentRecords.consumer(sink, one, IDENTITY, MethodType.methodType(void.class, short.class)), "no widening either");
        List<FieldDescriptor> nine = new ArrayList<>();
        for (int i = 0; i < InPlaceShape.MAX_FIELDS + 1; i++) {
            nine.add(FieldDescriptor.of("f" + i, FieldType.INT));
        }
        EventType wide = new EventType("t", "wide", 6, 1, Stability.STABLE, Level.INFO, nine);
        Class<?>[] ints = new Class<?>[nine.size()];
        Arrays.fill(ints, int.class);
        assertNull(ArgumentRecords.consumer(sink, wide, IDENTITY, MethodType.methodType(void.class, ints)));
    }

    @Test
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    void inDiscardModeAFullHomeStreamSpillsToTheOtherAndOnlyWhenBothAreFullIsTheEventCountedInTheHomeStream() throws Throwable {
        int small = 256; // a payload of 176 bytes: five records of 32 bytes per sub-buffer, two sub-buffers per stream
        Stream[] streams = {new Stream(0, 2, small, false, Stream.heap(small)), new Stream(1, 2, small, false, Stream.heap(small))};
        StreamSink spilling = StreamSink.over(streams, true);
        EventType tick = new EventType("t", "tick", 7, 1, Stability.STABLE, Level.INFO, List.of(FieldDescriptor.of("n", FieldType.LONG)));
        MethodHandle consumer = ArgumentRecords.consumer(spilling, tick, IDENTITY, MethodType.methodType(void.class, long.class));
        int home = (int) Thread.currentThread().getId() & 1;
        for (long n = 0; n < 40; n++) {
            consumer.invokeExact(n);
        }
        long homeRecords = records(streams[home]);
        long otherRecords = records(streams[1 - home]);
        assertEquals(10, homeRecords, "the home stream's two sub-buffers, full");
        assertEquals(10, otherRecords, "then the other stream's");
        assertEquals(20, streams[home].discardedEvents(DiscardReason.BUFFER_FULL), "the rest counted once, in the home stream");
        assertEquals(0, streams[1 - home].discardedEvents(DiscardReason.BUFFER_FULL));
    }

    /** Records committed in a stream's slots (a slot's commit word counts them above bit 32). */
    private static long records(Stream stream) {
        long records = 0;
        for (int i = 0; i < stream.subBufferCount(); i++) {
            records += stream.slot(i).commitWord() >>> 32;
        }
        return records;
    }

    @Test
    void aStringPassedTwiceInARowIsRememberedAndANewOneEveryTimeIsNot() {
        StringField field = new StringField();
        ByteBuffer w = ByteBuffer.allocate(256).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        String constant = "SKU-000000000001";
        field.put(w, 0, constant);
        assertSame(StringField.Remembered.NONE, field.remembered, "once: not yet");
        field.put(w, 0, constant);
        assertSame(constant, field.remembered.value, "twice in a row: remembered");
        assertEquals(20, field.size(constant));
        StringField varying = new StringField();
        for (int i = 0; i < 5000; i++) {
            varying.put(w, 0, "id-" + i);
            assertSame(StringField.Remembered.NONE, varying.remembered, "never twice in a row: nothing remembered");
        }
    }

    @Test
    void aRememberedStringIsCopiedExactlyWithoutTouchingAByteAfterIt() {
        for (String text : strings()) {
            if (text == null) {
                continue;
            }
            int size = WireFormat.LENGTH_PREFIX_SIZE + StringField.utf8Length(text);
            ByteBuffer encoded = ByteBuffer.allocate(size + 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            assertEquals(size, StringField.encode(encoded, 0, text), describe(text));
            StringField field = new StringField();
            ByteBuffer w = ByteBuffer.allocate(size + 32).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            field.put(w, 0, text); // p = 0 is always sampled: two misses in a row remember the instance
            field.put(w, 0, text);
            if (size > StringField.MAX_REMEMBERED) {
                assertSame(StringField.Remembered.NONE, field.remembered, describe(text) + " is too long to remember");
                continue;
            }
            assertSame(text, field.remembered.value, describe(text));
            for (int i = 0; i < w.capacity(); i++) {
                w.put(i, (byte) 0x5A);
            }
            assertEquals(8 + size, field.put(w, 8, text), "a hit ends where the encoding ends");
            for (int i = 0; i < w.capacity(); i++) {
                byte expected = i >= 8 && i < 8 + size ? encoded.get(i - 8) : (byte) 0x5A;
                assertEquals(expected, w.get(i), describe(text) + ", byte " + i + " of a copy at 8 of " + size + " bytes");
            }
        }
    }

    @Test
    void twoConstantsThatAlternateDoNotTakeTurnsInTheMemory() {
        StringField field = new StringField();
        ByteBuffer w = ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        field.put(w, 0, "GET");
        field.put(w, 0, "GET");
        StringField.Remembered get = field.remembered;
        assertSame("GET", get.value);
        for (int i = 0; i < 100; i++) {
            field.put(w, 0, "POST"); // sampled (p = 0): a miss
            field.put(w, 0, "GET"); // a hit in between: GET keeps its place
        }
        assertSame(get, field.remembered, "no new memory while the remembered instance is hit");
        field.put(w, 0, "POST");
        field.put(w, 0, "POST");
        assertSame("POST", field.remembered.value, "GET no longer hit: POST, twice in a row, takes its place");
    }

    private void encoded(Object[] a) {
        EventWriter writer = ThreadWriters.begin(sink, DiscardCounter.NONE, ALL, IDENTITY);
        writer.putBoolean((boolean) a[0]);
        writer.putByte((byte) a[1]);
        writer.putString((String) a[2]);
        writer.putShort((short) a[3]);
        writer.putChar((char) a[4]);
        writer.putEnum((Enum<?>) a[5]);
        writer.putFloat((float) a[6]);
        writer.putBytes((byte[]) a[7]);
        ThreadWriters.finish(writer);
    }

    private void encodedNumbers(Object[] a) {
        EventWriter writer = ThreadWriters.begin(sink, DiscardCounter.NONE, NUMBERS, IDENTITY + 1);
        writer.putInt((int) a[0]);
        writer.putString((String) a[1]);
        writer.putLong((long) a[2]);
        writer.putDouble((double) a[3]);
        ThreadWriters.finish(writer);
    }

    private byte[] bytes(int offset, int length) {
        ByteBuffer w = stream.slot(stream.head() >>> 32).window();
        byte[] bytes = new byte[length];
        w.get(offset, bytes);
        return bytes;
    }

    private static String describe(String text) {
        return text == null ? "null" : text.length() > 20 ? text.length() + " characters" : "'" + text + "'";
    }
}
