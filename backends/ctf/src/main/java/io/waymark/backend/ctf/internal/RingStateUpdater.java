package io.waymark.backend.ctf.internal;

import io.waymark.spi.DiscardReason;
import io.waymark.spi.Reporter;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Overwrite mode's updates of the state file ({@link StateLayout}). A ring needs no background thread to record, so
 * overwrite mode has no keeper; one daemon thread shared by every overwrite-mode session in the JVM
 * ({@code waymark-ctf-ring-state}) writes each ring's stream block every interval instead, as a discard-mode keeper
 * does once per pass: the claim position, the oldest sequence the ring holds and the discards by reason. A recovery
 * after a crash then puts into the recovered trace the discards counted up to one interval before the crash, not only
 * those the ring's packets carry. A block is written only when its stream's position or discards moved.
 *
 * <p>No application thread emitting events runs or waits for it; the thread that closes the session writes the final
 * blocks ({@link #close()}). It reads only the streams' heap state (never the ring's memory, which close unmaps); the
 * state file's methods are synchronized and do nothing once it is closed, so a periodic write after the session's
 * close is harmless.
 */
public final class RingStateUpdater implements AutoCloseable {

    private static final DiscardReason[] REASONS = DiscardReason.values();
    private static final Object LOCK = new Object();
    /** The shared thread (guarded by {@link #LOCK}); it ends 10 s after the last ring's task is cancelled. */
    private static ScheduledThreadPoolExecutor executor;

    private final StateFile stateFile;
    private final Stream[] streams;
    private final Reporter reporter;
    private final long[] writtenHead;
    private final long[] writtenDiscards;
    private final long[] discards = new long[REASONS.length];
    private final ScheduledFuture<?> task;
    /** Closed, or never started: a run of the task ends it. */
    private volatile boolean stopped;
    private boolean reported;

    private RingStateUpdater(StateFile stateFile, Stream[] streams, long intervalNanos, Reporter reporter) {
        this.stateFile = stateFile;
        this.streams = streams.clone();
        this.reporter = reporter;
        this.writtenHead = new long[streams.length];
        this.writtenDiscards = new long[streams.length];
        Arrays.fill(writtenHead, -1);
        synchronized (LOCK) {
            if (executor == null) {
                executor = new ScheduledThreadPoolExecutor(1, r -> {
                    // no inheritable thread-locals of whichever application thread started the first overwrite session
                    Thread thread = new Thread(null, r, "waymark-ctf-ring-state", 0, false);
                    thread.setDaemon(true);
                    // not the class loader of whichever application thread started the first overwrite session
                    thread.setContextClassLoader(RingStateUpdater.class.getClassLoader());
                    return thread;
                });
                executor.setRemoveOnCancelPolicy(true);
                executor.setKeepAliveTime(10, TimeUnit.SECONDS);
                executor.allowCoreThreadTimeOut(true);
            }
            try {
                this.task = executor.scheduleWithFixedDelay(this::tick, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
            } catch (RuntimeException | Error e) {
                // queued, but no thread could start to run it (out of memory, say): if one ever does, the task ends itself
                stopped = true;
                throw e;
            }
        }
    }

    /**
     * Starts writing {@code streams}' blocks into {@code stateFile} every {@code intervalNanos} (more than 0) until
     * {@link #close()}.
     */
    public static RingStateUpdater start(StateFile stateFile, Stream[] streams, long intervalNanos, Reporter reporter) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("interval: " + intervalNanos + " ns is not positive");
        }
        return new RingStateUpdater(stateFile, streams, intervalNanos, reporter);
    }

    /** One periodic run. */
    private void tick() {
        if (stopped) {
            throw new CancellationException("closed"); // a periodic task that throws is not run again
        }
        Throwable failure = update();
        if (failure != null) {
            report(failure); // outside the monitor: a slow reporter holds up no close
        }
    }

    /**
     * Writes the block of every stream whose position or discards moved since its last write; the first failure, or
     * {@code null}. A failing stream does not keep the others from being written.
     */
    private synchronized Throwable update() {
        Throwable first = null;
        for (int i = 0; i < streams.length; i++) {
            try {
                update(i);
            } catch (RuntimeException | Error e) {
                // never let the shared thread's task die (a run that throws is not run again): report once, go on
                first = first == null ? e : first;
            }
        }
        return first;
    }

    private void update(int i) {
        Stream stream = streams[i];
        long head = stream.head();
        long total = stream.discardedEvents();
        if (head == writtenHead[i] && total == writtenDiscards[i]) {
            return;
        }
        for (DiscardReason reason : REASONS) {
            discards[reason.ordinal()] = stream.discardedEvents(reason);
        }
        long seq = head >>> 32;
        // a ring: every sequence up to the current one was given its header (prepared), none is final, and the ring
        // holds the newest N of them
        stateFile.stream(i, head, 0, seq + 1, 0, discards, Math.max(0, seq - stream.subBufferCount() + 1));
        writtenHead[i] = head;
        writtenDiscards[i] = total;
    }

    private void report(Throwable e) {
        synchronized (this) {
            if (reported) {
                return;
            }
            reported = true;
        }
        try {
            reporter.warn("CTF backend: cannot write the overwrite-mode ring's state file " + stateFile.file()
                    + " (a recovery after a crash will not carry the latest discard counts)", e);
        } catch (RuntimeException ignored) {
            // a reporter that throws: nothing more to do
        }
    }

    /**
     * Stops the periodic writes and writes every block once more (after a periodic write under way, if any): for a
     * session whose streams are closed, so that the state file holds their final counts.
     */
    @Override
    public void close() {
        stopped = true;
        task.cancel(false);
        Throwable failure = update();
        if (failure != null) {
            report(failure);
        }
    }
}
