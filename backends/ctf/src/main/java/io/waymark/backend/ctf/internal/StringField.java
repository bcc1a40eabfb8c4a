package io.waymark.backend.ctf.internal;

import io.waymark.spi.wire.WireFormat;
import java.nio.ByteBuffer;

/**
 * One String field of one tracepoint on the arguments path ({@link ArgumentRecords}): its size and its
 * canonical encoding (u32 length, UTF-8 bytes, an unpaired surrogate as {@code '?'}: what {@code EventWriter}
 * writes), and the memory of the last instance it wrote again and again.
 *
 * <p>Tracepoints often pass the same instance every time (a constant, an interned name, a cached key); its
 * remembered size and bytes then cost a field load and a few word stores, where encoding costs two loops over its
 * characters (one for the size the claim needs, one to write). A hit is decided by identity: a {@code String} is
 * immutable, so the same instance always has the same encoding. Only up to {@link #MAX_REMEMBERED} bytes are
 * remembered.
 *
 * <p>Learning looks at a sample of the misses, about one in {@link #SAMPLE} (chosen by where the record lies, which
 * changes with every event): an instance is remembered when two sampled misses in a row bring it and the instance
 * remembered before was not hit in between. So a constant is remembered after a few hundred events; a field that
 * keeps getting new strings writes this object's fields at one miss in {@link #SAMPLE} and allocates nothing; and two
 * constants that alternate do not take turns (each turn would allocate): the one remembered keeps its place while it
 * is hit.
 *
 * <p>Shared by every thread that emits the event, without synchronization, and written rarely (a hit writes nothing
 * but, after a sampled miss, {@link Remembered#hit}): no cache line goes back and forth between the threads. What a
 * thread reads of {@link #remembered} is a {@link Remembered} whose encoding is final, so safely published: any
 * instance a thread sees is whole; the size and the write may see different ones, and agree all the same, since both
 * depend only on the string. {@link #candidate} and {@link Remembered#hit} are hints that a race can only make less
 * accurate.
 */
final class StringField {

    /** A size above any record's: what {@link #size} answers for a string that long, without scanning it. */
    static final int TOO_LONG = WireFormat.MAX_RECORD_SIZE + 1;
    /** The largest remembered encoding, length prefix included. */
    static final int MAX_REMEMBERED = 64;
    /** About one miss in this many is looked at for learning (a power of two). */
    static final int SAMPLE = 64;
    private static final int SAMPLE_SHIFT = 32 - Integer.numberOfTrailingZeros(SAMPLE);

    /**
     * An instance and its encoding, immutable: the encoding's first words and its last eight bytes as little-endian
     * longs in fields (no array: a hit loads no more than it stores), so that {@link #copy} stores whole words, the
     * last one ending exactly where the encoding ends.
     */
    static final class Remembered {
        /** Nothing remembered: an instance no caller has. */
        static final Remembered NONE = new Remembered(new String(), 0, new long[8], 0);

        final String value;
        final int size;
        final long w0, w1, w2, w3, w4, w5, w6;
        /** The encoding's last eight bytes (at least 8 bytes long), or its last four (4 to 7 bytes long). */
        final long tail;
        /** Whether a hit came since the last sampled miss (a hint: set by a hit, cleared by a sampled miss). */
        boolean hit;

        Remembered(String value, int size, long[] words, long tail) {
            this.value = value;
            this.size = size;
            this.w0 = words[0];
            this.w1 = words[1];
            this.w2 = words[2];
            this.w3 = words[3];
            this.w4 = words[4];
            this.w5 = words[5];
            this.w6 = words[6];
            this.tail = tail;
        }
    }

    Remembered remembered = Remembered.NONE;
    private String candidate;

    /** The size of {@code value}'s encoding, length prefix included ({@code null} reads as empty). */
    int size(String value) {
        Remembered r = remembered;
        if (r.value == value) {
            return r.size;
        }
        if (value != null && value.length() > TOO_LONG) {
            return TOO_LONG; // too large for any record, whatever its encoding: not scanned (and no int overflow)
        }
        return WireFormat.LENGTH_PREFIX_SIZE + utf8Length(value);
    }

    /** Writes {@code value}'s encoding at {@code p} in {@code w}; where it ends. */
    int put(ByteBuffer w, int p, String value) {
        Remembered r = remembered;
        if (r.value == value) {
            copy(r, w, p);
            if (!r.hit) {
                r.hit = true; // once per sampled miss at most
            }
            return p + r.size;
        }
        int end = encode(w, p, value);
        if (value != null) {
            missed(value, w, p, end - p);
        }
        return end;
    }

    /** After a miss that wrote {@code size} bytes at {@code p}: learns from one miss in {@link #SAMPLE} (see the class comment). */
    private void missed(String value, ByteBuffer w, int p, int size) {
        if ((p * 0x9E37_79B9) >>> SAMPLE_SHIFT != 0) {
            return; // not sampled: nothing written
        }
        Remembered r = remembered;
        if (candidate == value && !r.hit) {
            if (size <= MAX_REMEMBERED) {
                try {
                    remembered = remember(value, w, p, size);
                } catch (OutOfMemoryError e) {
                    // learning is an optimization, and this runs inside a claimed record whose timestamp is not stored
                    // yet: an error thrown from here would leave the record stamped in progress in its packet
                }
            }
            candidate = null;
            return;
        }
        if (r.hit) {
            r.hit = false;
        }
        if (candidate != value) {
            candidate = value;
        }
    }

    private static Remembered remember(String value, ByteBuffer w, int p, int size) {
        long[] words = new long[8];
        for (int k = 0; k < size; k++) {
            words[k >> 3] |= (w.get(p + k) & 0xFFL) << ((k & 7) << 3);
        }
        long tail = size >= 8 ? w.getLong(p + size - 8) : w.getInt(p + size - 4) & 0xFFFF_FFFFL;
        return new Remembered(value, size, words, tail);
    }

    /**
     * Stores the remembered encoding at {@code p}: its whole words from the first, then its last eight bytes ending
     * exactly at its end (over bytes the words already stored, with the same values); never a byte past it. No loop:
     * the branches follow the size, the same at every hit.
     */
    private static void copy(Remembered r, ByteBuffer w, int p) {
        int size = r.size;
        if (size < 8) { // 4 to 7: the length prefix, and up to 3 bytes
            w.putInt(p, (int) r.w0);
            w.putInt(p + size - 4, (int) r.tail);
            return;
        }
        w.putLong(p, r.w0);
        if (size > 16) {
            w.putLong(p + 8, r.w1);
            if (size > 24) {
                w.putLong(p + 16, r.w2);
                if (size > 32) {
                    w.putLong(p + 24, r.w3);
                    if (size > 40) {
                        w.putLong(p + 32, r.w4);
                        if (size > 48) {
                            w.putLong(p + 40, r.w5);
                            if (size > 56) {
                                w.putLong(p + 48, r.w6);
                            }
                        }
                    }
                }
            }
        }
        w.putLong(p + size - 8, r.tail);
    }

    /** The UTF-8 length of {@code s} as {@link #encode} writes it ({@code null}: 0). */
    static int utf8Length(String s) {
        return s == null ? 0 : WireFormat.utf8Length(s, 0);
    }

    /** Writes the u32 length and the UTF-8 bytes of {@code s} ({@code null}: empty) at {@code p}; where they end. */
    static int encode(ByteBuffer w, int p, String s) {
        int at = p + WireFormat.LENGTH_PREFIX_SIZE;
        if (s == null) {
            w.putInt(p, 0);
            return at;
        }
        int length = s.length();
        int i = 0;
        words:
        for (; i + 8 <= length; i += 8) { // ASCII eight characters at a time: one store per word, not per byte
            long word = 0;
            for (int k = 0; k < 8; k++) {
                char c = s.charAt(i + k);
                if (c >= 0x80) {
                    break words; // this word is written byte by byte below, up to its first non-ASCII character
                }
                word |= (long) c << (k << 3);
            }
            w.putLong(at + i, word);
        }
        for (; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                break;
            }
            w.put(at + i, (byte) c);
        }
        int end = at + i;
        for (; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                w.put(end++, (byte) c);
            } else if (c < 0x800) {
                w.put(end++, (byte) (0xC0 | c >> 6));
                w.put(end++, (byte) (0x80 | c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                w.put(end++, (byte) (0xF0 | cp >> 18));
                w.put(end++, (byte) (0x80 | cp >> 12 & 0x3F));
                w.put(end++, (byte) (0x80 | cp >> 6 & 0x3F));
                w.put(end++, (byte) (0x80 | cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                w.put(end++, (byte) '?');
            } else {
                w.put(end++, (byte) (0xE0 | c >> 12));
                w.put(end++, (byte) (0x80 | c >> 6 & 0x3F));
                w.put(end++, (byte) (0x80 | c & 0x3F));
            }
        }
        w.putInt(p, end - at);
        return end;
    }
}
