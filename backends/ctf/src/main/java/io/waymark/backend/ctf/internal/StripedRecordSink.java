package io.waymark.backend.ctf.internal;

import io.waymark.spi.EventType;
import io.waymark.spi.wire.EventWriter;
import io.waymark.spi.wire.RecordSink;

/**
 * The CTF backend's {@link RecordSink}: a thread claims a stripe with one CAS, the one its thread id
 * names ({@link #home}) or, when another thread holds that one, the next free one; the stripe lends
 * it the stripe's own in-place writer, positioned in the current packet, and takes the record back
 * when it is committed ({@link Stripe#commit}). The stripe stays claimed, and other threads use other
 * stripes, for those few instructions. No allocation, no copy, no lookup of a thread's writer.
 *
 * <p>Why the thread id and not a remembered stripe: remembering needs per-thread state, and the
 * thread-local lookup costs more than the whole record. Platform threads get consecutive ids, so
 * threads started together take distinct stripes; two threads whose ids share the low bits take one
 * stripe in turn, the later one stepping to the next free stripe whenever they meet.
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
 */
public record StripedRecordSink(Stripe[] stripes, EventWriter[] writers, int mask) implements RecordSink {

    /** Checks what a claim relies on: a power of two of stripes, each with its own writer at its index. */
    public StripedRecordSink {
        if (Integer.bitCount(stripes.length) != 1 || mask != stripes.length - 1 || writers.length != stripes.length) {
            throw new IllegalArgumentException("stripes: " + stripes.length + " is not a power of two, or mask " + mask
                    + " and " + writers.length + " writers do not match them");
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
        return new StripedRecordSink(stripes.clone(), writers, stripes.length - 1);
    }

    /** The stripe a thread tries first: its id's low bits. */
    public static int home(long threadId, int mask) {
        return (int) threadId & mask;
    }

    @Override
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    public EventWriter claim(EventType type, int identityWord, long timestamp) {
        long threadId = Thread.currentThread().getId();
        int first = home(threadId, mask);
        for (int i = 0; i <= mask; i++) {
            int at = (first + i) & mask;
            Stripe stripe = stripes[at]; // detached: a closed stub, which takes no event (a late one, not counted)
            EventWriter writer = writers[at]; // final for the stripe: read before the CAS, its fields after
            if (stripe.tryClaim(threadId)) {
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
     * finds no room. Called once the backend has closed them (a claim racing with it then meets a
     * closed stripe; if closing timed out first, the late event is recorded in the stripe nobody reads
     * any more).
     */
    public void detach() {
        Stripe stub = Stripe.closedStub();
        java.util.Arrays.fill(writers, stub.writer()); // the writers first: a claim reads a stripe, then its writer
        java.util.Arrays.fill(stripes, stub);
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
