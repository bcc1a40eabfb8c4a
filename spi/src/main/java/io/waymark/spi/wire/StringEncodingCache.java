package io.waymark.spi.wire;

import java.lang.invoke.VarHandle;

/**
 * One thread's memory of the strings its call sites wrote last: for each of {@link #SLOTS} slots
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
 * <p>Owned by one {@link EventWriter}, so by one thread: no synchronization. Memory: about 1.2 KiB per
 * thread that writes a string field.
 */
final class StringEncodingCache {

    /** Slots per thread; a power of two. */
    static final int SLOTS = 16;
    /** Bytes per slot: the remembered encoding, then the slot's miss counter; a multiple of 8. */
    static final int SLOT_SIZE = 64;
    /** The largest remembered encoding, length prefix included. */
    static final int MAX_REMEMBERED = SLOT_SIZE - 8;
    /** Offset in a slot of its int miss counter: at least 0, misses since the last hit; below 0, paused and counting up to 0. */
    private static final int MISSES_OFFSET = SLOT_SIZE - 4;
    /** Misses in a row after which a slot pauses. */
    static final int MISSES_BEFORE_PAUSE = 8;
    /** Writes a paused slot lets pass before it remembers again. */
    static final int PAUSE = 1024;

    private final String[] strings = new String[SLOTS];
    /**
     * Per slot: the encoding (u32 length, UTF-8 bytes) and, in its last word, the miss counter; one
     * array, so that a hit touches two arrays in all.
     */
    private final byte[] slots = new byte[SLOTS * SLOT_SIZE];

    /**
     * Appends the remembered encoding of {@code value} to {@code writer} if the slot remembers this
     * very instance and the writer has room without growing; {@code false} (nothing written) otherwise.
     */
    boolean copyTo(EventWriter writer, String value, int cacheSlot) {
        int slot = cacheSlot & (SLOTS - 1);
        if (strings[slot] != value) {
            return false;
        }
        byte[] bytes = slots;
        int at = slot * SLOT_SIZE;
        EncodedEvent.INT.set(bytes, at + MISSES_OFFSET, 0);
        return writer.putEncoded(bytes, at, WireFormat.LENGTH_PREFIX_SIZE + (int) EncodedEvent.INT.get(bytes, at));
    }

    /** Remembers that {@code value} was just encoded into {@code source[from, from + size)}, unless the slot is paused. */
    void remember(String value, int cacheSlot, byte[] source, int from, int size) {
        int slot = cacheSlot & (SLOTS - 1);
        if (strings[slot] == value) {
            return; // remembered already; the writer only lacked room to copy it
        }
        byte[] bytes = slots;
        int counter = slot * SLOT_SIZE + MISSES_OFFSET;
        int missed = (int) EncodedEvent.INT.get(bytes, counter);
        if (missed < 0) {
            EncodedEvent.INT.set(bytes, counter, missed + 1);
            return;
        }
        if (strings[slot] != null) {
            if (missed + 1 >= MISSES_BEFORE_PAUSE) {
                EncodedEvent.INT.set(bytes, counter, -PAUSE);
                strings[slot] = null;
                return;
            }
            EncodedEvent.INT.set(bytes, counter, missed + 1);
        }
        if (size > MAX_REMEMBERED) {
            strings[slot] = null;
            return;
        }
        System.arraycopy(source, from, bytes, slot * SLOT_SIZE, size);
        strings[slot] = value;
    }

    /**
     * Copies a remembered encoding of {@code length} bytes into {@code target}, which has room for
     * {@link #SHORT_COPY} bytes (or for {@code length} rounded up to 8 when longer), whole words at a
     * time: short strings (up to 20 bytes of UTF-8), the common case, take three unrolled word moves and
     * no loop. Never reads past the slot: a slot holds at most {@link #MAX_REMEMBERED} bytes.
     */
    static void copyWords(byte[] source, int from, byte[] target, int to, int length) {
        VarHandle words = EncodedEvent.LONG;
        words.set(target, to, (long) words.get(source, from));
        words.set(target, to + 8, (long) words.get(source, from + 8));
        words.set(target, to + 16, (long) words.get(source, from + 16));
        for (int i = SHORT_COPY; i < length; i += 8) {
            words.set(target, to + i, (long) words.get(source, from + i));
        }
    }

    /** The bytes {@link #copyWords} always moves. */
    static final int SHORT_COPY = 24;

    /** The bytes {@link #copyWords} writes for an encoding of {@code length} bytes. */
    static int copySize(int length) {
        return Math.max(SHORT_COPY, (length + 7) & ~7);
    }
}
