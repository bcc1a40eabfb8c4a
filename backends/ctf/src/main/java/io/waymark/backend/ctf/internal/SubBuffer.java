package io.waymark.backend.ctf.internal;

import java.nio.ByteBuffer;

/**
 * One packet's worth of memory in a {@link Stripe}'s ring: filled by whichever thread holds the
 * stripe, then (sealed) read by the flusher or a snapshot. Allocated once, reused forever.
 */
public final class SubBuffer {

    final Stripe stripe;
    /** The packet bytes, laid out as {@link CtfLayout} draws them. */
    final byte[] bytes;
    /** A reusable view over {@link #bytes} for channel writes (flusher thread only). */
    final ByteBuffer view;
    /** Write position: the packet's size so far in bytes. */
    int position;
    /** Events in the packet. */
    int events;
    /** {@link System#nanoTime()} when the packet was opened, for the periodic seal. */
    long openedAt;

    SubBuffer(Stripe stripe, int size) {
        this.stripe = stripe;
        this.bytes = new byte[size];
        this.view = ByteBuffer.wrap(bytes);
    }

    /** The stripe (stream) this packet belongs to. */
    public Stripe stripe() {
        return stripe;
    }

    /** The sealed packet's size in bytes. */
    public int size() {
        return position;
    }

    /** The number of events in the packet. */
    public int events() {
        return events;
    }

    /** The packet as a buffer positioned at 0 and limited to its size; flusher thread only. */
    public ByteBuffer content() {
        view.clear().limit(position);
        return view;
    }
}
