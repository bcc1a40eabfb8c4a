package io.waymark.backend.ctf.internal;

import io.waymark.spi.DiscardReason;
import io.waymark.spi.Reporter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The one background thread of a discard-mode session. Each {@link Stream}'s sub-buffers are the pages
 * of its stream file ({@link MappedWindows}): packet {@code s} at file offset {@code s × S}. For each
 * stream the keeper <em>delivers</em> every complete sub-buffer that a switch closed (records its end,
 * timestamps, record count and discard count) and <em>releases</em> its slot for the sequence number
 * {@code N} later at once, out of order if need be, after <em>preparing</em> that sub-buffer: its disk
 * blocks allocated, its pages mapped and touched, the static part of its packet header written. It then
 * <em>finalizes</em> delivered packets strictly in sequence order, writing each packet context in place
 * (timestamps, content size, packet size, sequence number, the stream's running discard count); no
 * packet is written with {@code write()}. A writer descheduled between its claim and its commit thus
 * holds back the finalization of its own packet and the ones after it, not the release of any other
 * slot: the stream discards only when every sub-buffer is full or waiting.
 *
 * <p>A sub-buffer whose blocks cannot be allocated (a full disk, a quota, an I/O error) leaves its slot
 * unreleased; the next switch into it discards, counted as {@link DiscardReason#WRITE_FAILED}, and the
 * keeper retries every 100 ms: recording resumes in the next packet, whose {@code events_discarded}
 * carries the gap. No partial packet is ever written, so the trace stays readable. A stream file that holds its
 * share of the session's {@code max-size} gets no further sub-buffer: its slots stay unreleased, its writers' records
 * go to other streams ({@link StreamSink}), and once none takes them they are discarded, counted as
 * {@link DiscardReason#SIZE_LIMIT}.
 *
 * <p>It also switches streams whose current sub-buffer stayed partly filled longer than the flush
 * interval, and all of them on {@link #flush}. At close it finalizes everything, unmaps the windows and
 * cuts each stream file to its finalized packets (babeltrace2 refuses trailing zeros). Application
 * threads only {@link #switched unpark} it (when it sleeps); every system call happens here.
 */
public final class StreamKeeper {

    private static final int H = CtfLayout.PACKET_HEADER_SIZE;
    /** {@code State.delivered}: never delivered. */
    private static final long NONE = Long.MIN_VALUE;
    /** How long after a failed allocation the keeper tries again. */
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** One delivered sub-buffer waiting for its turn to be finalized. */
    private record Packet(long seq, int end, long endTs, long records, long discards) {}

    /** Keeper-private state of one stream. */
    private static final class State {
        MappedWindows windows;
        /** The next sequence number to finalize. */
        long finalized;
        /** Delivered packets by {@code seq & (N - 1)}, for {@code seq} in {@code [finalized, finalized + N)}. */
        Packet[] pending;
        /** The sequence number each slot was last delivered for ({@link #NONE}: none yet; negative: created unreleased). */
        long[] delivered;
        /** Records committed in each slot over its generations delivered so far. */
        long[] slotRecords;
        long lastDiscards;
        long lastEndTs;
        /** The sequence number of an empty last sub-buffer that was not finalized, or -1. */
        long skipped = -1;
        /** Packets the stream file holds from its start (finalized, not skipped): the file's length is this × S. */
        long fileEnd;
        /** The content end of packet {@code fileEnd - 1}. */
        int lastEnd;
        /** When a failed allocation may be tried again; 0 when none failed. */
        long retryAt;
        /** Packets below this were prepared (header written, blocks allocated), for the state file. */
        long prepared;
        /** Packets below this were forced to the device ({@code sync=delivered}). */
        long synced;
        /** Records in this stream's finalized packets. */
        long recorded;
        /** Discards by reason ordinal, for the state file (reused). */
        final long[] discards = new long[REASONS.length];
        /** A writer never committed: its window must stay mapped (it may still store into it). */
        boolean stalled;
        /** The {@code max-size} warning was given for this stream. */
        boolean warnedLimit;
        long nonEmptySeq = -1;
        long nonEmptySince;
    }

    private static final DiscardReason[] REASONS = DiscardReason.values();

    private final Reporter reporter;
    /** The trace's {@code .waymark/state}, or {@code null} (a sub-buffer size that is not a power of two). */
    private final StateFile stateFile;
    /** {@code sync=delivered}: finalized packets and the state file are forced to the device after each pass. */
    private final boolean sync;
    private final Stream[] streams;
    private final State[] states;
    private final TraceFiles files;
    private final byte[] uuid;
    private final long flushIntervalNanos;
    private final long timeoutNanos;
    /** The most packets a stream file may hold ({@code max-size}), {@link Long#MAX_VALUE} for no bound. */
    private final long packetsPerStream;
    /**
     * The first sequence number no event may go to ({@link Stream#limit}): {@code packetsPerStream - 1}, the last packet
     * of the share being kept for the discard count that close writes after the last records; or no bound.
     */
    private final long limitSeq;
    /** The trace's discards over every stream when the state file was last written. */
    private long discardsInState;
    /** {@link System#nanoTime()} of the last write of the state file by the loop. */
    private long stateWrittenAt;
    private final Thread thread;
    private final AtomicLong flushRequests = new AtomicLong();
    private final AtomicLong recorded = new AtomicLong();
    /** The longest time from a sub-buffer's switch to its delivery seen so far, nanoseconds ({@link #longestDeliveryDelayNanos}). */
    private volatile long longestDelay;
    /** The packet context being finalized: timestamps, sizes, sequence number, discards (one bulk put). */
    private final ByteBuffer context = ByteBuffer.allocate(H - CtfLayout.TIMESTAMP_BEGIN_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
    private volatile long flushesDone;
    /** Whether an unexpected failure was reported (once). */
    private boolean reportedUnexpected;
    private volatile boolean sleeping;
    private static final java.lang.invoke.VarHandle SLEEPING;

    static {
        try {
            SLEEPING = java.lang.invoke.MethodHandles.lookup().findVarHandle(StreamKeeper.class, "sleeping", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private volatile boolean closing;
    private volatile boolean finished;
    private boolean reportedFailure;

    /**
     * @param windows each stream's file, whose first {@code N} sub-buffers the streams' slots were given
     *     ({@link #prepare})
     * @param flushIntervalNanos how long a sub-buffer may stay partly filled, 0 for until it is full
     * @param timeoutMillis how long flush and close wait for a writer still inside a sub-buffer
     * @param packetsPerStream the most packets a stream file may hold ({@code max-size}): more than the sub-buffer count
     *     (the last one is kept for the closing discard count); {@link Long#MAX_VALUE} for no bound
     */
    public StreamKeeper(String sessionName, TraceFiles files, Stream[] streams, MappedWindows[] windows, StateFile stateFile,
            boolean sync, byte[] uuid, long flushIntervalNanos, long timeoutMillis, long packetsPerStream, Reporter reporter) {
        this.stateFile = stateFile;
        this.sync = sync;
        this.reporter = reporter;
        this.streams = streams.clone();
        this.states = new State[streams.length];
        for (int i = 0; i < streams.length; i++) {
            State state = new State();
            int count = streams[i].subBufferCount();
            state.windows = windows[i];
            state.pending = new Packet[count];
            state.delivered = new long[count];
            Arrays.fill(state.delivered, NONE);
            state.slotRecords = new long[count];
            state.lastEndTs = streams[i].openedAt();
            for (int at = 0; at < count; at++) {
                if (streams[i].slot(at).releasedFor() == at) {
                    state.prepared = Math.max(state.prepared, at + 1L);
                } else {
                    // created without memory: released on the first pass (a session starts without allocating N × S first)
                    state.delivered[at] = at - count;
                    state.retryAt = System.nanoTime();
                }
            }
            states[i] = state;
            streams[i].keeper(this);
        }
        this.files = files;
        this.uuid = uuid.clone();
        this.flushIntervalNanos = flushIntervalNanos;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.packetsPerStream = packetsPerStream;
        this.limitSeq = packetsPerStream == Long.MAX_VALUE ? Long.MAX_VALUE : packetsPerStream - 1;
        for (Stream stream : streams) {
            stream.limit(limitSeq); // the windows were bounded when created (CtfBackend)
        }
        this.thread = new Thread(this::run, "waymark-ctf-keeper-" + sessionName);
        thread.setDaemon(true);
    }

    /**
     * Prepares sub-buffer {@code seq} of stream {@code stream}'s file: allocates its blocks, maps and touches
     * its pages, writes the static part of its packet header (magic, uuid, stream ids, sequence number).
     * Returns its memory for the slot.
     */
    public static ByteBuffer prepare(MappedWindows windows, int stream, long seq, byte[] uuid) throws IOException {
        ByteBuffer memory = windows.prepare(seq);
        memory.putInt(CtfLayout.MAGIC_OFFSET, CtfLayout.MAGIC);
        memory.put(CtfLayout.UUID_OFFSET, uuid);
        memory.putInt(CtfLayout.STREAM_ID_OFFSET, CtfLayout.STREAM_CLASS_ID);
        memory.putLong(CtfLayout.STREAM_INSTANCE_OFFSET, stream);
        memory.putLong(CtfLayout.SEQ_NUM_OFFSET, seq);
        return memory;
    }

    /** Starts the thread. */
    public void start() {
        thread.start();
    }

    /** A switch made a sub-buffer deliverable: wakes the thread if it sleeps. Cheap; application threads call it. */
    void switched() {
        // one waker per sleep: under overload every discarded event finds the ring full, and spilling offers it to
        // every stream; only the thread that turns sleeping off pays the unpark
        if (sleeping && SLEEPING.compareAndSet(this, true, false)) {
            LockSupport.unpark(thread);
        }
    }

    /** Events in packets written to the stream files so far. */
    public long recordedEvents() {
        return recorded.get();
    }

    /**
     * The longest time so far between a sub-buffer's switch (the claim that closed it) and its delivery by this thread
     * (which releases its slot): while the background thread waited for a CPU, or a writer descheduled between its
     * claim and its commit held the sub-buffer back. The wait that the sizing rule's buffers must cover.
     */
    public long longestDeliveryDelayNanos() {
        return longestDelay;
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
                    long discards = discardsSoFar();
                    long now = System.nanoTime();
                    if (progressed || (discards != discardsInState && now - stateWrittenAt >= RETRY_NANOS)) {
                        // discards alone count too (at most every 100 ms, not forced): a stream that only discards (full,
                        // or at its max-size) moves no packet, and recovery takes the discards after the last packet from
                        // the state file
                        discardsInState = discards;
                        stateWrittenAt = now;
                        writeState();
                        if (progressed && sync && stateFile != null) {
                            stateFile.force();
                        }
                    }
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
            long h = stream.head();
            long limit = Math.min((h >>> 32) + ((int) h > stream.subBufferSize() ? 1 : 0), state.finalized + count);
            for (long seq = state.finalized; seq < limit; seq++) {
                if (state.delivered[(int) seq & (count - 1)] != seq && stream.isComplete(stream.slot(seq).commitWord(), seq)) {
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
     * Delivers every complete switched sub-buffer of stream {@code i} (releasing its slot for its next
     * sequence number), retries releases whose allocation failed, then finalizes the delivered ones in
     * sequence order. {@code closed}: the stream was closed, so its current sub-buffer is switched too.
     */
    private boolean service(int i, boolean closed) {
        Stream stream = streams[i];
        State state = states[i];
        int count = stream.subBufferCount();
        long h = stream.head();
        long limit = Math.min((h >>> 32) + (closed || (int) h > stream.subBufferSize() ? 1 : 0), state.finalized + count); // sealed: switched
        boolean progressed = false;
        for (long seq = state.finalized; seq < limit; seq++) {
            int at = (int) seq & (count - 1);
            if (state.delivered[at] == seq) {
                continue;
            }
            Slot slot = stream.slot(seq);
            long commit = slot.commitWord(); // acquire: the records, end and endTs below are visible
            if (!stream.isComplete(commit, seq)) {
                continue; // a writer is still copying into it (or was descheduled there): later
            }
            long total = stream.recordsUpTo(commit, seq);
            long records = (total - state.slotRecords[at]) & 0xFFFF_FFFFL; // the commit word counts records mod 2^32
            state.pending[at] = new Packet(seq, slot.end, slot.endTs, records, slot.discardsAtSwitch);
            state.delivered[at] = seq;
            state.slotRecords[at] = total;
            if (state.retryAt == 0) {
                release(i, slot, seq + count);
            }
            long delay = System.nanoTime() - state.pending[at].endTs(); // from the switch until the slot is free again
            if (delay > longestDelay) {
                longestDelay = delay; // only this thread writes it
            }
            progressed = true;
        }
        if (state.retryAt != 0 && System.nanoTime() - state.retryAt >= 0) {
            progressed |= retryReleases(i);
        }
        Packet next;
        while ((next = state.pending[(int) state.finalized & (count - 1)]) != null && next.seq == state.finalized) {
            state.pending[(int) state.finalized & (count - 1)] = null;
            finalizePacket(stream, state, next);
            state.finalized++;
            progressed = true;
        }
        if (sync && state.finalized > state.synced) {
            try {
                state.windows.force(); // keeper time only: application threads never wait for it
                state.synced = state.finalized;
            } catch (IOException | RuntimeException e) {
                reportFailure(e);
            }
        }
        if (progressed && !state.stalled) {
            state.windows.unmapBelow(Math.min(state.finalized, state.skipped >= 0 ? state.skipped : Long.MAX_VALUE));
        }
        return progressed;
    }

    /**
     * Prepares sequence {@code seq}'s sub-buffer and releases {@code slot} for it; on a failed allocation leaves
     * the slot unreleased (a switch into it discards, as {@link DiscardReason#WRITE_FAILED}) and schedules a retry.
     */
    private boolean release(int i, Slot slot, long seq) {
        Stream stream = streams[i];
        State state = states[i];
        if (closing || stream.isClosed()) {
            return true; // closing: no claim needs it (a switch meanwhile discards, as when the ring is full); nothing to allocate
        }
        if (seq >= limitSeq) {
            return true; // beyond the stream file's share of max-size: the slot stays unreleased, a switch into it discards
        }
        try {
            slot.window(prepare(state.windows, stream.index(), seq, uuid));
        } catch (IOException | RuntimeException | InternalError e) {
            // InternalError: a SIGBUS in the pre-fault (a block the file system could not back after all);
            // retried like a failed allocation, never left to run()'s catch, which would not release the slot again
            state.retryAt = System.nanoTime() + RETRY_NANOS;
            stream.notReadyReason(DiscardReason.WRITE_FAILED);
            reportFailure(e);
            return false;
        }
        slot.seq = seq; // release (volatile write after the window and the header)
        state.prepared = Math.max(state.prepared, seq + 1);
        return true;
    }

    /** Retries, in sequence order, the releases of delivered slots whose allocation failed; whether all succeeded. */
    private boolean retryReleases(int i) {
        Stream stream = streams[i];
        State state = states[i];
        int count = stream.subBufferCount();
        long[] waiting = new long[count];
        int n = 0;
        for (int at = 0; at < count; at++) {
            Slot slot = stream.slot(at);
            if (state.delivered[at] != NONE && state.delivered[at] == slot.releasedFor()) {
                waiting[n++] = state.delivered[at] + count; // delivered, not released again
            }
        }
        Arrays.sort(waiting, 0, n);
        state.retryAt = 0;
        for (int k = 0; k < n; k++) {
            if (!release(i, stream.slot(waiting[k]), waiting[k])) {
                return false;
            }
        }
        stream.notReadyReason(DiscardReason.BUFFER_FULL);
        return n > 0;
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
                if (streams[i].forceSwitch() < 0 && streams[i].lastOfShare(seq)) {
                    // the stream file's last packet for records (max-size): no next one will ever be released; sealed
                    // only if it is still the one found old (not one a writer opened since)
                    streams[i].seal(seq);
                } // else -1 (the next slot not yet released): next time
            }
        }
    }

    /** Flush: switches every stream's partly filled sub-buffer and writes everything below the switch. */
    private void switchAndWriteAll() {
        long deadline = System.nanoTime() + timeoutNanos;
        long[] targets = new long[streams.length];
        for (int i = 0; i < streams.length; i++) {
            long target;
            while (true) {
                long seq = streams[i].head() >>> 32; // before the switch: which sub-buffer a seal below may close
                if ((target = streams[i].forceSwitch()) >= 0 || System.nanoTime() - deadline >= 0) {
                    break;
                }
                if (streams[i].notReadyReason() == DiscardReason.WRITE_FAILED) {
                    // the next sub-buffer cannot be allocated (a full disk): seal this one so that it is finalized now
                    target = streams[i].seal();
                    break;
                }
                if (streams[i].lastOfShare(seq)) {
                    // the next sub-buffer may not be (beyond max-size): seal this one, if no writer switched since
                    target = streams[i].seal(seq);
                    if (target >= 0) {
                        break;
                    }
                    continue;
                }
                if (!service(i, false)) {
                    LockSupport.parkNanos(100_000); // the next slot waits for a writer's commit
                }
            }
            targets[i] = target;
        }
        while (System.nanoTime() - deadline < 0) {
            boolean done = true;
            for (int i = 0; i < streams.length; i++) {
                done &= states[i].finalized >= targets[i];
            }
            if (done || closing) {
                return;
            }
            if (!serviceAll(false)) {
                LockSupport.parkNanos(100_000);
            }
        }
    }

    /**
     * Closing: no stream takes events any more; finalize everything, report the last discards, unmap the
     * windows and cut each stream file to its finalized packets.
     */
    private void closeAll() {
        long[] last = new long[streams.length];
        for (int i = 0; i < streams.length; i++) {
            last[i] = streams[i].close();
        }
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            boolean done = true;
            for (int i = 0; i < streams.length; i++) {
                done &= states[i].finalized > last[i];
            }
            if (done || System.nanoTime() - deadline > 0) {
                break;
            }
            if (!serviceAll(true)) {
                LockSupport.parkNanos(100_000); // a writer still inside its last sub-buffer
            }
        }
        for (int i = 0; i < streams.length; i++) {
            if (states[i].finalized <= last[i]) {
                giveUpStalled(i, last[i]);
            }
        }
        for (int i = 0; i < streams.length; i++) {
            Stream stream = streams[i];
            State state = states[i];
            if (stream.traceDiscards() > state.lastDiscards) {
                // discards after the last packet: one more, empty packet carries them, so the trace's count is the stream's
                long seq = state.skipped >= 0 ? state.skipped : state.finalized;
                try {
                    prepare(state.windows, stream.index(), seq, uuid);
                    state.skipped = -1;
                    finalizePacket(stream, state, new Packet(seq, H, Math.max(state.lastEndTs, System.nanoTime()), 0,
                            stream.traceDiscards()));
                } catch (IOException | RuntimeException e) {
                    reportFailure(e); // the trace's count then misses the last discards; the session's has them
                }
            }
            String name = CtfLayout.STREAM_FILE_PREFIX + stream.index();
            writeState(i);
            try {
                long length = state.fileEnd * stream.subBufferSize();
                if (state.stalled) {
                    // a stalled writer may still store up to the end of its sub-buffer (at most last): cutting the
                    // file below a mapped page it stores into would raise SIGBUS in that (application) thread
                    length = Math.max(state.fileEnd, last[i] + 1) * stream.subBufferSize();
                } else if (state.fileEnd > 0) {
                    // the last packet ends at its content: no padding up to S at the end of the trace
                    state.windows.memory(state.fileEnd - 1).putLong(CtfLayout.PACKET_SIZE_OFFSET, 8L * state.lastEnd);
                    length += state.lastEnd - stream.subBufferSize();
                }
                state.windows.close(length, !state.stalled);
                if (state.fileEnd == 0 && !state.stalled) {
                    files.delete(name); // no packet: no file, as before the streams were mapped
                }
            } catch (IOException | RuntimeException e) {
                reportFailure(e);
            }
        }
        if (stateFile != null) {
            stateFile.markClean(); // after the stream files were cut: recovery has nothing to do
            stateFile.close();
        }
    }

    /** Writes every stream's progress into the state file (plain stores into its mapping; recovery's hints). */
    private void writeState() {
        for (int i = 0; i < streams.length; i++) {
            writeState(i);
        }
    }

    /** The streams' own discards so far, over every stream and reason (what the state file's counts sum to). */
    private long discardsSoFar() {
        long total = 0;
        for (Stream stream : streams) {
            total += stream.discardedEvents();
        }
        return total;
    }

    private void writeState(int i) {
        warnAtLimit(i);
        if (stateFile == null) {
            return;
        }
        State state = states[i];
        Stream stream = streams[i];
        for (DiscardReason reason : REASONS) {
            state.discards[reason.ordinal()] = stream.discardedEvents(reason);
        }
        stateFile.stream(i, stream.head(), state.finalized, state.prepared, state.recorded, state.discards, 0);
    }

    /** Once per stream, after its first {@link DiscardReason#SIZE_LIMIT} discard: one warning naming the remedy. */
    private void warnAtLimit(int i) {
        State state = states[i];
        Stream stream = streams[i];
        if (!state.warnedLimit && limitSeq != Long.MAX_VALUE && stream.discardedEvents(DiscardReason.SIZE_LIMIT) > 0) {
            state.warnedLimit = true;
            reporter.warn("CTF backend: stream file " + CtfLayout.STREAM_FILE_PREFIX + stream.index() + " is full (it holds its "
                    + "share of the session's max-size, " + packetsPerStream + " packets of " + stream.subBufferSize()
                    + " bytes, the last one kept for the final discard count) and no other stream file took its events: they "
                    + "are being discarded (counted as " + DiscardReason.SIZE_LIMIT + "); raise max-size, record fewer events, "
                    + "or use overwrite mode to keep the latest", null);
        }
    }

    /**
     * Closing timed out on stream {@code i}: a writer claimed room and never committed (its thread died
     * between claim and commit, or stayed descheduled past the close timeout). Its sub-buffer holds a hole
     * of unknown bytes: the records committed into it, and the stalled writer's own, are counted as discarded
     * ({@link DiscardReason#WRITER_STALLED}) and its packet is finalized empty (content size: the header
     * only), so that the packets delivered after it keep their place and nothing else is lost. Its window
     * stays mapped (the writer may still store into it).
     */
    private void giveUpStalled(int i, long last) {
        Stream stream = streams[i];
        State state = states[i];
        int count = stream.subBufferCount();
        long stalled = 0;
        service(i, true); // a sub-buffer completed since the last pass is whole: delivered, not given up
        state.stalled = true;
        for (long seq = state.finalized; seq <= last && seq < state.finalized + count; seq++) {
            int at = (int) seq & (count - 1);
            Packet taken = state.pending[at];
            if (taken != null && taken.seq == seq) {
                state.pending[at] = null;
                finalizePacket(stream, state, taken);
            } else {
                Slot slot = stream.slot(seq);
                long commit = slot.commitWord();
                long records = (stream.committedRecords(commit, seq) - state.slotRecords[at]) & 0xFFFF_FFFFL;
                if (!stream.isComplete(commit, seq)) {
                    // the stalled writer's own event: recorded + discarded = emitted (the commit word counts bytes,
                    // not claims: two writers stalled in one sub-buffer count as one)
                    records++;
                }
                stream.count(DiscardReason.WRITER_STALLED, records);
                stalled += records;
                finalizePacket(stream, state, new Packet(seq, H, Math.max(state.lastEndTs, slot.endTs()), 0,
                        stream.traceDiscards()));
            }
        }
        state.finalized = last + 1;
        reporter.error("CTF backend: closing gave up waiting for a writer that claimed room in stream " + stream.index()
                + " and never committed (its thread died or stayed descheduled " + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos)
                + " s); " + stalled + " events of its sub-buffer are counted as discarded (" + DiscardReason.WRITER_STALLED + ")", null);
    }

    /**
     * Finalizes one delivered packet in place: writes its context (timestamps, content size, packet size,
     * sequence number, the stream's discard count, never going back) into the stream file's mapping, with
     * one bulk put. An empty last sub-buffer (the stream closed before any record) is left out.
     */
    private void finalizePacket(Stream stream, State state, Packet packet) {
        long begin = state.lastEndTs;
        state.lastEndTs = Math.max(begin, packet.endTs());
        // never when a writer stalled: its claim may lie in this packet, and the file must not be cut below it
        if (packet.end() == H && packet.records() == 0 && packet.discards() <= state.lastDiscards && stream.isClosed()
                && packet.seq() == stream.head() >>> 32 && !state.stalled) {
            state.skipped = packet.seq(); // nothing to say; the file is cut before it
            return;
        }
        // the count when the sub-buffer was switched (what was discarded before its end), never going back
        long discarded = Math.max(state.lastDiscards, packet.discards());
        ByteBuffer c = context.clear();
        c.putLong(begin).putLong(state.lastEndTs).putLong(8L * packet.end()).putLong(8L * stream.subBufferSize())
                .putLong(packet.seq()).putLong(discarded);
        try {
            ByteBuffer memory = state.windows.memory(packet.seq());
            memory.put(CtfLayout.TIMESTAMP_BEGIN_OFFSET, c.array(), 0, c.capacity());
            state.lastDiscards = discarded;
            state.fileEnd = packet.seq() + 1;
            state.lastEnd = packet.end();
            state.recorded += packet.records();
            recorded.addAndGet(packet.records());
        } catch (IOException | RuntimeException e) {
            // the window could not be mapped again (out of address space, say): the packet's records are lost
            stream.count(DiscardReason.WRITE_FAILED, packet.records());
            reportFailure(e);
        }
    }

    private void reportUnexpected(Throwable t) {
        if (!reportedUnexpected) {
            reportedUnexpected = true;
            reporter.error("CTF backend: the session's background thread failed unexpectedly and goes on; events may be"
                    + " discarded while it cannot work (please report this)", t);
        }
    }

    private void reportFailure(Throwable e) {
        if (!reportedFailure) {
            reportedFailure = true;
            reporter.error("CTF backend: the file system of " + files.directory() + " cannot take the trace's next sub-buffers"
                    + " (full, quota or I/O error); events are being discarded (counted as " + DiscardReason.WRITE_FAILED
                    + ") until it can, retried every 100 ms: free space or fix the directory", e);
        }
    }
}
