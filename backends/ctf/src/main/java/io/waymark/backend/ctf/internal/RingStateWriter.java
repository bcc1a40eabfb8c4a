package io.waymark.backend.ctf.internal;

import io.waymark.spi.DiscardReason;
import io.waymark.spi.Reporter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Overwrite mode's writer of the state file ({@link StateLayout}). A ring needs no background thread to record, so
 * overwrite mode has none of its own; one daemon thread shared by every overwrite-mode session in the JVM writes each
 * ring's stream blocks every interval instead, as a discard-mode session's keeper does once per pass: the claim
 * position, the oldest sequence the ring holds, and the discards by reason. A recovery after a crash then puts into
 * the recovered trace the discards counted up to one interval before the crash, not only those the ring's packets
 * carry. A block is written only when its stream's position or discards moved; a session without one stays idle.
 *
 * <p>Nothing here runs on an application thread, and nothing a writer does waits for it. The state file's methods are
 * synchronized and do nothing once it is closed, so a write racing the session's close is harmless.
 */
public final class RingStateWriter implements AutoCloseable {

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
    private boolean reported;

    private RingStateWriter(StateFile stateFile, Stream[] streams, long intervalNanos, Reporter reporter) {
        this.stateFile = stateFile;
        this.streams = streams.clone();
        this.reporter = reporter;
        this.writtenHead = new long[streams.length];
        this.writtenDiscards = new long[streams.length];
        java.util.Arrays.fill(writtenHead, -1);
        synchronized (LOCK) {
            if (executor == null) {
                executor = new ScheduledThreadPoolExecutor(1, r -> {
                    Thread thread = new Thread(r, "waymark-ctf-ring-state");
                    thread.setDaemon(true);
                    return thread;
                });
                executor.setRemoveOnCancelPolicy(true);
                executor.setKeepAliveTime(10, TimeUnit.SECONDS);
                executor.allowCoreThreadTimeOut(true);
            }
            this.task = executor.scheduleWithFixedDelay(this::writeAll, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Starts writing {@code streams}' blocks into {@code stateFile} every {@code intervalNanos} (more than 0) until
     * {@link #close()}.
     */
    public static RingStateWriter start(StateFile stateFile, Stream[] streams, long intervalNanos, Reporter reporter) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("interval: " + intervalNanos + " ns is not positive");
        }
        return new RingStateWriter(stateFile, streams, intervalNanos, reporter);
    }

    /** Writes the block of every stream whose position or discards moved since its last write. Package-private for tests. */
    void writeAll() {
        try {
            for (int i = 0; i < streams.length; i++) {
                Stream stream = streams[i];
                long head = stream.head();
                long total = stream.discardedEvents();
                if (head == writtenHead[i] && total == writtenDiscards[i]) {
                    continue;
                }
                for (DiscardReason reason : REASONS) {
                    discards[reason.ordinal()] = stream.discardedEvents(reason);
                }
                long count = stream.subBufferCount();
                long oldest = Math.max(0, (head >>> 32) - count + 1);
                // a ring file is allocated whole at creation (prepared: every packet); no packet of it is final
                stateFile.stream(i, head, 0, count, 0, discards, oldest);
                writtenHead[i] = head;
                writtenDiscards[i] = total;
            }
        } catch (RuntimeException | Error e) {
            // never let the shared thread's task die (a failed run cancels the later ones): report once, go on
            if (!reported) {
                reported = true;
                reporter.warn("CTF backend: cannot write the overwrite-mode ring's state file " + stateFile.file()
                        + " (a recovery after a crash will not carry the latest discard counts)", e);
            }
        }
    }

    /** Stops the writes (a write under way finishes; the state file's close then makes later ones no-ops). */
    @Override
    public void close() {
        task.cancel(false);
    }
}
