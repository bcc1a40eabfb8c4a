package io.waymark.backend.otel;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.waymark.backend.otel.internal.ArgumentWriters;
import io.waymark.backend.otel.internal.EventRing;
import io.waymark.backend.otel.internal.LogRecordMapper;
import io.waymark.backend.otel.internal.Pipeline;
import io.waymark.backend.otel.internal.RateLimitedReporter;
import io.waymark.backend.otel.internal.RateLimitedReporter.Kind;
import io.waymark.spi.Backend;
import io.waymark.spi.DiscardReason;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.wire.WireFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One session's export of events as OpenTelemetry log records (see {@link OtelBackendFactory} for the
 * settings and {@code docs/otel-backend.md} for the mapping and what is counted).
 *
 * <p>The emitting thread takes a preallocated slot ({@link EventRing}, a pool and a queue of JCTools), writes
 * the tracepoint's arguments, its clock, thread and current span context into it ({@link #argumentConsumer};
 * or, on the encoded path, copies the event's canonical record) and hands it over: no lock, no wait, no
 * allocation. No free slot drops the event and counts it. One export thread per session takes the events,
 * builds their log records and, with the backend's own pipeline, exports them in
 * batches and waits for each answer, so that every event ends either delivered or counted as discarded.
 */
public final class OtelBackend implements Backend {

    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final String sessionName;
    private final EventRing ring;
    private final Pipeline pipeline;
    private final LogRecordMapper mapper;
    private final int batchSize;
    private final long exportIntervalNanos;
    private final long exportTimeoutNanos;
    private final long closeTimeoutMillis;
    private final RateLimitedReporter reporter;
    private final Thread exportThread;
    private final Thread shutdownHook;

    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong handedOver = new AtomicLong();
    /** Events the destination did not take: export errors, no answer in time, rejected, left when closing gave up. */
    private final AtomicLong exportLost = new AtomicLong();
    /** Events that could not be made log records (a bug): the export thread's only writer. */
    private final AtomicLong unmapped = new AtomicLong();
    private final AtomicLong flushRequested = new AtomicLong();
    private volatile long flushDone;
    private volatile boolean closing;
    private volatile boolean abandoned;
    private volatile boolean closed;

    OtelBackend(String sessionName, Pipeline pipeline, LogRecordMapper mapper, int bufferSize, int batchSize,
            long exportIntervalMillis, long exportTimeoutMillis, long closeTimeoutMillis, io.waymark.spi.Reporter reporter) {
        this.sessionName = sessionName;
        this.ring = new EventRing(bufferSize, 256);
        this.pipeline = pipeline;
        this.mapper = mapper;
        this.batchSize = batchSize;
        this.exportIntervalNanos = TimeUnit.MILLISECONDS.toNanos(exportIntervalMillis);
        this.exportTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(exportTimeoutMillis);
        this.closeTimeoutMillis = closeTimeoutMillis;
        this.reporter = new RateLimitedReporter(reporter, "otel backend of session '" + sessionName + "': ", REPORT_INTERVAL_NANOS);
        this.exportThread = new Thread(this::run, "waymark-otel-" + sessionName);
        exportThread.setDaemon(true); // never keeps the JVM alive; the shutdown hook flushes
        exportThread.start();
        this.shutdownHook = new Thread(this::close, "waymark-otel-shutdown-" + sessionName);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Copies the event and the emitting thread's span context into the ring; drops and counts it when full. */
    @Override
    public void onEvent(Event event) {
        if (closed) {
            return; // a late event of a closing session: ignored, as the SPI allows
        }
        // the encoded path: events with view fields, tracepoints compiled before the arguments path, and
        // any tracepoint the runtime does not hand to argumentConsumer
        SpanContext span = Span.current().getSpanContext();
        ring.offer(event, span.isValid() ? span : null);
    }

    /**
     * Takes events of {@code type} straight from the tracepoint's arguments ({@link ArgumentWriters}): the
     * emitting thread claims a slot, stamps it with its clock, thread and current span context and writes
     * the arguments into it, without encoding the canonical record or copying it. {@code null} when the
     * arguments do not match the fields: those events keep the encoded path ({@link #onEvent}).
     */
    @Override
    public MethodHandle argumentConsumer(EventType type, MethodType arguments) {
        if (closed) {
            return null;
        }
        // the same handle each time asked, so that a re-target keeps the tracepoint's compiled code
        return consumers.computeIfAbsent(java.util.List.of(type, arguments), key -> {
            MethodHandle consumer = ArgumentWriters.consumer(ring, type, arguments);
            if (consumer != null) {
                argumentConsumers.incrementAndGet();
            }
            return java.util.Optional.ofNullable(consumer);
        }).orElse(null);
    }

    private final java.util.Map<java.util.List<Object>, java.util.Optional<MethodHandle>> consumers =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Argument consumers handed out (tests check that the runtime's events took the arguments path). */
    int argumentConsumers() {
        return argumentConsumers.get();
    }

    private final java.util.concurrent.atomic.AtomicInteger argumentConsumers = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void onProviderRegistered(ProviderDescriptor provider, int providerIndex) {
        mapper.declare(provider);
    }

    /**
     * Events lost so far: dropped because the buffer was full, too large, that could not be made log records, in
     * batches the collector did not accept (errors, no answer in time, an answer that is no OTLP response),
     * rejected in a partial success, left in the buffer when closing timed out; the sum of
     * {@link #discardedEvents(DiscardReason)}. With the application's pipeline only the buffer's and closing's:
     * its processors' own drops are invisible here. Exact once the session has closed. An event whose copy into
     * the buffer threw is not counted here: the throw reached the runtime, which counts it
     * ({@link DiscardReason#BACKEND_FAILED}).
     */
    @Override
    public long discardedEvents() {
        return ring.dropped() + ring.tooLarge() + unmapped.get() + exportLost.get();
    }

    /**
     * {@link #discardedEvents()} by reason: {@link DiscardReason#BUFFER_FULL} no free slot in the buffer;
     * {@link DiscardReason#EVENT_TOO_LARGE} byte arrays larger together than an event may hold;
     * {@link DiscardReason#WRITE_FAILED} what the collector did not accept (an error, no answer in time, an
     * unreadable answer, a partial rejection) or what was left when closing gave up; {@link DiscardReason#TRACER_ERROR}
     * an event that could not be made a log record (reported: a bug). A copy into the buffer that threw is not
     * counted here: the throw reaches the runtime, which counts the event as {@link DiscardReason#BACKEND_FAILED}.
     */
    @Override
    public long discardedEvents(DiscardReason reason) {
        return switch (reason) {
            case BUFFER_FULL -> ring.dropped();
            case EVENT_TOO_LARGE -> ring.tooLarge();
            case WRITE_FAILED -> exportLost.get();
            case TRACER_ERROR -> unmapped.get();
            default -> 0;
        };
    }

    /** {@link #deliveredEvents()}: what the collector acknowledged, or the application's pipeline was handed. */
    @Override
    public long recordedEvents() {
        return deliveredEvents();
    }

    /**
     * Events the collector acknowledged (the backend's own pipeline); with the application's pipeline,
     * events handed to it.
     */
    public long deliveredEvents() {
        return delivered.get() + handedOver.get();
    }

    /** Whether the events go to the application's OpenTelemetry rather than a pipeline of this backend's. */
    public boolean usesApplicationPipeline() {
        return pipeline instanceof Pipeline.Application;
    }

    @Override
    public Optional<String> destination() {
        return Optional.of(pipeline.describe());
    }

    /**
     * Exports everything received so far and waits for the answer, at most the close timeout
     * ({@code close-timeout-ms}): a session's stop and close call this on the application's thread.
     * The export goes on after a wait that timed out; a {@link #close()} on the same thread less than
     * the close timeout after this returns waits only for what is left of the same close timeout.
     */
    @Override
    public void flush() {
        if (closed || Thread.currentThread() == exportThread) {
            return;
        }
        long started = System.nanoTime();
        long ticket = flushRequested.incrementAndGet();
        LockSupport.unpark(exportThread);
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(closeTimeoutMillis);
        while (flushDone < ticket && exportThread.isAlive() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(IDLE_PARK_NANOS);
        }
        lastFlush = new FlushMark(Thread.currentThread(), started, System.nanoTime());
    }

    /** When a flush began and on which thread: Session.close() flushes and then closes, both within one close timeout. */
    private record FlushMark(Thread thread, long startedNanos, long endedNanos) {}

    private volatile FlushMark lastFlush;

    /**
     * Exports what is buffered and shuts the pipeline down, blocking at most the close timeout
     * ({@code close-timeout-ms}), counted from the start of a {@link #flush()} that returned on this thread
     * less than that long ago (Session.close() flushes first); what is still buffered then is counted as
     * discarded.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing = true;
        }
        ring.close();
        LockSupport.unpark(exportThread);
        long started = System.nanoTime();
        FlushMark flush = lastFlush;
        if (flush != null && flush.thread() == Thread.currentThread()
                && started - flush.endedNanos() < TimeUnit.MILLISECONDS.toNanos(closeTimeoutMillis)) {
            started = flush.startedNanos(); // the flush just before (Session.close()) used part of the budget
        }
        long waitMillis = closeTimeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        try {
            if (waitMillis > 0) { // join(0) would wait forever: 0 means do not wait at all
                exportThread.join(waitMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (exportThread.isAlive()) {
            abandoned = true; // the thread counts what is left and shuts down on its own
            LockSupport.unpark(exportThread);
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already
            }
        }
    }

    private void run() {
        long batchStarted = 0;
        try {
            while (true) {
                long flushTicket = flushRequested.get();
                boolean finishing = closing;
                int taken = drain();
                reportDrops();
                if (abandoned) {
                    break;
                }
                int pending = pipeline.pending();
                if (pending > 0 && batchStarted == 0) {
                    batchStarted = System.nanoTime();
                }
                boolean empty = ring.size() == 0;
                if (pending >= batchSize || (pending > 0 && (empty && (finishing || flushTicket > flushDone)
                        || System.nanoTime() - batchStarted >= exportIntervalNanos))) {
                    export();
                    batchStarted = 0;
                    continue;
                }
                if (empty && pending == 0) {
                    if (flushTicket > flushDone) {
                        pipeline.flush(TimeUnit.NANOSECONDS.toMillis(exportTimeoutNanos));
                        flushDone = flushTicket;
                    }
                    if (finishing) {
                        break;
                    }
                }
                if (taken == 0) {
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                }
            }
        } catch (Throwable t) {
            reporter.lost(Kind.NOT_MAPPED, 0, "the export thread failed (" + t + ")", "please report this as a bug");
        } finally {
            discardRemaining();
            flushDone = Long.MAX_VALUE;
            pipeline.shutdown(abandoned ? 0 : closeTimeoutMillis);
        }
    }

    /** Builds the log records of up to a batch's worth of buffered events. */
    private int drain() {
        int taken = 0;
        while (taken < batchSize && pipeline.pending() < batchSize && !abandoned
                && ring.poll(this::emit)) {
            taken++;
        }
        return taken;
    }

    private void emit(EventRing.Slot slot) {
        io.waymark.spi.EventType type = slot.type;
        try {
            mapper.emit(slot);
            if (usesApplicationPipeline()) {
                handedOver.incrementAndGet();
            }
        } catch (RuntimeException e) {
            unmapped.incrementAndGet();
            reporter.lost(Kind.NOT_MAPPED, 1, "event " + type.qualifiedName() + " could not be made a log record (" + e + ")",
                    "please report this as a bug");
        }
    }

    private long reportedDrops;

    private long reportedFailedCopies;

    private long reportedTooLarge;

    private void reportDrops() {
        long failedCopies = ring.failed();
        if (failedCopies > reportedFailedCopies) {
            reporter.lost(Kind.NOT_MAPPED, failedCopies - reportedFailedCopies, "copying the event into the buffer failed "
                    + "on the emitting thread (an error)", "see the session's backend failures and please report it as a bug");
            reportedFailedCopies = failedCopies;
        }
        long tooLarge = ring.tooLarge();
        if (tooLarge > reportedTooLarge) {
            reporter.lost(Kind.NOT_MAPPED, tooLarge - reportedTooLarge, "events whose byte[] fields were over "
                    + WireFormat.MAX_RECORD_SIZE + " bytes together", "keep byte[] fields smaller");
            reportedTooLarge = tooLarge;
        }
        long dropped = ring.dropped();
        if (dropped > reportedDrops) {
            reporter.lost(Kind.BUFFER_FULL, dropped - reportedDrops, "the buffer was full",
                    "raise the setting '" + OtelBackendFactory.BUFFER_SIZE + "' or check that the collector keeps up");
            reportedDrops = dropped;
        }
    }

    private void export() {
        Pipeline.Outcome outcome = pipeline.export(() -> abandoned);
        delivered.addAndGet(outcome.delivered());
        long lost = outcome.failed() + outcome.rejected();
        if (lost > 0) {
            exportLost.addAndGet(lost);
            Kind kind = outcome.unreadable() ? Kind.UNREADABLE_ANSWER
                    : outcome.rejected() > 0 ? Kind.PARTIALLY_REJECTED : Kind.EXPORT_FAILED;
            reporter.lost(kind, lost, outcome.problem(), kind == Kind.PARTIALLY_REJECTED
                    ? "check the collector's limits and logs" : "check that an OTLP/HTTP collector listens there");
        }
    }

    /** Counts what can no longer be exported: the batch in hand and the buffer's rest. */
    private void discardRemaining() {
        int pending = pipeline.pending();
        if (pending > 0 && abandoned) {
            exportLost.addAndGet(pending);
        } else if (pending > 0) {
            export();
        }
        long[] left = new long[1];
        while (ring.poll(slot -> left[0]++)) {
            // counted below
        }
        exportLost.addAndGet(left[0]);
    }

    @Override
    public String toString() {
        return "OtelBackend[" + sessionName + ", " + pipeline.describe() + "]";
    }
}
