package io.waymark.spi.wire;


/**
 * One writer's memory of the strings its call sites wrote last: for each of {@link #SLOTS} slots
 * (a call site's string field maps to one), the last {@code String} instance written there and its
 * canonical encoding (length prefix and UTF-8 bytes). Tracepoints often pass the same instance again
 * and again (a constant, an interned name, a cached key); copying its remembered bytes costs a few
 * word moves, where encoding it costs a loop over every character.
 *
 * <p>A hit is decided by identity, never by content: a {@code String} is immutable, so the same
 * instance always has the same encoding, and a different instance with equal content is simply a
 * miss. Only encodings of at most {@link #MAX_REMEMBERED} bytes are remembered.
 *
 * <p>A slot whose call site keeps passing new strings (a formatted id, say) stops remembering for
 * {@link #PAUSE} writes after {@link #MISSES_BEFORE_PAUSE} misses in a row, so that such a call site
 * pays only an identity comparison, not the reference store and copy of remembering.
 *
 * <p>Owned by one {@link EventWriter}, so used by one thread at a time: no synchronization. A thread's
 * writer remembers that thread's strings; an in-place writer of a backend's stream (a CTF stripe)
 * those of the threads that write to the stream, mostly one. Memory: about 1.2 KiB per writer that
 * writes a string field.
 */
final class StringEncodingCache {

    /** Slots per thread; a power of two. */
    static final int SLOTS = 16;
    /** Words per slot: the miss counter, then the remembered encoding. */
    private static final int SLOT_WORDS = 8;
    /** The largest remembered encoding, length prefix included: the slot's words after the counter. */
    static final int MAX_REMEMBERED = (SLOT_WORDS - 1) * 8;
    /** Bytes a hit always moves: three words, enough for a string of up to 20 bytes of UTF-8. */
    static final int SHORT_COPY = 24;
    /** Misses in a row after which a slot pauses. */
    static final int MISSES_BEFORE_PAUSE = 8;
    /** Writes a paused slot lets pass before it remembers again. */
    static final int PAUSE = 1024;

    /** Per slot, the instance remembered ({@code null}: none). */
    final String[] strings = new String[SLOTS];
    /**
     * Per slot, {@link #SLOT_WORDS} words: first the miss counter (at least 0: misses since the last
     * hit; below 0: paused, counting up to 0), then the encoding (u32 length, UTF-8 bytes) as
     * little-endian words, so that a hit is a few word moves with one array bounds check.
     */
    final long[] words = new long[SLOTS * SLOT_WORDS];

    /**
     * Appends the remembered encoding of {@code value} to {@code writer} if the slot remembers this
     * very instance and the writer has room without growing; {@code false} (nothing written) otherwise.
     */
    boolean copyTo(EventWriter writer, String value, int cacheSlot) {
        return copyTo(strings, words, writer, value, cacheSlot);
    }

    /**
     * {@link #copyTo(EventWriter, String, int)} on a cache's {@link #strings} and {@link #words}, which
     * the writer holds itself so that a hit reads one array less deep.
     */
    static boolean copyTo(String[] strings, long[] words, EventWriter writer, String value, int cacheSlot) {
        int slot = cacheSlot & (SLOTS - 1);
        if (strings[slot] != value) {
            return false;
        }
        int base = slot * SLOT_WORDS;
        words[base] = 0; // a hit: the misses in a row start again
        // the low half of the encoding's first word is its u32 length prefix
        return writer.putWords(words, base + 1, WireFormat.LENGTH_PREFIX_SIZE + (int) words[base + 1]);
    }

    /**
     * The instance a slot of {@code strings}/{@code words} remembers whose encoding is the {@code length}
     * bytes of UTF-8 at {@code at + 4} in {@code buffer} (a u32 length prefix at {@code at}), and whose
     * decoding gives that instance back; {@code null} when no slot does. Only ASCII encodings without a
     * {@code '?'} qualify: ASCII decodes one character per byte, and an unpaired surrogate, the one
     * thing a decoding cannot give back, is encoded as {@code '?'}. Content decides, not the call site:
     * the reader does not know which slot the field's call site used, and a different instance with
     * equal content is as good. Allocates nothing.
     */
    static String find(String[] strings, long[] words, byte[] buffer, int at, int length) {
        int size = WireFormat.LENGTH_PREFIX_SIZE + length;
        int rounded = (size + 7) & ~7;
        if (size > MAX_REMEMBERED || at < 0 || at + rounded > buffer.length) {
            return null; // never remembered, or too near the array's end to read whole words
        }
        for (int slot = 0; slot < SLOTS; slot++) {
            String candidate = strings[slot];
            if (candidate == null || candidate.length() != length) {
                continue;
            }
            int base = slot * SLOT_WORDS + 1;
            if (matchesAscii(words, base, buffer, at, size)) {
                return candidate;
            }
        }
        return null;
    }

    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long QUESTION_MARKS = 0x3F3F3F3F3F3F3F3FL;

    /** Whether the {@code size} bytes at {@code at} equal the remembered words from {@code base}, and are ASCII without a '?' past the length prefix. */
    private static boolean matchesAscii(long[] words, int base, byte[] buffer, int at, int size) {
        for (int i = 0; i < size; i += 8) {
            long word = (long) EncodedEvent.LONG.get(buffer, at + i);
            int left = size - i;
            long mask = left >= 8 ? -1L : (1L << (left * 8)) - 1; // bytes past the field are not part of it
            if (((word ^ words[base + i / 8]) & mask) != 0) {
                return false;
            }
            // the text's bytes only: the first word starts with the length prefix
            long textMask = i == 0 ? mask & ~0xFFFFFFFFL : mask;
            long text = word & textMask;
            if ((text & HIGH_BITS) != 0) {
                return false; // not ASCII
            }
            long question = (word ^ QUESTION_MARKS) | ~textMask; // a byte is zero where a '?' is in the text
            if (((question - LOW_BITS) & ~question & HIGH_BITS) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Remembers that {@code value} was just encoded into {@code source[from, from + size)}, unless the slot is paused. */
    void remember(String value, int cacheSlot, byte[] source, int from, int size) {
        int slot = cacheSlot & (SLOTS - 1);
        if (strings[slot] == value) {
            return; // remembered already; the writer only lacked room to copy it
        }
        long[] w = words;
        int base = slot * SLOT_WORDS;
        long missed = w[base];
        if (missed < 0) {
            w[base] = missed + 1;
            return;
        }
        if (strings[slot] != null) {
            if (missed + 1 >= MISSES_BEFORE_PAUSE) {
                w[base] = -PAUSE;
                strings[slot] = null;
                return;
            }
            w[base] = missed + 1;
        }
        int rounded = (size + 7) & ~7;
        if (size > MAX_REMEMBERED || from + rounded > source.length) {
            strings[slot] = null; // too long to remember (or ends too near the buffer's end to read whole words)
            return;
        }
        for (int i = 0; i < rounded; i += 8) {
            w[base + 1 + i / 8] = (long) EncodedEvent.LONG.get(source, from + i);
        }
        strings[slot] = value;
    }
}
