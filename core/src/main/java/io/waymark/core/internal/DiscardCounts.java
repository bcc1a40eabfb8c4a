package io.waymark.core.internal;

import io.waymark.spi.DiscardCounter;
import io.waymark.spi.DiscardReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The events one session lost that the runtime counts itself ({@link DiscardReason}), by reason: counted on
 * application threads without allocating or locking, read rarely (statistics, the MXBean).
 *
 * <p>One {@link AtomicLongArray} holds a block of counters per stripe, one counter per reason; a thread counts
 * in the stripe its id picks, so that threads discarding at once (a pool of virtual threads all short of a
 * writer) do not all hit one cache line. Blocks are 128 bytes apart and the array is padded at both ends,
 * so no two stripes, and no stripe and a neighbouring object, share a cache line (nor its adjacent-line
 * prefetch pair). A read sums the stripes: exact once the counting threads are quiet.
 */
final class DiscardCounts implements DiscardCounter {

    private static final DiscardReason[] REASONS = DiscardReason.values();
    /** Longs between the starts of two stripes' blocks: at least the reasons, rounded up to 128 bytes. */
    private static final int BLOCK = (REASONS.length + 15) & ~15;
    /** Longs of padding before the first block and after the last. */
    private static final int PAD = 16;
    private static final int STRIPES = stripes(Runtime.getRuntime().availableProcessors());

    private final AtomicLongArray counts = new AtomicLongArray(PAD + STRIPES * BLOCK + PAD);

    /** A power of two, at least the processors (at most 16): a few stripes suffice when discards are rare. */
    static int stripes(int processors) {
        int stripes = Integer.highestOneBit(Math.max(1, Math.min(processors, 16)) * 2 - 1);
        return Math.min(stripes, 16);
    }

    /** Counts one event lost for {@code reason}. Never allocates, locks or throws. */
    @Override
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; getId() is the same number
    public void discarded(DiscardReason reason) {
        long id = Thread.currentThread().getId();
        int stripe = (int) (id ^ (id >>> 16)) & (STRIPES - 1);
        counts.getAndIncrement(PAD + stripe * BLOCK + reason.ordinal());
    }

    /** The count for {@code reason}, summed over the stripes. */
    long count(DiscardReason reason) {
        long sum = 0;
        for (int stripe = 0; stripe < STRIPES; stripe++) {
            sum += counts.get(PAD + stripe * BLOCK + reason.ordinal());
        }
        return sum;
    }

    /** Every count, by reason (zeros included). */
    Map<DiscardReason, Long> counts() {
        Map<DiscardReason, Long> result = new EnumMap<>(DiscardReason.class);
        for (DiscardReason reason : REASONS) {
            result.put(reason, count(reason));
        }
        return result;
    }
}
