package io.waymark.spi.wire;

/**
 * The fields of an {@link EventWriter}, apart from it so that they lie between padding: in front,
 * {@link EncodedEventLeftPad}'s and {@link EncodedEvent}'s; behind, {@link EventWriter}'s own (the JVM
 * lays out a class's fields after its superclasses', longs first, so padding in the same class as
 * these fields could land in front of them). Set once: {@code depth}, {@code pooled}, {@code lane}.
 */
abstract class EventWriterFields extends EncodedEvent {

    int depth;
    /**
     * The thread writing: a platform thread's own writer is reachable only from that thread's
     * ThreadLocal, so keeping it costs nothing; a pooled writer is lent to one virtual thread at a time.
     */
    Thread thread;
    /** The identity word the buffer's header holds (see {@code EventWriter.start}). */
    int headerIdentity;
    /** Pooled writers only: 0 free, 1 lent to a virtual thread. */
    volatile int lent;
    boolean pooled;
    /** The writer's lane ({@link EventWriter#lane()}): a sink's home stream for its records. */
    int lane;
    /** Where the current event's record goes at finish, or {@code null}: dispatched as an Event (see {@code ThreadWriters.begin}). */
    RecordSink sink;
    /** Where the current event is counted if it is discarded on the emitting side. */
    io.waymark.spi.DiscardCounter discards = io.waymark.spi.DiscardCounter.NONE;
    EventWriter nested;
    /** Its thread's slot in {@code ThreadWriters.BY_ID} was held by another writer: the {@code ThreadLocal} serves it. */
    boolean collided;
    boolean inUse;
    boolean overflow;
    int position;
    /** End of the room the fields may fill: the own array's length. */
    int limit;
    /** The writer's own array ({@link #buffer} is this one). */
    byte[] own;
    /** The thread's id, which the own array's header keeps (see {@code EventWriter.start}). */
    long threadId;
    /** Encoded strings by call site, created by the first cached string this writer writes. */
    StringEncodingCache strings;
    /**
     * The cache's arrays, held here too: a hit then reads one array less deep (the record's latency
     * counts, not only its instructions: the next clock read waits for every load before it).
     */
    String[] rememberedStrings;
    long[] rememberedWords;
}
