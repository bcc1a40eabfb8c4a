package io.waymark.backend.ctf.internal;

import io.waymark.spi.wire.EventWriter;
import io.waymark.spi.wire.RecordSink;

/**
 * The CTF backend's {@link RecordSink}: a writer claims a stripe with one CAS (the one it used last,
 * kept as its {@linkplain EventWriter#sinkHint() sink hint}, else the next free one), writes its
 * record straight into the stripe's current packet and commits it; the stripe stays claimed, and
 * other threads use other stripes, for those few instructions. No allocation, no copy, no lookup.
 *
 * <p>A writer keeps a reference to the sink it wrote to last; {@link #detach()} lets go of the
 * stripes once the backend closed, so that such a reference holds no packet memory.
 */
public final class StripedRecordSink implements RecordSink {

    private static final Stripe[] NONE = new Stripe[0];

    /** The stripes; {@link #NONE} once detached (a plain field: a stale read meets closed stripes). */
    private Stripe[] stripes;

    public StripedRecordSink(Stripe[] stripes) {
        this.stripes = stripes;
    }

    @Override
    public long claim(EventWriter writer, long timestamp) {
        Stripe[] s = stripes;
        int mask = s.length - 1;
        if (mask < 0) {
            return NO_ROOM; // the backend closed: a late event, not counted
        }
        int first = writer.sinkHint();
        for (int i = 0; i <= mask; i++) {
            int index = (first + i) & mask;
            Stripe stripe = s[index];
            if (stripe.tryLock()) {
                if (i != 0) {
                    writer.sinkHint(index); // settle here: the next event comes straight back
                }
                long recorded = stripe.claim(writer, timestamp);
                if (recorded == NO_ROOM) {
                    stripe.unlock();
                }
                return recorded;
            }
        }
        s[first & mask].countUnlockedDrop(); // every stripe busy: more threads than stripes, all mid-event
        return NO_ROOM;
    }

    @Override
    public void commit(EventWriter writer) {
        Stripe stripe = claimed(writer);
        try {
            stripe.commit(writer);
        } finally {
            stripe.unlock();
        }
    }

    @Override
    public void abort(EventWriter writer) {
        claimed(writer).unlock();
    }

    /** The stripe {@code writer} claimed: its hint names it (a nested event has a writer of its own). */
    private Stripe claimed(EventWriter writer) {
        Stripe[] s = stripes; // not detached while a claim holds a stripe: closing waits for every stripe
        return s[writer.sinkHint() & (s.length - 1)];
    }

    /** Lets go of the stripes; every later claim finds no room. Called once the backend has closed them. */
    public void detach() {
        stripes = NONE;
    }
}
