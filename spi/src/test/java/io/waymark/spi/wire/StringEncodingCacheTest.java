package io.waymark.spi.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.probe.Probe;
import io.waymark.spi.probe.ProbeTarget;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The thread's cache of encoded strings: a hit writes exactly the bytes encoding would have written. */
class StringEncodingCacheTest {

    private static final EventType TEXT = new EventType("cachetest.text", "text", 1, Stability.STABLE, Level.INFO, List.of(
            FieldDescriptor.of("before", FieldType.LONG), FieldDescriptor.of("text", FieldType.STRING),
            FieldDescriptor.of("after", FieldType.INT)));
    private static final EventType PADDED = new EventType("cachetest.padded", "padded", 1, Stability.STABLE, Level.INFO,
            List.of(FieldDescriptor.of("padding", FieldType.BYTES), FieldDescriptor.of("text", FieldType.STRING)));

    private static Probe register(EventType type) {
        return Emitting.register(type);
    }

    /** Emits one event through the real writer and returns its record, which must have been delivered. */
    private static byte[] emit(Probe probe, Consumer<EventWriter> fields) {
        byte[] record = Emitting.emit(probe, fields);
        assertTrue(record != null, "the event was delivered");
        return record;
    }

    private static byte[] expected(Probe probe, EventType type, byte[] written, List<Object> values) {
        EventDecoder header = new EventDecoder().wrap(type, written, 0);
        return RecordEncoder.encode(type, probe.providerIndex(), header.timestampNanos(), header.threadId(), values);
    }

    /** The canonical encoding of {@code text}, in an array with room to read it as whole words (as a writer's buffer has). */
    private static byte[] canonical(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] encoded = new byte[4 + utf8.length + 8];
        EncodedEvent.INT.set(encoded, 0, utf8.length);
        System.arraycopy(utf8, 0, encoded, 4, utf8.length);
        return encoded;
    }

    @Test
    void aRepeatedStringIsWrittenWithExactlyTheBytesOfEncodingIt() {
        Probe probe = register(TEXT);
        List<String> texts = new ArrayList<>(List.of("", "a", "SKU-000000000001", "exactly twenty chars",
                "twenty-one characters", "héllo wörld", "日本語", "emoji 😀!", "x".repeat(52), "y".repeat(53),
                "z".repeat(100)));
        texts.add(null);
        for (String text : texts) {
            for (int round = 0; round < 3; round++) { // the first writes encode, the later ones hit
                // other bytes where the string goes, so that a hit that copied too little cannot pass on leftovers
                emit(probe, w -> {
                    w.putLong(0L);
                    w.putString("#".repeat(120), 8);
                });
                byte[] written = emit(probe, w -> {
                    w.putLong(-1L);
                    w.putString(text, 7);
                    w.putInt(0x01020304);
                });
                byte[] expected = expected(probe, TEXT, written, Arrays.asList(-1L, text, 0x01020304));
                assertArrayEquals(expected, written, "round " + round + " of '" + text + "'");
            }
        }
    }

    @Test
    void theSameInstanceHitsAndAnEqualCopyOrAnotherSlotMisses() {
        Probe probe = register(TEXT);
        String text = "SKU-000000000001";
        byte[] encoded = canonical(text);
        StringEncodingCache cache = new StringEncodingCache();
        cache.remember(text, 3, encoded, 0, 4 + text.length());
        emit(probe, w -> {
            assertTrue(cache.copyTo(w, text, 3), "the remembered instance");
            assertTrue(cache.copyTo(w, text, 3 + StringEncodingCache.SLOTS), "slots are taken modulo their number");
            assertFalse(cache.copyTo(w, new String(text), 3), "equal content, another instance: a miss");
            assertFalse(cache.copyTo(w, text, 4), "another call site's slot");
        });
    }

    @Test
    void aCallSiteThatKeepsPassingNewStringsPausesThenRemembersAgain() {
        Probe probe = register(TEXT);
        StringEncodingCache cache = new StringEncodingCache();
        List<String> fresh = new ArrayList<>();
        // the first string fills the slot; each of the next MISSES_BEFORE_PAUSE replaces it (a miss), the last one pauses it
        for (int i = 0; i <= StringEncodingCache.MISSES_BEFORE_PAUSE; i++) {
            String text = "id-" + i;
            fresh.add(text);
            cache.remember(text, 1, canonical(text), 0, 4 + text.length());
        }
        String seventh = fresh.get(StringEncodingCache.MISSES_BEFORE_PAUSE - 1);
        String last = fresh.get(StringEncodingCache.MISSES_BEFORE_PAUSE);
        emit(probe, w -> {
            assertFalse(cache.copyTo(w, seventh, 1), "paused: the slot forgot its string");
            assertFalse(cache.copyTo(w, last, 1), "paused: the string that paused it is not remembered");
        });
        byte[] encoded = canonical(last);
        for (int i = 0; i < StringEncodingCache.PAUSE; i++) {
            cache.remember(last, 1, encoded, 0, 4 + last.length());
        }
        emit(probe, w -> assertFalse(cache.copyTo(w, last, 1), "still paused after PAUSE writes"));
        cache.remember(last, 1, encoded, 0, 4 + last.length());
        emit(probe, w -> assertTrue(cache.copyTo(w, last, 1), "remembers again once the pause is over"));
    }

    @Test
    void aHitResetsTheMissCountSoAMostlyRepeatedStringIsNotPaused() {
        Probe probe = register(TEXT);
        StringEncodingCache cache = new StringEncodingCache();
        String usual = "usual";
        byte[] usualEncoding = canonical(usual);
        for (int i = 0; i < 3 * StringEncodingCache.MISSES_BEFORE_PAUSE; i++) {
            String other = "other-" + i;
            cache.remember(other, 2, canonical(other), 0, 4 + other.length());
            cache.remember(usual, 2, usualEncoding, 0, 4 + usual.length());
            emit(probe, w -> assertTrue(cache.copyTo(w, usual, 2), "a hit between misses"));
        }
    }

    @Test
    void encodingsLongerThanASlotAreNotRemembered() {
        Probe probe = register(TEXT);
        StringEncodingCache cache = new StringEncodingCache();
        String fits = "f".repeat(StringEncodingCache.MAX_REMEMBERED - 4);
        String tooLong = "t".repeat(StringEncodingCache.MAX_REMEMBERED - 3);
        cache.remember(fits, 0, canonical(fits), 0, 4 + fits.length());
        cache.remember(tooLong, 1, canonical(tooLong), 0, 4 + tooLong.length());
        emit(probe, w -> {
            assertTrue(cache.copyTo(w, fits, 0));
            assertFalse(cache.copyTo(w, tooLong, 1));
        });
    }

    @Test
    void twoCallSitesSharingASlotStayCorrect() {
        Probe probe = register(TEXT);
        String first = "first call site";
        String second = "second, longer call site";
        for (int i = 0; i < 40; i++) {
            int round = i;
            String text = round % 2 == 0 ? first : second;
            byte[] written = emit(probe, w -> {
                w.putLong(round);
                w.putString(text, 5);
                w.putInt(round);
            });
            assertEquals(text, new EventDecoder().wrap(TEXT, written, 0).getString(1));
        }
    }

    @Test
    void aHitThatDoesNotFitFallsBackToEncodingAndGrowsTheBuffer() throws Exception {
        // a new thread, so that its writer starts with the small first buffer that the padding outgrows
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                hitsAroundTheFirstBufferSize();
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        thread.start();
        thread.join();
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
    }

    private static void hitsAroundTheFirstBufferSize() {
        Probe probe = register(PADDED);
        String text = "SKU-000000000001";
        for (int padding = 180; padding < 260; padding++) { // around the writer's first buffer size
            byte[] pad = new byte[padding];
            Arrays.fill(pad, (byte) padding);
            for (int round = 0; round < 2; round++) {
                byte[] written = emit(probe, w -> {
                    w.putBytes(pad);
                    w.putString(text, 9);
                });
                assertArrayEquals(expected(probe, PADDED, written, List.of(pad, text)), written, "padding " + padding);
            }
        }
    }

    @Test
    void copyingAPayloadWritesExactlyItsBytesAndNothingAround() {
        EventType blob = new EventType("cachetest.blob", "blob", 1, Stability.STABLE, Level.INFO,
                List.of(FieldDescriptor.of("raw", FieldType.BYTES)));
        for (int length = 0; length <= 200; length++) {
            byte[] raw = new byte[length];
            for (int i = 0; i < length; i++) {
                raw[i] = (byte) (i * 7 + 1);
            }
            byte[] record = RecordEncoder.encode(blob, 0, 1, 1, List.of(raw));
            EventDecoder event = new EventDecoder().wrap(blob, record, 0);
            byte[] target = new byte[event.payloadSize() + 40];
            Arrays.fill(target, (byte) 0x55);
            event.copyPayloadTo(target, 20);
            byte[] expected = new byte[target.length];
            Arrays.fill(expected, (byte) 0x55);
            System.arraycopy(record, WireFormat.HEADER_SIZE, expected, 20, event.payloadSize());
            assertArrayEquals(expected, target, "payload of " + event.payloadSize() + " bytes");

            byte[] whole = new byte[record.length + 16];
            event.copyEncodedTo(whole, 8);
            assertArrayEquals(record, Arrays.copyOfRange(whole, 8, 8 + record.length));
            assertEquals(0, whole[7]);
            assertEquals(0, whole[8 + record.length]);
        }
    }

    /** Emits one TEXT event whose string field {@code write} writes, and returns what the view's getString gave the backend. */
    private static String readBack(Probe probe, Consumer<EventWriter> write) {
        String[] read = new String[1];
        Probe.update(Map.of(probe, (ProbeTarget) event -> read[0] = event.getString(1)));
        try {
            EventWriter writer = probe.begin();
            writer.putLong(-1L);
            write.accept(writer);
            writer.putInt(7);
            probe.commit(writer);
        } finally {
            Probe.update(Map.of(probe, ProbeTarget.NONE));
        }
        return read[0];
    }

    @Test
    void theViewReturnsTheRememberedInstanceInsteadOfDecodingIt() throws Throwable {
        onFreshThread(this::returnsTheRememberedInstance);
    }

    @Test
    void theViewDecodesWhatNoRememberedStringGivesBackExactly() throws Throwable {
        onFreshThread(this::decodesWhatNoRememberedStringGivesBack);
    }

    /** Runs {@code test} on a new thread: a writer of its own, whose string cache no other test filled or paused. */
    private static void onFreshThread(Runnable test) throws Throwable {
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                test.run();
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        thread.start();
        thread.join();
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private void returnsTheRememberedInstance() {
        Probe probe = register(TEXT);
        String text = new String("SKU-000000000001");
        assertSame(text, readBack(probe, w -> w.putString(text, 5)), "remembered at its first write");
        assertSame(text, readBack(probe, w -> w.putString(text, 5)), "and at a hit");
        // the same content written without the cache: content decides, any remembered instance will do
        assertSame(text, readBack(probe, w -> w.putString(new String(text))));
        assertEquals("", readBack(probe, w -> w.putString(null, 5)));
    }

    private void decodesWhatNoRememberedStringGivesBack() {
        Probe probe = register(TEXT);
        String cached = "SKU-000000000001";
        readBack(probe, w -> w.putString(cached, 5));
        // same length, other content, not through the cache: decoded
        assertEquals("SKU-000000000002", readBack(probe, w -> w.putString("SKU-000000000002")));
        // an unpaired surrogate is written as '?': the view must read '?', not the remembered instance
        String surrogate = "a\uD800b";
        assertEquals("a?b", readBack(probe, w -> w.putString(surrogate, 6)));
        assertEquals("a?b", readBack(probe, w -> w.putString(surrogate, 6)));
        String question = "why?";
        assertEquals(question, readBack(probe, w -> w.putString(question, 7)));
        String accented = "h\u00e9llo";
        String read = readBack(probe, w -> w.putString(accented, 8));
        assertEquals(accented, read);
        assertEquals(accented, readBack(probe, w -> w.putString(accented, 8)));
        String longer = "l".repeat(StringEncodingCache.MAX_REMEMBERED);
        assertEquals(longer, readBack(probe, w -> w.putString(longer, 9)), "too long to remember");
        // every length around the word boundaries, through the cache and equal to the decoding
        for (int n = 0; n <= StringEncodingCache.MAX_REMEMBERED - 4; n++) {
            String s = new String("k".repeat(n));
            assertSame(s, readBack(probe, w -> w.putString(s, 10)), "length " + n);
            assertSame(s, readBack(probe, w -> w.putString(s, 10)), "length " + n + ", a hit (which keeps the slot from pausing)");
            String other = "j".repeat(n);
            assertEquals(other, readBack(probe, w -> w.putString(other)), "length " + n + ", not cached");
        }
    }
}
