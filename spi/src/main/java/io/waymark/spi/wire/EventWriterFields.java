package io.waymark.spi.wire;

/**
 * The fields of an {@link EventWriter}, apart from it so that they lie between padding: in front,
 * {@link EncodedEventLeftPad}'s and {@link EncodedEvent}'s; behind, {@link EventWriter}'s own (the JVM
 * lays out a class's fields after its superclasses', longs first, so padding in the same class as
 * these fields could land in front of them). Set once: {@code depth}, {@code pooled}, {@code home}.
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
    /** In-place writers only: the memory the records go to and come back to; {@code null} for a thread's writer. */
    RecordBuffer home;
    EventWriter nested;
    boolean inUse;
    boolean overflow;
    int position;
    /** End of the room the fields may fill: the own array's length, or the end of the claimed room. */
    int limit;
    /** The writer's own array ({@link #buffer} is this one, or the array of the room claimed for an in-place writer). */
    byte[] own;
    /** The thread's id, which the own array's header keeps (see {@code EventWriter.start}). */
    long threadId;
    /** In-place writers: the event outgrew its claimed room and continues in the own array. */
    boolean spilled;
    /** In-place writers: the memory records are opened in ({@link EventWriter#bindRoom}), and the end of its room. */
    byte[] room;
    int roomLimit;
    /** Encoded strings by call site, created by the first cached string this writer writes. */
    StringEncodingCache strings;
    /**
     * The cache's arrays, held here too: a hit then reads one array less deep (the record's latency
     * counts, not only its instructions: the next clock read waits for every load before it).
     */
    String[] rememberedStrings;
    long[] rememberedWords;
}
