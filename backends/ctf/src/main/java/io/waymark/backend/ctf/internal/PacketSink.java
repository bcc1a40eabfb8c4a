package io.waymark.backend.ctf.internal;

/** Where a {@link Stripe} hands a sealed packet: the flusher's queue. Never blocks, never allocates. */
public interface PacketSink {

    /** Takes a sealed packet; the sink calls {@link Stripe#release()} once the packet is written. */
    void sealed(SubBuffer packet);
}
