package io.waymark.backend.ctf.internal;

import io.waymark.spi.Reporter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;

/**
 * The one background thread of a discard-mode session: takes sealed packets from a JCTools MPSC
 * queue (many stripes produce, this thread consumes), appends each to its stream file with a
 * {@link FileChannel} write, and gives the sub-buffer back to its stripe. It also seals packets that
 * stay partly filled longer than the flush interval, which bounds what a killed process loses.
 *
 * <p>Application threads only {@link #sealed offer} (and {@code unpark} the thread when it sleeps);
 * every system call happens here.
 */
public final class MpscPacketFlusher implements PacketSink {

    private final Reporter reporter;

    private final MpscAtomicArrayQueue<SubBuffer> queue;
    private final Stripe[] stripes;
    private final FileChannel[] channels;
    private final TraceFiles files;
    private final long flushIntervalNanos;
    private final Thread thread;
    private final AtomicLong flushRequests = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    private volatile long flushesDone;
    private volatile boolean sleeping;
    private volatile boolean closing;
    private volatile boolean reportedFailure;
    private Stripe[] stripesToServe;

    /**
     * @param capacity at least the number of sub-buffers of all stripes, so an offer never fails
     * @param flushIntervalNanos how long a packet may stay partly filled, 0 for never
     */
    public MpscPacketFlusher(String sessionName, TraceFiles files, int stripeCount, int capacity, long flushIntervalNanos,
            Reporter reporter) {
        this.reporter = reporter;
        this.queue = new MpscAtomicArrayQueue<>(Math.max(2, capacity));
        this.stripes = new Stripe[stripeCount];
        this.channels = new FileChannel[stripeCount];
        this.files = files;
        this.flushIntervalNanos = flushIntervalNanos;
        this.thread = new Thread(this::run, "waymark-ctf-flusher-" + sessionName);
        thread.setDaemon(true);
    }

    /** Starts the thread once the stripes exist. */
    public void start(Stripe[] allStripes) {
        System.arraycopy(allStripes, 0, stripes, 0, stripes.length);
        stripesToServe = stripes;
        thread.start();
    }

    @Override
    public void sealed(SubBuffer packet) {
        queue.offer(packet); // capacity covers every sub-buffer: cannot fail
        if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    /** Packets that could not be written (I/O errors); their events are lost. */
    public long unwrittenEvents() {
        return writeFailures.get();
    }

    /** Seals every partly filled packet and waits until everything sealed so far is on disk, at most {@code timeoutMillis}. */
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

    /** Seals and writes everything, closes the files and ends the thread; waits at most {@code timeoutMillis}. */
    public void close(long timeoutMillis) {
        closing = true;
        LockSupport.unpark(thread);
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long nextPeriodic = System.nanoTime() + flushIntervalNanos;
        while (true) {
            drain();
            if (closing) {
                break;
            }
            long requested = flushRequests.get();
            if (requested != flushesDone) {
                sealAll(0, false);
                drain();
                flushesDone = requested;
                continue;
            }
            long now = System.nanoTime();
            if (flushIntervalNanos > 0 && now - nextPeriodic >= 0) {
                sealAll(flushIntervalNanos, true);
                nextPeriodic = now + flushIntervalNanos;
                continue;
            }
            sleeping = true;
            if (queue.isEmpty() && !closing && flushRequests.get() == flushesDone) {
                long wait = flushIntervalNanos > 0 ? Math.max(0, nextPeriodic - now) : TimeUnit.MILLISECONDS.toNanos(100);
                LockSupport.parkNanos(this, wait);
            }
            sleeping = false;
        }
        // Closing: no stripe takes events any more; seal what is left (and report discards), write it all.
        for (Stripe stripe : stripesToServe) {
            stripe.lock();
            try {
                stripe.close();
                drainWhile(stripe);
            } finally {
                stripe.unlock();
            }
        }
        drain();
        flushesDone = flushRequests.get();
        for (FileChannel channel : channels) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    reportFailure(e);
                }
            }
        }
    }

    /** Seals the stripe's packet; if the ring is full of unwritten packets, writes them first (we hold the stripe). */
    private void drainWhile(Stripe stripe) {
        if (!stripe.sealIfDue(System.nanoTime(), 0)) {
            drain();
            stripe.sealIfDue(System.nanoTime(), 0);
        }
    }

    private void sealAll(long minAge, boolean tryOnly) {
        long now = System.nanoTime();
        for (Stripe stripe : stripesToServe) {
            if (tryOnly) {
                if (!stripe.tryLock()) {
                    continue; // in use right now: it is alive, seal it next time
                }
            } else {
                stripe.lock();
            }
            try {
                stripe.sealIfDue(now, minAge);
            } finally {
                stripe.unlock();
            }
        }
    }

    private void drain() {
        SubBuffer packet;
        while ((packet = queue.poll()) != null) {
            write(packet);
        }
    }

    private void write(SubBuffer packet) {
        Stripe stripe = packet.stripe();
        try {
            FileChannel channel = channels[stripe.index()];
            if (channel == null) {
                // created on its first packet, never opened if it exists: a file planted there (a link) is not written
                channel = files.create(CtfLayout.STREAM_FILE_PREFIX + stripe.index());
                channels[stripe.index()] = channel;
            }
            ByteBuffer content = packet.content();
            while (content.hasRemaining()) {
                channel.write(content);
            }
        } catch (IOException | RuntimeException e) {
            writeFailures.addAndGet(packet.events());
            reportFailure(e);
        } finally {
            stripe.release();
        }
    }

    private void reportFailure(Exception e) {
        if (!reportedFailure) {
            reportedFailure = true;
            reporter.error("CTF backend: cannot write to " + files.directory() + "; events are being lost (counted by "
                    + "CtfBackend.unwrittenEvents()): free space or fix the directory's permissions", e);
        }
    }
}
