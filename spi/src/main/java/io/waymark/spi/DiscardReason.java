package io.waymark.spi;

/**
 * Why an event that a session enabled was not kept. "Discarded" is Waymark's one word for a lost event,
 * and every discard has exactly one reason, counted once, in the session that lost it: a session's
 * events recorded plus its events discarded, over all reasons, equal the events it enabled that were
 * emitted (exactly, once the emitting threads are quiet).
 *
 * <p>The constants' order is not an ABI: read counts by constant, never by ordinal. New reasons may be
 * added in a minor SPI version; a reader that does not know one still sees it in the total.
 */
public enum DiscardReason {

    /**
     * The backend's buffers were full: every sub-buffer of the stream full or waiting to be written (in the CTF
     * backend's discard mode, the next sub-buffer of every other stream too), because of a disk slower than the
     * events or buffers too small for a burst. Remedy: larger or more buffers, a
     * faster disk, or fewer events (filters, levels). The only reason a correctly sized recording should
     * ever show.
     */
    BUFFER_FULL,

    /**
     * The event's record is larger than the wire format allows ({@link io.waymark.spi.wire.WireFormat}: 64 KiB)
     * or than the backend can store in one piece (a CTF sub-buffer smaller than the record). Remedy:
     * shorter strings and byte arrays, or a larger sub-buffer.
     */
    EVENT_TOO_LARGE,

    /**
     * Tracepoints nested deeper than the writer allows (a tracepoint's view field calling code that hits
     * another tracepoint, and so on, {@code io.waymark.spi.wire.EventWriter#MAX_DEPTH} levels). Remedy:
     * do not emit from inside view accessors.
     */
    NESTING_TOO_DEEP,

    /**
     * Every writer of the pool that virtual threads borrow to encode an event was lent (more virtual
     * threads encoding at once than the pool's bound, which happens only when view accessors block).
     */
    WRITER_POOL_EXHAUSTED,

    /**
     * A view field's accessor (application code) threw while the event was being encoded: the event was
     * never complete. The exception is swallowed (a tracepoint never throws into the application). Remedy:
     * make the accessor total, or give the event plain fields.
     */
    FIELD_ACCESSOR_FAILED,

    /**
     * The backend threw while taking the event, or had been detached from its session for failing too
     * often; the failure itself is in the session's failure count and was logged.
     */
    BACKEND_FAILED,

    /**
     * The disk could not take the sub-buffer: full, quota or I/O error (the CTF backend could not allocate the
     * blocks of the packet the event needed, or a backend could not write what held the event to its
     * destination). Remedy: free space or fix the destination; the backend's log line names the error.
     */
    WRITE_FAILED,

    /**
     * A writer claimed room in the backend's buffer and never committed its record (its thread died between
     * the two, or stayed descheduled longer than the session's close timeout): the sub-buffer holding that
     * room could not be written when the session closed, and the events committed into it are counted here.
     * Should not happen in a healthy process.
     */
    WRITER_STALLED,

    /**
     * The recording reached the size its session allows (the CTF backend's {@code max-size}): the event's home
     * stream file holds its share and no other stream took the event. Remedy: a larger bound, fewer events (filters, levels), or overwrite mode (a flight recorder
     * keeps the latest events instead).
     */
    SIZE_LIMIT,

    /**
     * An error inside Waymark itself (a bug, or the JVM out of memory while preparing a thread's writer);
     * logged once. Should never be seen: report it.
     */
    TRACER_ERROR
}
