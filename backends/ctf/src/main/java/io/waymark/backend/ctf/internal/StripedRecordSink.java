package io.waymark.backend.ctf.internal;

import io.waymark.spi.EventType;
import io.waymark.spi.wire.EventWriter;
import io.waymark.spi.wire.RecordSink;

/**
 * The CTF backend's {@link RecordSink}: a thread claims a stripe with one CAS, the one its thread id
 * names ({@link #home}; or the one it last stepped to, {@link #first}) or, when another thread holds
 * that one, the next free one; the stripe lends
 * it the stripe's own in-place writer, positioned in the current packet, and takes the record back
 * when it is committed ({@link Stripe#commit}). The stripe stays claimed, and other threads use other
 * stripes, for those few instructions. No allocation, no copy, no lookup of a thread's writer.
 *
 * <p>Why the thread id and not a thread-local: the thread-local lookup costs more than the whole
 * record. Platform threads get consecutive ids, so threads started together mostly take distinct
 * stripes. Two threads whose ids share the low bits would otherwise meet at every event (the one that
 * finds the stripe busy steps to the next, and the stripe's cache line moves between their cores each
 * time, which costs more than the event): a thread that had to step remembers the stripe it stepped to
 * in {@link #steps}, a small table by thread id that is written only then, and starts there next time.
 *
 * <p>Why a record: the probe hands generated code its sink as a constant the JIT folds, and the JIT
 * trusts a record's fields as final, so the arrays and the mask below are constants in compiled
 * code too; a claim then loads the stripe and its writer (side by side, before the CAS) and nothing
 * before them. An event's cost is mostly such loads waiting on one another.
 *
 * <p>One instance per backend, returned for every tracepoint whose event class the trace declares
 * (the backend checks that once, when the runtime asks for a sink): a committed record needs no
 * class check. {@link #detach()} lets go of the stripes once the backend closed, so that a probe (or
 * compiled code) still holding this sink holds no packet memory.
 *
 * @param stripes the backend's stripes, a power of two of them; a closed stub once detached
 * @param writers {@code writers[i]} is {@code stripes[i]}'s writer ({@link Stripe#writer()})
 * @param mask {@code stripes.length - 1}
 * @param steps by the thread id's low bits, the stripe a thread last had to step to (thread id above
 *     {@code STRIPE_BITS}, stripe below; 0 for none): written only when a thread steps past a busy
 *     stripe, so read-mostly, and checked against the thread id, so a slot two threads share only
 *     sends one of them back to its home stripe
 */
public record StripedRecordSink(Stripe[] stripes, EventWriter[] writers, int mask, long[] steps) implements RecordSink {

    /** Slots of {@link #steps}, by the thread id's low bits; a power of two. */
    static final int STEP_SLOTS = 1024;
    /** Low bits of a {@link #steps} entry that hold the stripe; the thread id is above them. */
    private static final int STRIPE_BITS = 16;

    /** Checks what a claim relies on: a power of two of stripes, each with its own writer at its index. */
    public StripedRecordSink {
        if (Integer.bitCount(stripes.length) != 1 || mask != stripes.length - 1 || writers.length != stripes.length
                || stripes.length > 1 << STRIPE_BITS) {
            throw new IllegalArgumentException("stripes: " + stripes.length + " is not a power of two up to "
                    + (1 << STRIPE_BITS) + ", or mask " + mask + " and " + writers.length + " writers do not match them");
        }
        if (steps.length != STEP_SLOTS) {
            throw new IllegalArgumentException("steps: " + steps.length + " slots, not " + STEP_SLOTS);
        }
        for (int i = 0; i < stripes.length; i++) {
            if (writers[i] != stripes[i].writer()) {
                throw new IllegalArgumentException("writers[" + i + "] is not the writer of stripes[" + i + "]");
            }
        }
    }

    /** The sink over {@code stripes} (a power of two of them: the constructor checks). */
    public static StripedRecordSink over(Stripe[] stripes) {
        EventWriter[] writers = new EventWriter[stripes.length];
        for (int i = 0; i < stripes.length; i++) {
            writers[i] = stripes[i].writer();
        }
        return new StripedRecordSink(stripes.clone(), writers, stripes.length - 1, new long[STEP_SLOTS]);
    }

    /** The stripe a thread tries first: its id's low bits. */
    public static int home(long threadId, int mask) {
        return (int) threadId & mask;
    }

    /** The stripe the thread whose id is {@code threadId} tries first: the one it last stepped to, else its home. */
    public int first(long threadId) {
        long stepped = steps[(int) threadId & (STEP_SLOTS - 1)];
        return stepped >>> STRIPE_BITS == threadId ? (int) stepped & mask : home(threadId, mask);
    }

    /**
     * Notes that the thread whose id is {@code threadId} stepped past a busy stripe to stripe {@code at}:
     * it starts there next time, so that two threads whose ids name one stripe settle on two instead of
     * meeting at every event.
     */
    public void stepped(long threadId, int at) {
        steps[(int) threadId & (STEP_SLOTS - 1)] = threadId << STRIPE_BITS | at;
    }

    @Override
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    public EventWriter claim(EventType type, int identityWord, long timestamp) {
        long threadId = Thread.currentThread().getId();
        int first = first(threadId);
        for (int i = 0; i <= mask; i++) {
            int at = (first + i) & mask;
            Stripe stripe = stripes[at]; // detached: a closed stub, which takes no event (a late one, not counted)
            EventWriter writer = writers[at]; // final for the stripe: read before the CAS, its fields after
            if (stripe.tryClaim(threadId)) {
                if (i != 0) {
                    stepped(threadId, at);
                }
                try {
                    return stripe.claim(writer, type, identityWord, timestamp, threadId); // unlocks when it returns null
                } catch (Throwable t) {
                    stripe.releaseIfHeldBy(threadId); // failed on the way in (a StackOverflowError): never keep it
                    throw t;
                }
            }
        }
        stripes[first].countUnlockedDrop(); // every stripe busy: more threads than stripes, all mid-event
        return null;
    }

    /**
     * Lets go of the stripes and their writers: a closed stub takes their place, so every later claim
     * finds no room. Called once the backend has closed them. A claim racing with it meets a closed
     * stripe, or the stub; if closing timed out first, a late event may still be recorded in a stripe
     * nobody reads any more, and a claim that meets a stripe with the stub's writer (the two arrays are
     * not replaced at once) fails on the writer, which is bound to no memory, and gives the stripe back.
     */
    public void detach() {
        Stripe stub = Stripe.closedStub();
        java.util.Arrays.fill(stripes, stub); // the stripes first: a claim reads a stripe, then its writer
        java.util.Arrays.fill(writers, stub.writer());
    }

    @Override
    public boolean equals(Object other) {
        return this == other; // one per backend: identity, not the arrays' contents
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "StripedRecordSink[" + stripes.length + " stripes]";
    }
}
