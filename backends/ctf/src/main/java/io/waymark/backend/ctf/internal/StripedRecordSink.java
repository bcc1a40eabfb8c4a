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
 * <p>One instance per backend, returned for every tracepoint whose event class the trace declares
 * (the backend checks that once, when the runtime asks for a sink): a committed record needs no
 * class check. {@link #detach()} lets go of the stripes once the backend closed, so that a probe
 * still holding this sink holds no packet memory.
 */
public final class StripedRecordSink implements RecordSink {

    private static final Stripe[] NONE = new Stripe[0];

    /** The stripes; {@link #NONE} once detached (a plain field: a stale read meets closed stripes). */
    private Stripe[] stripes;

    public StripedRecordSink(Stripe[] stripes) {
        this.stripes = stripes;
    }

    /** The stripe a thread tries first: its id's low bits. */
    public static int home(long threadId, int mask) {
        return (int) threadId & mask;
    }

    @Override
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    public EventWriter claim(EventType type, int identityWord, long timestamp) {
        Stripe[] s = stripes;
        int mask = s.length - 1;
        if (mask < 0) {
            return null; // the backend closed: a late event, not counted
        }
        long threadId = Thread.currentThread().getId();
        int first = home(threadId, mask);
        for (int i = 0; i <= mask; i++) {
            Stripe stripe = s[(first + i) & mask];
            if (stripe.tryLock(threadId)) {
                try {
                    return stripe.claim(type, identityWord, timestamp, threadId); // unlocks when it returns null
                } catch (Throwable t) {
                    stripe.releaseIfHeldBy(threadId); // failed on the way in (a StackOverflowError): never keep it
                    throw t;
                }
            }
        }
        s[first].countUnlockedDrop(); // every stripe busy: more threads than stripes, all mid-event
        return null;
    }

    /** Lets go of the stripes; every later claim finds no room. Called once the backend has closed them. */
    public void detach() {
        stripes = NONE;
    }
}
