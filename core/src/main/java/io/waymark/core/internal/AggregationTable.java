package io.waymark.core.internal;

import io.waymark.core.AggregationSnapshot;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldType;
import io.waymark.spi.aggregate.Aggregation;
import io.waymark.spi.aggregate.Aggregation.Function;
import io.waymark.spi.aggregate.CheckedAggregation;
import io.waymark.spi.wire.WireFormat;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The preallocated, bounded table of one aggregation ({@code docs/aggregations.md}).
 *
 * <p><b>Keys.</b> Open addressing over an {@code int[]} of twice the capacity (rounded up to a power of
 * two), probing at most {@link #MAX_PROBES} slots. A slot is 0 (empty), -1 (being claimed) or the key's
 * entry number + 1. A new key claims an empty slot by CAS, takes the next entry number (or, when the
 * table holds {@code capacity} keys, gives the slot back and counts a dropped key), writes its key words
 * into the entry and publishes the slot with a release store; a thread that meets a slot being claimed
 * waits for it (the claimer writes a few words and never blocks), at most {@link #MAX_SPINS} spins and {@link #MAX_YIELDS}
 * yields: should the claimer stay descheduled, the event is counted as a dropped key rather than wait unboundedly. Keys are never removed, so an entry
 * number names one key for the table's life.
 *
 * <p><b>Key words.</b> A number, boolean, char or enum (by ordinal) is one word; a string is a word
 * holding its stored length (and a truncation bit) followed by {@code keyBytes / 8} words of its UTF-8
 * bytes, read from the encoded event without creating a {@code String}; a longer string is cut, and
 * counted. {@code event()} is the index of the event type in the table's list of bound types. A string
 * key hashes as {@link String#hashCode()} of its stored bytes decoded (and its truncation bit), so that
 * both paths find one key in the same slots.
 *
 * <p><b>Two ways in.</b> {@link #update} reads an encoded event; {@link #updateArguments} takes the
 * tracepoint's arguments ({@code SessionAggregation.AggregatingTarget#argumentsHandle}) and counts exactly
 * the same. For it, the table remembers per entry and string key a {@code String} equal to the key
 * ({@code fastStrings}), so that an existing key is found by the argument's cached hash code and identity
 * (or {@code equals}), without encoding; anything else goes through the exact path on the UTF-8 bytes
 * computed from the characters. The tracepoint's handle calls {@code hit0..hit4}: one slot looked at, the
 * key compared by identity and word ({@code fastStrings}, {@code fastWords}), small enough to be compiled
 * into the tracepoint; anything else goes on to {@link #updateArguments}.
 *
 * <p><b>Values.</b> Striped by thread (the low bits of its id): each stripe is its own
 * {@code long[]} with padding at both ends, so that threads on different stripes never write one cache
 * line. There are two sets of {@code stripeCount} stripes. An <em>owned</em> stripe is written by one
 * thread only, its owner, with plain (opaque, the count release) read-modify-writes: no locked instruction.
 * The first thread to count from the arguments on stripe {@code id & (stripeCount - 1)} becomes its owner
 * (CAS on {@code owners}); another thread takes it over only once {@link Thread#isAlive()} answered
 * {@code false} for the owner, which makes the owner's last writes visible to it (JLS 17.4.4), so that the
 * counters continue exactly. Every other thread, and the encoded path, adds on the <em>shared</em> stripe of
 * the same index with atomic adds (and CAS for min, max and floating sums). Counters only grow: nothing on
 * the hot path resets them, and readers take differences ({@link AggregationSnapshot#since}), so intervals
 * are exact and any number of readers coexist. The hot path neither locks nor allocates.
 */
final class AggregationTable {

    static final int MAX_PROBES = 32;
    /**
     * How long a thread waits on a slot being claimed before it gives up and counts the event as dropped: spins,
     * then yields (the claimer may be waiting for a core), bounded whatever the claimer does.
     */
    static final int MAX_SPINS = 128;
    static final int MAX_YIELDS = 16;
    /** The longest array a JVM reliably allocates (some reserve header words below Integer.MAX_VALUE). */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** Longs of padding before the first entry of a stripe; stripe[0] and stripe[1] count dropped and truncated keys. */
    private static final int PAD = 16;
    private static final int DROPPED = 0;
    private static final int TRUNCATED = 1;
    private static final int COUNT = 0;
    private static final int SUM = 1;
    private static final int MIN = 2;
    private static final int MAX = 3;
    private static final int BUCKETS = 4;
    /** hist: bucket 0 is below zero; 1..8 hold 0..7; then 8 buckets per power of two. */
    static final int HIST_BUCKETS = histBucket(Long.MAX_VALUE) + 1;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle OWNERS = MethodHandles.arrayElementVarHandle(Thread[].class);
    /** A thread on a shared stripe looks whether the owned one's owner ended once per this many counts of an entry there. */
    private static final long STEAL_EVERY = 64;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long SEED = 0x2545F4914F6CDD1DL;
    /** A String's header and its array's header, in bytes, at most: what a remembered key string costs besides its characters. */
    static final int REMEMBERED_STRING_OVERHEAD = 48;

    final Aggregation aggregation;
    final int capacity;
    final int keyBytes;
    private final int stringWords;
    private final FieldType[] keyTypes;
    private final String[] keyEnumSource;
    private final int[] keyOffsets;
    private final int keyWords;
    private final boolean floating;
    private final boolean trackSum;
    private final boolean trackMin;
    private final boolean trackMax;
    private final int valueWords;
    private final int bucketCount;
    private final int mask;
    /** A key's first slot is its hash's top bits: {@code 64 - log2(slots)} shifted away. */
    private final int slotShift;
    private final int[] slots;
    private final long[] keys;
    /** {@code stripeCount} owned stripes, then as many shared ones. */
    private final long[][] stripes;
    private final int stripeMask;
    /** The owned stripes' owners (null: none yet); a dead owner's stripe is taken over by a live thread. */
    private final Thread[] owners;
    /** The shared stripes start here: {@code stripeCount}. */
    private final int shared;
    /** Per key: its index among the string keys, or -1. */
    private final int[] stringIndex;
    /** How many keys: the stride of {@link #fastStrings} and {@link #fastWords}. */
    private final int keyCount;
    /**
     * Per entry and key ({@code entry * keyCount + i}): for a string key, a {@code String} known to equal the
     * stored key (not truncated, no unpaired surrogate), or {@code null}; for any other key always {@code null}.
     * Lets the arguments path recognise an existing key by identity. Written before the slot is published (new
     * keys) or, racily and only over {@code null}, by the first thread that compared equal by content (a
     * {@code String} is safely published by its final fields).
     */
    private final String[] fastStrings;
    /**
     * Per entry and key: the word the arguments path hashes, written before the slot is published: a string key's
     * hash word ({@link #stringHashWord}: its cached hash code when remembered), any other key's word.
     */
    private final long[] fastWords;
    private final AtomicInteger size = new AtomicInteger();
    /** The event types bound so far; event() keys index it. Appended under the runtime lock, read by dumps. */
    private volatile List<EventType> types = List.of();
    private final List<io.waymark.spi.FieldDescriptor> keyFields;

    /** How many stripes the tables of this JVM use: twice the processors, a power of two in 2..16. */
    static int stripeCount() {
        int wanted = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
        return Math.min(16, Integer.highestOneBit(wanted - 1) << 1);
    }

    /**
     * The heap a table of this aggregation would take, at most (string keys counted at full width, and with
     * the strings the arguments path remembers per entry: at most {@code keyBytes} characters each, and the
     * words it hashes); {@code stripes} owned stripes and as many shared ones.
     */
    static long bytesNeeded(Aggregation aggregation, int capacity, int keyBytes, int stripes) {
        long keyWordsMost = (long) aggregation.keys().size() * (1 + keyBytes / 8);
        long slotsBytes = 4L * Integer.highestOneBit(Math.max(2, capacity * 2 - 1)) * 2;
        long rememberedStrings = (long) aggregation.keys().size() * capacity * (8 + 8 + REMEMBERED_STRING_OVERHEAD + 2L * keyBytes);
        return slotsBytes + 8 * keyWordsMost * capacity + rememberedStrings
                + 2L * stripes * 8 * (2 * PAD + valueWords(aggregation) * (long) capacity);
    }

    /** The length of the keys array for {@code checked}'s key types (a string key: a length word and its bytes' words). */
    static long keysLength(CheckedAggregation checked, int capacity, int keyBytes) {
        long words = 0;
        for (int i = 0; i < checked.keyCount(); i++) {
            words += checked.keyType(i) == FieldType.STRING ? 1 + keyBytes / 8 : 1;
        }
        return Math.max(1, words) * capacity;
    }

    /** The length of one stripe's array. */
    static long stripeLength(Aggregation aggregation, int capacity) {
        return 2L * PAD + (long) valueWords(aggregation) * capacity;
    }

    static int valueWords(Aggregation aggregation) {
        return switch (aggregation.function()) {
            case COUNT -> 1;
            case SUM, AVG -> 2;
            case MIN, MAX -> 4;
            case HIST -> BUCKETS + HIST_BUCKETS;
            case LHIST -> BUCKETS + linearBuckets(aggregation) + 2;
        };
    }

    private static int linearBuckets(Aggregation a) {
        return (int) ((a.to() - a.from() + a.step() - 1) / a.step());
    }

    /** A table laid out for the key types of {@code first}, the first event type bound. Allocates everything now. */
    AggregationTable(CheckedAggregation first, int capacity, int keyBytes, int stripeCount) {
        this.aggregation = first.aggregation();
        this.capacity = capacity;
        this.keyBytes = keyBytes;
        this.stringWords = keyBytes / 8;
        int n = first.keyCount();
        keyTypes = new FieldType[n];
        keyEnumSource = new String[n];
        keyOffsets = new int[n];
        stringIndex = new int[n];
        List<io.waymark.spi.FieldDescriptor> fields = new ArrayList<>();
        int words = 0;
        int strings = 0;
        for (int i = 0; i < n; i++) {
            keyTypes[i] = first.keyType(i);
            stringIndex[i] = keyTypes[i] == FieldType.STRING ? strings++ : -1;
            fields.add(first.keyIndex(i) < 0 ? null : first.type().field(first.keyIndex(i)));
            keyOffsets[i] = words;
            words += keyTypes[i] == FieldType.STRING ? 1 + stringWords : 1;
        }
        keyFields = java.util.Collections.unmodifiableList(fields);
        keyWords = Math.max(1, words);
        keyCount = n;
        fastStrings = new String[Math.multiplyExact(capacity, n)];
        fastWords = new long[Math.multiplyExact(capacity, n)];
        Function f = aggregation.function();
        floating = first.floating();
        trackSum = f == Function.SUM || f == Function.AVG || f == Function.HIST || f == Function.LHIST;
        trackMin = f == Function.MIN || f == Function.HIST || f == Function.LHIST;
        trackMax = f == Function.MAX || f == Function.HIST || f == Function.LHIST;
        valueWords = valueWords(aggregation);
        bucketCount = f == Function.HIST ? HIST_BUCKETS : f == Function.LHIST ? linearBuckets(aggregation) + 2 : 0;
        int slotCount = Integer.highestOneBit(Math.max(2, capacity * 2 - 1)) * 2;
        mask = slotCount - 1;
        slotShift = 64 - Integer.numberOfTrailingZeros(slotCount);
        slots = new int[slotCount];
        keys = new long[Math.multiplyExact(capacity, keyWords)]; // refused before (SessionAggregation.checkMemory); exact all the same
        stripes = new long[2 * stripeCount][];
        for (int s = 0; s < stripes.length; s++) {
            long[] stripe = new long[Math.addExact(2 * PAD, Math.multiplyExact(valueWords, capacity))];
            if (trackMin || trackMax) {
                for (int e = 0; e < capacity; e++) {
                    int base = PAD + e * valueWords;
                    stripe[base + MIN] = floating ? Double.doubleToRawLongBits(Double.POSITIVE_INFINITY) : Long.MAX_VALUE;
                    stripe[base + MAX] = floating ? Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY) : Long.MIN_VALUE;
                }
            }
            stripes[s] = stripe;
        }
        stripeMask = stripeCount - 1;
        owners = new Thread[stripeCount];
        shared = stripeCount;
    }

    /**
     * Whether {@code other} (the aggregation checked against another event type) keys by the same types,
     * so that both can share this table; else the reason, naming the key and both types.
     */
    String fits(CheckedAggregation other) {
        for (int i = 0; i < keyTypes.length; i++) {
            FieldType type = other.keyType(i);
            if (type != keyTypes[i]) {
                return "key '" + aggregation.keys().get(i) + "' is " + type + " in " + other.type().qualifiedName() + " but "
                        + keyTypes[i] + " in the events aggregated before";
            }
            if (type == FieldType.ENUM && !keyFields.get(i).enumType().equals(other.type().field(other.keyIndex(i)).enumType())) {
                return "key '" + aggregation.keys().get(i) + "' is enum " + other.type().field(other.keyIndex(i)).enumType() + " in "
                        + other.type().qualifiedName() + " but enum " + keyFields.get(i).enumType() + " in the events aggregated before";
            }
        }
        if (other.floating() != floating) {
            return "field '" + aggregation.field() + "' is " + other.valueType() + " in " + other.type().qualifiedName()
                    + ", " + (floating ? "floating" : "integral") + " in the events aggregated before";
        }
        return null;
    }

    /** The index of {@code type} for event() keys, added if new. Under the runtime lock. */
    int typeIndex(EventType type) {
        List<EventType> now = types;
        for (int i = 0; i < now.size(); i++) {
            if (now.get(i) == type) {
                return i;
            }
        }
        List<EventType> more = new ArrayList<>(now);
        more.add(type);
        types = List.copyOf(more);
        return more.size() - 1;
    }

    // ---- hot path ----

    /** Counts one event. Never allocates, never locks, never throws for events of the checked type. */
    void update(Event event, CheckedAggregation checked, int typeIndex) {
        long[] stripe = sharedStripe(event.threadId());
        int entry = entryFor(event, checked, typeIndex, stripe);
        if (entry < 0) {
            return;
        }
        int base = PAD + entry * valueWords;
        if (checked.valueIndex() < 0) {
            LONGS.getAndAdd(stripe, base + COUNT, 1L);
        } else if (floating) {
            addDouble(stripe, base, checked.valueType() == FieldType.FLOAT ? event.getFloat(checked.valueIndex())
                    : event.getDouble(checked.valueIndex()));
        } else {
            addLong(stripe, base, longValue(event, checked.valueIndex(), checked.valueType()));
        }
    }

    /**
     * The shared stripe of a thread: by its id's low bits, so that threads with consecutive ids (a pool's, a
     * benchmark's) never share one while there are as many stripes as threads. Atomic adds only.
     */
    private long[] sharedStripe(long threadId) {
        return stripes[shared + ((int) threadId & stripeMask)];
    }

    /** Adds one floating value (and its count, last) to the entry at {@code base} of a shared {@code stripe}; the count before. */
    private long addDouble(long[] stripe, int base, double v) {
        if (bucketCount > 0) {
            LONGS.getAndAdd(stripe, base + BUCKETS + bucket(Math.floor(v) >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.floor(v)), 1L);
        }
        if (trackSum) {
            long seen = (long) LONGS.getVolatile(stripe, base + SUM);
            while (!LONGS.weakCompareAndSet(stripe, base + SUM, seen, Double.doubleToRawLongBits(Double.longBitsToDouble(seen) + v))) {
                seen = (long) LONGS.getVolatile(stripe, base + SUM);
            }
        }
        if (trackMin) {
            long seen = (long) LONGS.getVolatile(stripe, base + MIN);
            while (v < Double.longBitsToDouble(seen) && !LONGS.weakCompareAndSet(stripe, base + MIN, seen, Double.doubleToRawLongBits(v))) {
                seen = (long) LONGS.getVolatile(stripe, base + MIN);
            }
        }
        if (trackMax) {
            long seen = (long) LONGS.getVolatile(stripe, base + MAX);
            while (v > Double.longBitsToDouble(seen) && !LONGS.weakCompareAndSet(stripe, base + MAX, seen, Double.doubleToRawLongBits(v))) {
                seen = (long) LONGS.getVolatile(stripe, base + MAX);
            }
        }
        // last: a reader that sees the count also sees (at least) the value it counts, read in the same order
        return (long) LONGS.getAndAdd(stripe, base + COUNT, 1L);
    }

    /** Adds one integral value (and its count, last) to the entry at {@code base} of a shared {@code stripe}; the count before. */
    private long addLong(long[] stripe, int base, long v) {
        if (bucketCount > 0) {
            LONGS.getAndAdd(stripe, base + BUCKETS + bucket(v), 1L);
        }
        if (trackSum) {
            LONGS.getAndAdd(stripe, base + SUM, v);
        }
        if (trackMin) {
            long seen = (long) LONGS.getVolatile(stripe, base + MIN);
            while (v < seen && !LONGS.weakCompareAndSet(stripe, base + MIN, seen, v)) {
                seen = (long) LONGS.getVolatile(stripe, base + MIN);
            }
        }
        if (trackMax) {
            long seen = (long) LONGS.getVolatile(stripe, base + MAX);
            while (v > seen && !LONGS.weakCompareAndSet(stripe, base + MAX, seen, v)) {
                seen = (long) LONGS.getVolatile(stripe, base + MAX);
            }
        }
        // last: a reader that sees the count also sees (at least) the value it counts, read in the same order
        return (long) LONGS.getAndAdd(stripe, base + COUNT, 1L);
    }

    private int bucket(long v) {
        if (aggregation.function() == Function.HIST) {
            return histBucket(v);
        }
        if (v < aggregation.from()) {
            return 0;
        }
        if (v >= aggregation.to()) {
            return bucketCount - 1;
        }
        return 1 + (int) ((v - aggregation.from()) / aggregation.step());
    }

    static int histBucket(long v) {
        if (v < 0) {
            return 0;
        }
        if (v < 8) {
            return 1 + (int) v;
        }
        int e = 63 - Long.numberOfLeadingZeros(v);
        return 9 + (e - 3) * 8 + (int) ((v >>> (e - 3)) & 7);
    }

    /** The lower bound of hist bucket {@code i} ({@code Long.MIN_VALUE} for bucket 0). */
    static long histLow(int i) {
        if (i == 0) {
            return Long.MIN_VALUE;
        }
        if (i <= 8) {
            return i - 1;
        }
        int j = i - 9;
        return (8L + j % 8) << (j / 8);
    }

    /** The entry of the event's key, inserting it when new; -1 when it is new and does not fit (counted). */
    private int entryFor(Event event, CheckedAggregation checked, int typeIndex, long[] stripe) {
        long hash = hash(event, checked, typeIndex, stripe);
        int slot = slotOf(hash);
        int spins = 0;
        for (int probe = 0; probe < MAX_PROBES; ) {
            int state = (int) INTS.getAcquire(slots, slot);
            if (state > 0) {
                if (keyEquals(state - 1, event, checked, typeIndex)) {
                    return state - 1;
                }
            } else if (state == 0) {
                if (size.get() >= capacity) {
                    break;
                }
                if (INTS.compareAndSet(slots, slot, 0, -1)) {
                    int entry = reserve();
                    if (entry < 0) {
                        INTS.setRelease(slots, slot, 0);
                        break;
                    }
                    boolean written = false;
                    try {
                        writeKey(entry, event, checked, typeIndex);
                        written = true;
                    } finally {
                        // never leave a slot claimed: threads wait on it (should reading the event fail, the entry is lost, the slot freed)
                        INTS.setRelease(slots, slot, written ? entry + 1 : 0);
                    }
                    return entry;
                }
                continue; // lost the race for this slot: look at it again
            } else if (++spins <= MAX_SPINS + MAX_YIELDS) {
                if (spins <= MAX_SPINS) {
                    Thread.onSpinWait(); // being claimed: its key is a few stores away
                } else {
                    Thread.yield(); // the claimer may be descheduled on a busy machine: give it a core
                }
                continue;
            } else {
                break; // the claimer was descheduled: give up (the key may be this one, so probing on could store it twice)
            }
            probe++;
            slot = (slot + 1) & mask;
        }
        LONGS.getAndAdd(stripe, DROPPED, 1L);
        return -1;
    }

    private int reserve() {
        while (true) {
            int n = size.get();
            if (n >= capacity) {
                return -1;
            }
            if (size.compareAndSet(n, n + 1)) {
                return n;
            }
        }
    }

    private long hash(Event event, CheckedAggregation checked, int typeIndex, long[] stripe) {
        long h = SEED;
        for (int i = 0; i < keyTypes.length; i++) {
            int field = checked.keyIndex(i);
            if (keyTypes[i] == FieldType.STRING) {
                int length = event.getStringUtf8Length(field);
                long head = lengthWord(length);
                if (length > keyBytes) {
                    LONGS.getAndAdd(stripe, TRUNCATED, 1L);
                }
                h = mix(h, stringHashWord(storedBytesHash(event, field, (int) head), head));
            } else {
                h = mix(h, scalar(event, field, keyTypes[i], typeIndex));
            }
        }
        return h;
    }

    /**
     * A string key's part of the hash: the {@link String#hashCode()} of its stored bytes decoded, and
     * whether it was cut. For a string that is neither cut nor has an unpaired surrogate, that is the
     * string's own (cached) hash code: the arguments path hashes an existing key without reading it.
     */
    private static long stringHashWord(int hash, long head) {
        return (hash & 0xFFFFFFFFL) | (head & (1L << 32));
    }

    /**
     * {@link String#hashCode()} of UTF-8 bytes decoded into UTF-16 units; a sequence cut short (a
     * truncated key's last character) or malformed counts each of its bytes as one unit.
     */
    private static int storedBytesHash(Event event, int field, int stored) {
        int h = 0;
        int i = 0;
        // ASCII a word at a time: each byte is its own unit
        for (; i < stored; i += 8) {
            long word = event.getStringUtf8Word(field, i >>> 3);
            if ((word & 0x8080808080808080L) != 0) {
                break;
            }
            for (int k = 0, n = Math.min(8, stored - i); k < n; k++) {
                h = 31 * h + (int) ((word >>> (8 * k)) & 0xFF);
            }
        }
        while (i < stored) {
            int b0 = byteAt(event, field, i);
            int n = b0 < 0x80 ? 1 : (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : (b0 & 0xF8) == 0xF0 ? 4 : 0;
            boolean whole = n > 0 && i + n <= stored;
            for (int k = 1; whole && k < n; k++) {
                whole = (byteAt(event, field, i + k) & 0xC0) == 0x80;
            }
            if (!whole) {
                h = 31 * h + b0;
                i++;
                continue;
            }
            switch (n) {
                case 1 -> h = 31 * h + b0;
                case 2 -> h = 31 * h + (((b0 & 0x1F) << 6) | (byteAt(event, field, i + 1) & 0x3F));
                case 3 -> h = 31 * h + (((b0 & 0x0F) << 12) | ((byteAt(event, field, i + 1) & 0x3F) << 6)
                        | (byteAt(event, field, i + 2) & 0x3F));
                default -> {
                    int cp = ((b0 & 0x07) << 18) | ((byteAt(event, field, i + 1) & 0x3F) << 12) | ((byteAt(event, field, i + 2) & 0x3F) << 6)
                            | (byteAt(event, field, i + 3) & 0x3F);
                    h = 31 * (31 * h + Character.highSurrogate(cp)) + Character.lowSurrogate(cp);
                }
            }
            i += n;
        }
        return h;
    }

    private static int byteAt(Event event, int field, int i) {
        return (int) (event.getStringUtf8Word(field, i >>> 3) >>> (8 * (i & 7))) & 0xFF;
    }

    private boolean keyEquals(int entry, Event event, CheckedAggregation checked, int typeIndex) {
        int base = entry * keyWords;
        for (int i = 0; i < keyTypes.length; i++) {
            int field = checked.keyIndex(i);
            int at = base + keyOffsets[i];
            if (keyTypes[i] == FieldType.STRING) {
                long head = lengthWord(event.getStringUtf8Length(field));
                if (keys[at] != head) {
                    return false;
                }
                int stored = (int) head;
                for (int w = 0; w * 8 < stored; w++) {
                    if (keys[at + 1 + w] != stringWord(event, field, w, stored)) {
                        return false;
                    }
                }
            } else if (keys[at] != scalar(event, field, keyTypes[i], typeIndex)) {
                return false;
            }
        }
        return true;
    }

    private void writeKey(int entry, Event event, CheckedAggregation checked, int typeIndex) {
        int base = entry * keyWords;
        for (int i = 0; i < keyTypes.length; i++) {
            int field = checked.keyIndex(i);
            int at = base + keyOffsets[i];
            if (keyTypes[i] == FieldType.STRING) {
                long head = lengthWord(event.getStringUtf8Length(field));
                keys[at] = head;
                int stored = (int) head;
                for (int w = 0; w * 8 < stored; w++) {
                    keys[at + 1 + w] = stringWord(event, field, w, stored);
                }
                fastWords[entry * keyCount + i] = stringHashWord(storedBytesHash(event, field, stored), head);
            } else {
                keys[at] = scalar(event, field, keyTypes[i], typeIndex);
                fastWords[entry * keyCount + i] = keys[at];
            }
        }
    }

    /** The stored length (at most keyBytes) and, in bit 32, whether the string was cut. */
    private long lengthWord(int length) {
        return length > keyBytes ? keyBytes | (1L << 32) : length;
    }

    private static long stringWord(Event event, int field, int word, int stored) {
        long value = event.getStringUtf8Word(field, word);
        int left = stored - word * 8;
        return left >= 8 ? value : value & ((1L << (8 * left)) - 1);
    }

    private static long scalar(Event event, int field, FieldType type, int typeIndex) {
        if (type == null) {
            return typeIndex;
        }
        return switch (type) {
            case BOOLEAN -> event.getBoolean(field) ? 1 : 0;
            case BYTE -> event.getByte(field);
            case SHORT -> event.getShort(field);
            case CHAR -> event.getChar(field);
            case INT -> event.getInt(field);
            case LONG -> event.getLong(field);
            case FLOAT -> Float.floatToIntBits(event.getFloat(field));
            case DOUBLE -> Double.doubleToLongBits(event.getDouble(field));
            case ENUM -> event.getEnumOrdinal(field);
            default -> 0; // STRING is handled by the caller, BYTES refused by the check
        };
    }

    private static long longValue(Event event, int field, FieldType type) {
        return switch (type) {
            case BYTE -> event.getByte(field);
            case SHORT -> event.getShort(field);
            case INT -> event.getInt(field);
            default -> event.getLong(field);
        };
    }

    private static long mix(long h, long word) {
        return (h ^ word) * GOLDEN;
    }

    /**
     * The first slot of a key hashed to {@code h}: its top bits, which depend on every bit of every key word
     * (each mixed in by a multiplication), so that no finalizer is needed on the hot path.
     */
    private int slotOf(long h) {
        return (int) (h >>> slotShift);
    }

    // ---- hot path from the tracepoint's arguments ----

    /*
     * hit0..hit4: the tracepoint's handle (SessionAggregation.AggregatingTarget#argumentsHandle) calls the one for
     * its key count, with per key a string and a word: for a string key the argument (null as "") and its hash
     * word (its cached hash code), for any other key null and its key word. They look at the key's first slot
     * only and compare by identity and word, so that they stay small enough to be compiled into the tracepoint;
     * anything else (another slot, a new key, a string equal but not the remembered instance) goes on to
     * updateArguments, which is exact.
     */

    boolean hit0(long lv, double dv) {
        int state = (int) INTS.getAcquire(slots, slotOf(SEED));
        if (state > 0) {
            add(state - 1, lv, dv);
            return false;
        }
        return updateArguments(null, 0, null, 0, null, 0, null, 0, lv, dv);
    }

    boolean hit1(String s0, long k0, long lv, double dv) {
        int state = (int) INTS.getAcquire(slots, slotOf(mix(SEED, k0)));
        int at = state - 1;
        if (state > 0 && fastStrings[at] == s0 && fastWords[at] == k0) {
            add(state - 1, lv, dv);
            return false;
        }
        return updateArguments(s0, k0, null, 0, null, 0, null, 0, lv, dv);
    }

    boolean hit2(String s0, long k0, String s1, long k1, long lv, double dv) {
        int state = (int) INTS.getAcquire(slots, slotOf(mix(mix(SEED, k0), k1)));
        int at = (state - 1) * 2;
        if (state > 0 && fastStrings[at] == s0 && fastWords[at] == k0 && fastStrings[at + 1] == s1 && fastWords[at + 1] == k1) {
            add(state - 1, lv, dv);
            return false;
        }
        return updateArguments(s0, k0, s1, k1, null, 0, null, 0, lv, dv);
    }

    boolean hit3(String s0, long k0, String s1, long k1, String s2, long k2, long lv, double dv) {
        int state = (int) INTS.getAcquire(slots, slotOf(mix(mix(mix(SEED, k0), k1), k2)));
        int at = (state - 1) * 3;
        if (state > 0 && fastStrings[at] == s0 && fastWords[at] == k0 && fastStrings[at + 1] == s1 && fastWords[at + 1] == k1
                && fastStrings[at + 2] == s2 && fastWords[at + 2] == k2) {
            add(state - 1, lv, dv);
            return false;
        }
        return updateArguments(s0, k0, s1, k1, s2, k2, null, 0, lv, dv);
    }

    boolean hit4(String s0, long k0, String s1, long k1, String s2, long k2, String s3, long k3, long lv, double dv) {
        int state = (int) INTS.getAcquire(slots, slotOf(mix(mix(mix(mix(SEED, k0), k1), k2), k3)));
        int at = (state - 1) * 4;
        if (state > 0 && fastStrings[at] == s0 && fastWords[at] == k0 && fastStrings[at + 1] == s1 && fastWords[at + 1] == k1
                && fastStrings[at + 2] == s2 && fastWords[at + 2] == k2 && fastStrings[at + 3] == s3 && fastWords[at + 3] == k3) {
            add(state - 1, lv, dv);
            return false;
        }
        return updateArguments(s0, k0, s1, k1, s2, k2, s3, k3, lv, dv);
    }

    /** A string key's word for {@code hit0..hit4}: its hash word (null reads as "", whose hash code is 0). */
    static long hashWord(String s) {
        return s == null ? 0 : s.hashCode() & 0xFFFFFFFFL;
    }

    /**
     * Counts one event from the tracepoint's arguments ({@link SessionAggregation.AggregatingTarget#argumentsHandle}):
     * key {@code i} is {@code s<i>} for a string key ({@code null} reads as empty, as encoded), else {@code w<i>}
     * (its key word: the number, the boolean as 0 or 1, the enum's ordinal or -1, the float's or double's
     * bits, the event type's index for {@code event()}); the value is {@code lv} (integral) or {@code dv}
     * (floating). Counts exactly what {@link #update} counts for the encoded event. An existing key whose
     * strings are the instances it was stored with (or first compared equal with) is found by their cached
     * hash codes and identity; any other key is hashed and compared on its UTF-8 bytes, computed from the
     * string without allocating. Never allocates, never locks, never throws.
     *
     * @return {@code false}: the event needs no encoding for this aggregation
     */
    boolean updateArguments(String s0, long w0, String s1, long w1, String s2, long w2, String s3, long w3, long lv, double dv) {
        try {
            int n = keyTypes.length;
            if (n > 0 && stringIndex[0] >= 0 && s0 == null) {
                s0 = "";
            }
            if (n > 1 && stringIndex[1] >= 0 && s1 == null) {
                s1 = "";
            }
            if (n > 2 && stringIndex[2] >= 0 && s2 == null) {
                s2 = "";
            }
            if (n > 3 && stringIndex[3] >= 0 && s3 == null) {
                s3 = "";
            }
            int entry = knownEntry(s0, w0, s1, w1, s2, w2, s3, w3);
            if (entry < 0) {
                entry = argumentsEntry(sharedStripe(Thread.currentThread().getId()), s0, w0, s1, w1, s2, w2, s3, w3);
                if (entry < 0) {
                    return false;
                }
            }
            add(entry, lv, dv);
        } catch (Throwable t) {
            // cannot happen for arguments of the checked type; should it, the event is not counted (never the application's problem)
        }
        return false;
    }

    /**
     * Counts one event of {@code entry} for the current thread: on its owned stripe when it owns it (plain
     * read-modify-writes, no locked instruction), else on the shared one ({@link #notOwned}).
     */
    private void add(int entry, long lv, double dv) {
        Thread thread = Thread.currentThread();
        int index = (int) thread.getId() & stripeMask;
        if (owners[index] == thread) { // only this thread ever stores itself there, nor does anyone remove it while it lives
            long[] stripe = stripes[index];
            int base = PAD + entry * valueWords;
            if (valueWords == 1) {
                LONGS.setRelease(stripe, base + COUNT, stripe[base + COUNT] + 1);
            } else {
                ownedAdd(stripe, base, lv, dv);
            }
        } else {
            notOwned(thread, index, entry, lv, dv);
        }
    }

    /**
     * Adds one value (and its count, last, with a release store) to the entry at {@code base} of an owned
     * stripe: only its owner writes there, so plain reads and opaque stores count exactly.
     */
    private void ownedAdd(long[] stripe, int base, long lv, double dv) {
        if (floating) {
            if (bucketCount > 0) {
                int b = base + BUCKETS + bucket(Math.floor(dv) >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.floor(dv));
                LONGS.setOpaque(stripe, b, stripe[b] + 1);
            }
            if (trackSum) {
                LONGS.setOpaque(stripe, base + SUM, Double.doubleToRawLongBits(Double.longBitsToDouble(stripe[base + SUM]) + dv));
            }
            if (trackMin && dv < Double.longBitsToDouble(stripe[base + MIN])) {
                LONGS.setOpaque(stripe, base + MIN, Double.doubleToRawLongBits(dv));
            }
            if (trackMax && dv > Double.longBitsToDouble(stripe[base + MAX])) {
                LONGS.setOpaque(stripe, base + MAX, Double.doubleToRawLongBits(dv));
            }
        } else {
            if (bucketCount > 0) {
                int b = base + BUCKETS + bucket(lv);
                LONGS.setOpaque(stripe, b, stripe[b] + 1);
            }
            if (trackSum) {
                LONGS.setOpaque(stripe, base + SUM, stripe[base + SUM] + lv);
            }
            if (trackMin && lv < stripe[base + MIN]) {
                LONGS.setOpaque(stripe, base + MIN, lv);
            }
            if (trackMax && lv > stripe[base + MAX]) {
                LONGS.setOpaque(stripe, base + MAX, lv);
            }
        }
        // last: a reader that sees the count also sees (at least) the value it counts, read in the same order
        LONGS.setRelease(stripe, base + COUNT, stripe[base + COUNT] + 1);
    }

    /**
     * A thread that does not own the stripe of its index: it becomes the owner when there is none, else
     * counts on the shared stripe, and now and then looks whether the owner ended, to take the stripe over.
     */
    private void notOwned(Thread thread, int index, int entry, long lv, double dv) {
        Thread owner = (Thread) OWNERS.getVolatile(owners, index);
        int base = PAD + entry * valueWords;
        if (owner == null && OWNERS.compareAndSet(owners, index, (Thread) null, thread)) {
            ownedAdd(stripes[index], base, lv, dv);
            return;
        }
        long[] stripe = stripes[shared + index];
        long before = valueWords == 1 ? (long) LONGS.getAndAdd(stripe, base + COUNT, 1L) : floating ? addDouble(stripe, base, dv)
                : addLong(stripe, base, lv);
        // isAlive() false: the owner's last action happens-before it (JLS 17.4.4), so its counters continue exactly here.
        // Not at every event: isAlive is a native call on JDK 17.
        if (before % STEAL_EVERY == 0 && owner != null && !owner.isAlive()) {
            OWNERS.compareAndSet(owners, index, owner, thread);
        }
    }

    /**
     * The entry of a key whose strings the table remembers, found by their hash codes and compared by
     * identity, else with {@link String#equals} (both intrinsics); -1 for any other key, which the exact path
     * then looks for ({@link #argumentsEntry}): a string that is cut, has an unpaired surrogate or was never
     * remembered may be hashed or compared otherwise here, so a miss here proves nothing, but a hit is exact.
     */
    private int knownEntry(String s0, long w0, String s1, long w1, String s2, long w2, String s3, long w3) {
        int n = keyTypes.length;
        long h = SEED;
        if (n > 0) {
            h = mix(h, stringIndex[0] >= 0 ? s0.hashCode() & 0xFFFFFFFFL : w0);
            if (n > 1) {
                h = mix(h, stringIndex[1] >= 0 ? s1.hashCode() & 0xFFFFFFFFL : w1);
                if (n > 2) {
                    h = mix(h, stringIndex[2] >= 0 ? s2.hashCode() & 0xFFFFFFFFL : w2);
                    if (n > 3) {
                        h = mix(h, stringIndex[3] >= 0 ? s3.hashCode() & 0xFFFFFFFFL : w3);
                    }
                }
            }
        }
        int slot = slotOf(h);
        for (int probe = 0; probe < MAX_PROBES; probe++) {
            int state = (int) INTS.getAcquire(slots, slot);
            if (state <= 0) {
                return -1;
            }
            int entry = state - 1;
            if ((n < 1 || sameKey(entry, 0, s0, w0)) && (n < 2 || sameKey(entry, 1, s1, w1))
                    && (n < 3 || sameKey(entry, 2, s2, w2)) && (n < 4 || sameKey(entry, 3, s3, w3))) {
                return entry;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private boolean sameKey(int entry, int i, String s, long w) {
        if (stringIndex[i] < 0) {
            return keys[entry * keyWords + keyOffsets[i]] == w;
        }
        String known = fastStrings[entry * keyCount + i];
        return known == s || known != null && known.equals(s);
    }

    /** {@link #entryFor}, from the arguments: hashes and compares strings on their UTF-8 bytes. */
    private int argumentsEntry(long[] stripe, String s0, long w0, String s1, long w1, String s2, long w2, String s3, long w3) {
        long h = SEED;
        for (int i = 0; i < keyTypes.length; i++) {
            if (stringIndex[i] >= 0) {
                String s = pick(i, s0, s1, s2, s3);
                int length = WireFormat.utf8Length(s, 0, keyBytes + 1);
                long head = lengthWord(length);
                if (length > keyBytes) {
                    LONGS.getAndAdd(stripe, TRUNCATED, 1L);
                }
                h = mix(h, stringHashWord(storedCharsHash(s, (int) head), head));
            } else {
                h = mix(h, pick(i, w0, w1, w2, w3));
            }
        }
        int slot = slotOf(h);
        int spins = 0;
        for (int probe = 0; probe < MAX_PROBES; ) {
            int state = (int) INTS.getAcquire(slots, slot);
            if (state > 0) {
                if (argumentsKeyEquals(state - 1, s0, w0, s1, w1, s2, w2, s3, w3)) {
                    return state - 1;
                }
            } else if (state == 0) {
                if (size.get() >= capacity) {
                    break;
                }
                if (INTS.compareAndSet(slots, slot, 0, -1)) {
                    int entry = reserve();
                    if (entry < 0) {
                        INTS.setRelease(slots, slot, 0);
                        break;
                    }
                    boolean written = false;
                    try {
                        writeArgumentsKey(entry, s0, w0, s1, w1, s2, w2, s3, w3);
                        written = true;
                    } finally {
                        INTS.setRelease(slots, slot, written ? entry + 1 : 0);
                    }
                    return entry;
                }
                continue;
            } else if (++spins <= MAX_SPINS + MAX_YIELDS) {
                if (spins <= MAX_SPINS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
                continue;
            } else {
                break;
            }
            probe++;
            slot = (slot + 1) & mask;
        }
        LONGS.getAndAdd(stripe, DROPPED, 1L);
        return -1;
    }

    private boolean argumentsKeyEquals(int entry, String s0, long w0, String s1, long w1, String s2, long w2, String s3, long w3) {
        int base = entry * keyWords;
        for (int i = 0; i < keyTypes.length; i++) {
            int at = base + keyOffsets[i];
            if (stringIndex[i] >= 0) {
                String s = pick(i, s0, s1, s2, s3);
                long head = lengthWord(WireFormat.utf8Length(s, 0, keyBytes + 1));
                if (keys[at] != head || !utf8Words(s, (int) head, keys, at + 1, false)) {
                    return false;
                }
            } else if (keys[at] != pick(i, w0, w1, w2, w3)) {
                return false;
            }
        }
        // equal: remember the strings (when that key has none yet), so that they find it by identity from now on
        for (int i = 0; i < keyTypes.length; i++) {
            if (stringIndex[i] >= 0) {
                int at = entry * keyCount + i;
                String s = pick(i, s0, s1, s2, s3);
                if (fastStrings[at] == null && rememberable(s, keys[base + keyOffsets[i]])) {
                    fastStrings[at] = s;
                }
            }
        }
        return true;
    }

    private void writeArgumentsKey(int entry, String s0, long w0, String s1, long w1, String s2, long w2, String s3, long w3) {
        int base = entry * keyWords;
        for (int i = 0; i < keyTypes.length; i++) {
            int at = base + keyOffsets[i];
            if (stringIndex[i] >= 0) {
                String s = pick(i, s0, s1, s2, s3);
                long head = lengthWord(WireFormat.utf8Length(s, 0, keyBytes + 1));
                keys[at] = head;
                utf8Words(s, (int) head, keys, at + 1, true);
                fastStrings[entry * keyCount + i] = rememberable(s, head) ? s : null;
                fastWords[entry * keyCount + i] = stringHashWord(storedCharsHash(s, (int) head), head);
            } else {
                keys[at] = pick(i, w0, w1, w2, w3);
                fastWords[entry * keyCount + i] = keys[at];
            }
        }
    }

    /**
     * Whether the arguments path may find the key by {@code s}'s identity: {@code s} is whole (not cut, so
     * at most keyBytes characters are kept alive) and its hash code is the one of its stored bytes (no
     * unpaired surrogate, which the encoding writes as '?').
     */
    private static boolean rememberable(String s, long head) {
        if ((head >>> 32) != 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    private static String pick(int i, String s0, String s1, String s2, String s3) {
        return i == 0 ? s0 : i == 1 ? s1 : i == 2 ? s2 : s3;
    }

    private static long pick(int i, long w0, long w1, long w2, long w3) {
        return i == 0 ? w0 : i == 1 ? w1 : i == 2 ? w2 : w3;
    }

    /**
     * The bytes of one character's encoding, little-endian in an int, with their count in bits 32 and up
     * (as {@code EventWriter} encodes: an unpaired surrogate is '?'); {@code i} indexes {@code s}, a pair
     * takes two.
     */
    private static long encodeChar(String s, int i) {
        char c = s.charAt(i);
        if (c < 0x80) {
            return (1L << 32) | c;
        } else if (c < 0x800) {
            return (2L << 32) | (0xC0 | c >> 6) | (0x80 | c & 0x3F) << 8;
        } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            return (4L << 32) | (0xF0 | cp >> 18) | (0x80 | cp >> 12 & 0x3F) << 8 | (0x80 | cp >> 6 & 0x3F) << 16
                    | (long) (0x80 | cp & 0x3F) << 24;
        } else if (Character.isSurrogate(c)) {
            return (1L << 32) | '?';
        } else {
            return (3L << 32) | (0xE0 | c >> 12) | (0x80 | c >> 6 & 0x3F) << 8 | (0x80 | c & 0x3F) << 16;
        }
    }

    /**
     * {@link #storedBytesHash} of the first {@code stored} bytes of {@code s}'s encoding, from its
     * characters: whole characters by their UTF-16 units (an unpaired surrogate as '?'), the bytes of a
     * character cut short one unit each.
     */
    private static int storedCharsHash(String s, int stored) {
        int h = 0;
        int at = 0;
        for (int i = 0; i < s.length() && at < stored; i++) {
            long encoded = encodeChar(s, i);
            int n = (int) (encoded >>> 32);
            if (at + n <= stored) {
                char c = s.charAt(i);
                if (n == 4) {
                    h = 31 * (31 * h + c) + s.charAt(++i);
                } else {
                    h = 31 * h + (Character.isSurrogate(c) ? '?' : c);
                }
            } else {
                for (int k = 0; at + k < stored; k++) {
                    h = 31 * h + (int) ((encoded >>> (8 * k)) & 0xFF);
                }
            }
            at += n;
        }
        return h;
    }

    /**
     * Streams the first {@code stored} bytes of {@code s}'s encoding as little-endian words (zero past the
     * end) into {@code words} from {@code at} ({@code write}), or compares them with the words there.
     */
    private static boolean utf8Words(String s, int stored, long[] words, int at, boolean write) {
        long word = 0;
        int filled = 0; // bytes in word
        int done = 0; // bytes streamed
        int w = at;
        for (int i = 0; i < s.length() && done < stored; i++) {
            long encoded = encodeChar(s, i);
            int n = (int) (encoded >>> 32);
            if (n == 4) {
                i++;
            }
            for (int k = 0; k < n && done < stored; k++, done++) {
                word |= ((encoded >>> (8 * k)) & 0xFF) << (8 * filled);
                if (++filled == 8) {
                    if (write) {
                        words[w] = word;
                    } else if (words[w] != word) {
                        return false;
                    }
                    w++;
                    word = 0;
                    filled = 0;
                }
            }
        }
        if (filled > 0) {
            if (write) {
                words[w] = word;
            } else {
                return words[w] == word;
            }
        }
        return true;
    }

    // ---- readers ----

    /** The owner of owned stripe {@code index}, or {@code null} (for tests). */
    Thread owner(int index) {
        return (Thread) OWNERS.getVolatile(owners, index);
    }

    /** How many keys the table holds now. */
    int size() {
        return size.get();
    }

    /** The raw counters: each read once, summed over the stripes. Allocates; never blocks the hot path. */
    AggregationSnapshot snapshot(String name) {
        long dropped = 0;
        long truncated = 0;
        for (long[] stripe : stripes) {
            dropped += (long) LONGS.getVolatile(stripe, DROPPED);
            truncated += (long) LONGS.getVolatile(stripe, TRUNCATED);
        }
        List<EventType> bound = types;
        int[] entriesBySlot = new int[capacity];
        int published = 0;
        for (int slot = 0; slot < slots.length; slot++) {
            int state = (int) INTS.getAcquire(slots, slot);
            if (state > 0) {
                entriesBySlot[published++] = state - 1;
            }
        }
        int[] order = java.util.Arrays.copyOf(entriesBySlot, published);
        java.util.Arrays.sort(order);
        List<AggregationSnapshot.Entry> entries = new ArrayList<>(published);
        for (int entry : order) {
            entries.add(readEntry(entry, bound));
        }
        List<Long> bounds = new ArrayList<>();
        if (aggregation.function() == Function.HIST) {
            for (int i = 0; i < HIST_BUCKETS; i++) {
                bounds.add(histLow(i));
            }
            bounds.add(Long.MAX_VALUE);
        } else if (aggregation.function() == Function.LHIST) {
            bounds.add(Long.MIN_VALUE);
            for (int i = 0; i < bucketCount - 2; i++) {
                bounds.add(aggregation.from() + i * aggregation.step());
            }
            bounds.add(aggregation.to());
            bounds.add(Long.MAX_VALUE);
        }
        return new AggregationSnapshot(name, aggregation.toString(), aggregation.function().label(), aggregation.keys(), capacity,
                keyBytes, dropped, truncated, bounds, entries);
    }

    private AggregationSnapshot.Entry readEntry(int entry, List<EventType> bound) {
        List<Object> key = new ArrayList<>(keyTypes.length);
        boolean cut = false;
        int kb = entry * keyWords;
        for (int i = 0; i < keyTypes.length; i++) {
            long word = keys[kb + keyOffsets[i]];
            FieldType type = keyTypes[i];
            if (type == null) {
                key.add(word < bound.size() ? bound.get((int) word).qualifiedName() : "#" + word);
                continue;
            }
            switch (type) {
                case BOOLEAN -> key.add(word != 0);
                case CHAR -> key.add((char) word);
                case FLOAT -> key.add((double) Float.intBitsToFloat((int) word));
                case DOUBLE -> key.add(Double.longBitsToDouble(word));
                case ENUM -> key.add(keyFields.get(i).enumLabel((int) word));
                case STRING -> {
                    int stored = (int) word;
                    cut |= (word >>> 32) != 0;
                    byte[] bytes = new byte[stored];
                    for (int b = 0; b < stored; b++) {
                        bytes[b] = (byte) (keys[kb + keyOffsets[i] + 1 + b / 8] >>> (8 * (b % 8)));
                    }
                    key.add(new String(bytes, StandardCharsets.UTF_8));
                }
                default -> key.add(word);
            }
        }
        long count = 0;
        long sumLong = 0;
        double sumDouble = 0;
        long minLong = Long.MAX_VALUE;
        long maxLong = Long.MIN_VALUE;
        double minDouble = Double.POSITIVE_INFINITY;
        double maxDouble = Double.NEGATIVE_INFINITY;
        long[] buckets = new long[bucketCount];
        int base = PAD + entry * valueWords;
        for (long[] stripe : stripes) {
            count += (long) LONGS.getVolatile(stripe, base + COUNT); // first, as the writer adds it last
            if (trackSum) {
                long raw = (long) LONGS.getVolatile(stripe, base + SUM);
                if (floating) {
                    sumDouble += Double.longBitsToDouble(raw);
                } else {
                    sumLong += raw;
                }
            }
            if (trackMin) {
                long raw = (long) LONGS.getVolatile(stripe, base + MIN);
                minLong = Math.min(minLong, raw);
                minDouble = Math.min(minDouble, Double.longBitsToDouble(raw));
            }
            if (trackMax) {
                long raw = (long) LONGS.getVolatile(stripe, base + MAX);
                maxLong = Math.max(maxLong, raw);
                maxDouble = Math.max(maxDouble, Double.longBitsToDouble(raw));
            }
            for (int b = 0; b < bucketCount; b++) {
                buckets[b] += (long) LONGS.getVolatile(stripe, base + BUCKETS + b);
            }
        }
        Number sum = !trackSum ? null : floating ? (Number) sumDouble : (Number) sumLong;
        Number min = !trackMin ? null : floating ? (minDouble == Double.POSITIVE_INFINITY ? null : (Number) minDouble)
                : (minLong == Long.MAX_VALUE && count == 0 ? null : (Number) minLong);
        Number max = !trackMax ? null : floating ? (maxDouble == Double.NEGATIVE_INFINITY ? null : (Number) maxDouble)
                : (maxLong == Long.MIN_VALUE && count == 0 ? null : (Number) maxLong);
        List<Long> bucketList = new ArrayList<>(bucketCount);
        for (long b : buckets) {
            bucketList.add(b);
        }
        return new AggregationSnapshot.Entry(entry, key, cut, count, sum, min, max, bucketList);
    }
}
