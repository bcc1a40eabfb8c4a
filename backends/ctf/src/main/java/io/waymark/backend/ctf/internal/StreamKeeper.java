package io.waymark.backend.ctf.internal;

import io.waymark.spi.DiscardReason;
import io.waymark.spi.Reporter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The one background thread of a discard-mode session. For each {@link Stream} it <em>delivers</em>
 * every complete sub-buffer that a switch closed: takes its memory (giving the slot a free buffer in
 * exchange) and <em>releases</em> the slot for its next sequence number at once, out of order if need
 * be; then writes the taken packets to the stream file strictly in sequence order, with their packet
 * context (timestamps, sizes, sequence number, the stream's running discard count). A writer
 * descheduled between its claim and its commit thus holds back the writing of its own packet and the
 * ones after it, not the release of any other slot: the stream discards only when every sub-buffer is
 * full or waiting to be written.
 *
 * <p>It also switches streams whose current sub-buffer stayed partly filled longer than the flush
 * interval, and all of them on {@link #flush}. Application threads only {@link #switched unpark} it
 * (when it sleeps); every system call happens here.
 */
public final class StreamKeeper {

    private static final int H = CtfLayout.PACKET_HEADER_SIZE;

    /** One taken sub-buffer waiting for its turn to be written. */
    private record Packet(long seq, ByteBuffer memory, int end, long endTs, long records, long discards) {}

    /** Keeper-private state of one stream. */
    private static final class State {
        FileChannel channel;
        /** The next sequence number to write. */
        long written;
        /** Taken packets by {@code seq & (N - 1)}, for {@code seq} in {@code [written, written + N)}. */
        Packet[] pending;
        /** Records committed in each slot over its generations taken so far. */
        long[] slotRecords;
        /** Buffers given back by written packets. */
        final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
        long lastDiscards;
        long lastEndTs;
        /** The sequence number of an empty last sub-buffer that was not written, or -1. */
        long skipped = -1;
        long nonEmptySeq = -1;
        long nonEmptySince;
    }

    private final Reporter reporter;
    private final Stream[] streams;
    private final State[] states;
    private final TraceFiles files;
    private final byte[] uuid;
    private final long flushIntervalNanos;
    private final long timeoutNanos;
    private final Thread thread;
    private final AtomicLong flushRequests = new AtomicLong();
    private final AtomicLong recorded = new AtomicLong();
    private volatile long flushesDone;
    /** Whether an unexpected failure was reported (once). */
    private boolean reportedUnexpected;
    private volatile boolean sleeping;
    private volatile boolean closing;
    private volatile boolean finished;
    private boolean reportedFailure;

    /**
     * @param flushIntervalNanos how long a sub-buffer may stay partly filled, 0 for until it is full
     * @param timeoutMillis how long flush and close wait for a writer still inside a sub-buffer
     */
    public StreamKeeper(String sessionName, TraceFiles files, Stream[] streams, byte[] uuid, long flushIntervalNanos,
            long timeoutMillis, Reporter reporter) {
        this.reporter = reporter;
        this.streams = streams.clone();
        this.states = new State[streams.length];
        for (int i = 0; i < streams.length; i++) {
            State state = new State();
            state.pending = new Packet[streams[i].subBufferCount()];
            state.slotRecords = new long[streams[i].subBufferCount()];
            state.lastEndTs = streams[i].openedAt();
            states[i] = state;
            streams[i].keeper(this);
        }
        this.files = files;
        this.uuid = uuid.clone();
        this.flushIntervalNanos = flushIntervalNanos;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.thread = new Thread(this::run, "waymark-ctf-keeper-" + sessionName);
        thread.setDaemon(true);
    }

    /** Starts the thread. */
    public void start() {
        thread.start();
    }

    /** A switch made a sub-buffer deliverable: wakes the thread if it sleeps. Cheap; application threads call it. */
    void switched() {
        if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    /** Events in packets written to the stream files so far. */
    public long recordedEvents() {
        return recorded.get();
    }

    /**
     * Switches every partly filled sub-buffer and waits until everything committed before the call is
     * in the stream files, at most {@code timeoutMillis}.
     */
    public boolean flush(long timeoutMillis) {
        if (!thread.isAlive()) {
            return true;
        }
        long ticket = flushRequests.incrementAndGet();
        LockSupport.unpark(thread);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (flushesDone < ticket && thread.isAlive()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(100_000);
        }
        return true;
    }

    /** Closes the streams, writes everything, closes the files and ends the thread; waits at most {@code timeoutMillis}. */
    public void close(long timeoutMillis) {
        closing = true;
        LockSupport.unpark(thread);
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            // the thread bounds its own wait for writers by the same timeout; the margin lets it write and count
            // what it gives up before the caller reads the counts
            thread.join(timeoutMillis + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the thread wrote everything and closed the files. */
    public boolean isFinished() {
        return finished;
    }

    private void run() {
        try {
            long park = flushIntervalNanos > 0 ? Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(flushIntervalNanos / 4,
                    TimeUnit.MILLISECONDS.toNanos(100))) : TimeUnit.MILLISECONDS.toNanos(100);
            while (true) {
                try {
                    boolean progressed = serviceAll(false);
                    if (closing) {
                        break;
                    }
                    long requested = flushRequests.get();
                    if (requested != flushesDone) {
                        switchAndWriteAll();
                        flushesDone = requested;
                        continue;
                    }
                    if (flushIntervalNanos > 0) {
                        switchIfOld(System.nanoTime());
                    }
                    if (!progressed) {
                        sleeping = true;
                        // re-checked after announcing the sleep: a switch that did not see it left work to do (a
                        // commit that completes a sub-buffer later wakes nobody: the park's timeout bounds that,
                        // and a writer that finds the ring full wakes the keeper)
                        if (!closing && flushRequests.get() == flushesDone && !anyDeliverable()) {
                            LockSupport.parkNanos(this, park);
                        }
                        sleeping = false;
                    }
                } catch (Throwable t) {
                    // out of memory for a packet buffer, say: the keeper must outlive it, or every stream fills for good
                    sleeping = false;
                    reportUnexpected(t);
                    LockSupport.parkNanos(this, park);
                }
            }
            try {
                closeAll();
            } catch (Throwable t) {
                reportUnexpected(t);
            }
        } finally {
            flushesDone = flushRequests.get();
            finished = true;
        }
    }

    /**
     * Whether some stream has a switched, complete sub-buffer not yet taken: not only the next one to write,
     * since a descheduled writer's sub-buffer holds back the writing of the later ones but not their taking
     * (which releases their slots).
     */
    private boolean anyDeliverable() {
        for (int i = 0; i < streams.length; i++) {
            Stream stream = streams[i];
            State state = states[i];
            int count = stream.subBufferCount();
            long limit = Math.min(stream.head() >>> 32, state.written + count);
            for (long seq = state.written; seq < limit; seq++) {
                Packet taken = state.pending[(int) seq & (count - 1)];
                if ((taken == null || taken.seq != seq) && stream.isComplete(stream.slot(seq).commitWord(), seq)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Delivers and writes what is ready in every stream; whether anything was. */
    private boolean serviceAll(boolean closed) {
        boolean progressed = false;
        for (int i = 0; i < streams.length; i++) {
            progressed |= service(i, closed);
        }
        return progressed;
    }

    /**
     * Takes every complete switched sub-buffer of stream {@code i} (releasing its slot), then writes the
     * taken ones in sequence order. {@code closed}: the stream was closed, so its current sub-buffer is
     * switched too.
     */
    private boolean service(int i, boolean closed) {
        Stream stream = streams[i];
        State state = states[i];
        int count = stream.subBufferCount();
        long h = stream.head();
        long limit = Math.min((h >>> 32) + (closed ? 1 : 0), state.written + count);
        boolean progressed = false;
        for (long seq = state.written; seq < limit; seq++) {
            int at = (int) seq & (count - 1);
            if (state.pending[at] != null) {
                continue;
            }
            Slot slot = stream.slot(seq);
            long commit = slot.commitWord(); // acquire: the records, end and endTs below are visible
            if (!stream.isComplete(commit, seq)) {
                continue; // a writer is still copying into it (or was descheduled there): later
            }
            long total = stream.recordsUpTo(commit, seq);
            long records = (total - state.slotRecords[at]) & 0xFFFF_FFFFL; // the commit word counts records mod 2^32
            state.pending[at] = new Packet(seq, slot.window, slot.end, slot.endTs, records, slot.discardsAtSwitch);
            state.slotRecords[at] = total;
            ByteBuffer fresh = state.free.poll();
            slot.window(fresh != null ? fresh : ByteBuffer.allocate(stream.subBufferSize()).order(ByteOrder.LITTLE_ENDIAN));
            slot.seq = seq + count; // release (volatile write after the window)
            progressed = true;
        }
        Packet next;
        while ((next = state.pending[(int) state.written & (count - 1)]) != null && next.seq == state.written) {
            state.pending[(int) state.written & (count - 1)] = null;
            write(stream, state, next);
            state.written++;
            progressed = true;
        }
        return progressed;
    }

    /** Switches sub-buffers that have held records for longer than the flush interval. */
    private void switchIfOld(long now) {
        for (int i = 0; i < streams.length; i++) {
            long h = streams[i].head();
            State state = states[i];
            if ((int) h <= H) {
                continue;
            }
            long seq = h >>> 32;
            if (state.nonEmptySeq != seq) {
                state.nonEmptySeq = seq;
                state.nonEmptySince = now;
            } else if (now - state.nonEmptySince >= flushIntervalNanos) {
                streams[i].forceSwitch(); // -1 (the next slot not yet released): next time
            }
        }
    }

    /** Flush: switches every stream's partly filled sub-buffer and writes everything below the switch. */
    private void switchAndWriteAll() {
        long deadline = System.nanoTime() + timeoutNanos;
        long[] targets = new long[streams.length];
        for (int i = 0; i < streams.length; i++) {
            long target;
            while ((target = streams[i].forceSwitch()) < 0 && System.nanoTime() - deadline < 0) {
                if (!service(i, false)) {
                    LockSupport.parkNanos(100_000); // the next slot waits for a writer's commit
                }
            }
            targets[i] = target;
        }
        while (System.nanoTime() - deadline < 0) {
            boolean done = true;
            for (int i = 0; i < streams.length; i++) {
                done &= states[i].written >= targets[i];
            }
            if (done || closing) {
                return;
            }
            if (!serviceAll(false)) {
                LockSupport.parkNanos(100_000);
            }
        }
    }

    /** Closing: no stream takes events any more; write everything, report the last discards, close the files. */
    private void closeAll() {
        long[] last = new long[streams.length];
        for (int i = 0; i < streams.length; i++) {
            last[i] = streams[i].close();
        }
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            boolean done = true;
            for (int i = 0; i < streams.length; i++) {
                done &= states[i].written > last[i];
            }
            if (done || System.nanoTime() - deadline > 0) {
                break;
            }
            if (!serviceAll(true)) {
                LockSupport.parkNanos(100_000); // a writer still inside its last sub-buffer
            }
        }
        for (int i = 0; i < streams.length; i++) {
            if (states[i].written <= last[i]) {
                giveUpStalled(i, last[i]);
            }
        }
        for (int i = 0; i < streams.length; i++) {
            State state = states[i];
            if (streams[i].traceDiscards() > state.lastDiscards) {
                // discards after the last packet: one more, empty packet carries them, so the trace's count is the stream's
                ByteBuffer memory = ByteBuffer.allocate(H).order(ByteOrder.LITTLE_ENDIAN);
                write(streams[i], state, new Packet(state.skipped >= 0 ? state.skipped : state.written, memory, H, Math.max(state.lastEndTs, System.nanoTime()), 0,
                        streams[i].traceDiscards()));
                state.written++;
            }
            if (state.channel != null) {
                try {
                    state.channel.close();
                } catch (IOException e) {
                    reportFailure(e);
                }
            }
        }
    }

    /**
     * Closing timed out on stream {@code i}: a writer claimed room and never committed (its thread died
     * between claim and commit, or stayed descheduled past the close timeout). Its sub-buffer cannot be
     * written (a hole of unknown bytes): the records committed into it are counted as discarded
     * ({@link DiscardReason#WRITER_STALLED}); the sub-buffers taken after it are written after the gap in
     * packet sequence numbers (valid CTF: a reader reports the gap), so that nothing else is lost.
     */
    private void giveUpStalled(int i, long last) {
        Stream stream = streams[i];
        State state = states[i];
        int count = stream.subBufferCount();
        long stalled = 0;
        for (long seq = state.written; seq <= last && seq < state.written + count; seq++) {
            int at = (int) seq & (count - 1);
            Packet taken = state.pending[at];
            if (taken != null && taken.seq == seq) {
                state.pending[at] = null;
                write(stream, state, taken);
            } else {
                long records = (stream.committedRecords(stream.slot(seq).commitWord(), seq) - state.slotRecords[at]) & 0xFFFF_FFFFL;
                stream.count(DiscardReason.WRITER_STALLED, records);
                stalled += records;
            }
        }
        state.written = last + 1;
        reporter.error("CTF backend: closing gave up waiting for a writer that claimed room in stream " + stream.index()
                + " and never committed (its thread died or stayed descheduled " + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos)
                + " s); " + stalled + " events of its sub-buffer are counted as discarded (" + DiscardReason.WRITER_STALLED + ")", null);
    }

    /** Writes one packet, context completed, to its stream file; a packet that cannot be written is discarded, counted. */
    private void write(Stream stream, State state, Packet packet) {
        ByteBuffer b = packet.memory();
        long begin = state.lastEndTs;
        state.lastEndTs = packet.endTs();
        if (packet.end() == H && packet.records() == 0 && packet.discards() == state.lastDiscards) {
            state.free.push(b); // an empty last sub-buffer (closed before any record): nothing to say
            state.skipped = packet.seq();
            return;
        }
        // the count when the sub-buffer was switched (what was discarded before its end), never going back
        long discarded = Math.max(state.lastDiscards, packet.discards());
        b.putInt(CtfLayout.MAGIC_OFFSET, CtfLayout.MAGIC);
        b.put(CtfLayout.UUID_OFFSET, uuid);
        b.putInt(CtfLayout.STREAM_ID_OFFSET, CtfLayout.STREAM_CLASS_ID);
        b.putLong(CtfLayout.STREAM_INSTANCE_OFFSET, stream.index());
        b.putLong(CtfLayout.TIMESTAMP_BEGIN_OFFSET, begin);
        b.putLong(CtfLayout.TIMESTAMP_END_OFFSET, packet.endTs());
        b.putLong(CtfLayout.CONTENT_SIZE_OFFSET, 8L * packet.end());
        b.putLong(CtfLayout.PACKET_SIZE_OFFSET, 8L * packet.end());
        b.putLong(CtfLayout.SEQ_NUM_OFFSET, packet.seq());
        b.putLong(CtfLayout.DISCARDED_OFFSET, discarded);
        long before = -1;
        try {
            FileChannel channel = state.channel;
            if (channel == null) {
                // created on its first packet, never opened if it exists: a file planted there (a link) is not written
                channel = files.create(CtfLayout.STREAM_FILE_PREFIX + stream.index());
                state.channel = channel;
            }
            before = channel.position();
            b.clear().limit(packet.end());
            while (b.hasRemaining()) {
                channel.write(b);
            }
            state.lastDiscards = discarded;
            recorded.addAndGet(packet.records());
        } catch (IOException | RuntimeException e) {
            stream.count(DiscardReason.WRITE_FAILED, packet.records());
            cutBack(state.channel, before);
            reportFailure(e);
        } finally {
            b.clear();
            if (b.capacity() == stream.subBufferSize()) {
                state.free.push(b);
            }
        }
    }

    /** After a failed write: no fragment of the packet stays in the file (a later packet would follow garbage). */
    private static void cutBack(FileChannel channel, long before) {
        if (channel == null || before < 0) {
            return;
        }
        try {
            channel.truncate(before);
            channel.position(before);
        } catch (IOException | RuntimeException e) {
            // the file is beyond repair from here; recovery cuts it at the fragment
        }
    }

    private void reportUnexpected(Throwable t) {
        if (!reportedUnexpected) {
            reportedUnexpected = true;
            reporter.error("CTF backend: the session's background thread failed unexpectedly and goes on; events may be"
                    + " discarded while it cannot work (please report this)", t);
        }
    }

    private void reportFailure(Exception e) {
        if (!reportedFailure) {
            reportedFailure = true;
            reporter.error("CTF backend: cannot write to " + files.directory() + "; events are being discarded (counted as "
                    + DiscardReason.WRITE_FAILED + "): free space or fix the directory's permissions", e);
        }
    }
}
