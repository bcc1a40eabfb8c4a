package io.waymark.spi.wire;

import io.waymark.spi.DiscardCounter;
import io.waymark.spi.DiscardReason;
import io.waymark.spi.EventType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which {@link EventWriter} a thread encodes its next event into: the per-thread lifecycle of writers.
 *
 * <p>A platform thread owns one writer per nesting depth, up to {@link #MAX_DEPTH}, held by a
 * {@link ThreadLocal} and found through a table by thread id of weak references (fewer loads, nothing kept
 * alive); an event that would need a deeper one (a backend recursing into tracepoints) is
 * discarded ({@link DiscardReason#NESTING_TOO_DEEP}). A virtual thread (Java 21 and later) owns none: it
 * borrows one of a pool for the duration of one event ({@link VirtualThreadWriters}), so that millions of
 * virtual threads neither allocate a writer each nor contend. An event is {@link #begin begun} on a writer, its
 * fields are put by generated code, it is {@link #finish finished} (handed to the sink, or to be dispatched), and
 * the writer is {@link #giveBack given back}: free for the thread's next event, or back in the pool.
 *
 * <p>Each writer has a <em>lane</em> ({@link EventWriter#lane()}), given round-robin when it is created (a
 * thread's nested writers share its lane): a sink with several streams picks the writer's home stream by
 * it, so the first threads to emit get distinct streams whatever their ids.
 *
 * <p>For {@code Probe} (which binds {@link #begin(RecordSink, DiscardCounter, EventType, int)} into its begin
 * handle), tools and tests; generated code never calls this class.
 */
public final class ThreadWriters {

    /** How many events one thread may have in flight at once (nested from backends). */
    public static final int MAX_DEPTH = 4;

    /** Holds each platform thread's depth-0 writer, strongly, for as long as the thread lives (its map dies with it). */
    private static final ThreadLocal<EventWriter> CURRENT = ThreadLocal.withInitial(() -> new EventWriter(0, nextLane()));
    /**
     * Platform threads' depth-0 writers by {@code id & (length - 1)}, reached through weak references: the fast way
     * to a thread's writer (fewer dependent loads than the {@code ThreadLocal}'s map, which the claim's clock read
     * waits for), that keeps nothing alive. An ended thread's writer is held only by its slot's weak reference, so
     * it, its thread and that thread's context class loader can be collected (a strong table pinned them: a leak
     * on redeploy). A slot is taken by the first thread to find it empty or cleared; a thread whose slot another
     * thread's writer holds takes the {@code ThreadLocal}.
     */
    private static final WeakReference<?>[] BY_ID = new WeakReference<?>[1024];
    /** Hands out lanes round-robin. */
    private static final AtomicInteger LANES = new AtomicInteger();
    /** Writers created since the JVM started: one per platform thread and nesting depth, plus the virtual-thread pool. */
    private static final AtomicLong CREATED = new AtomicLong();
    /** {@code Thread.isVirtual()} on Java 21 and later, {@code null} before: a constant, so the JIT folds the test. */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private ThreadWriters() {}

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null; // Java 17 to 20: every thread is a platform thread
        }
    }

    /** The next writer's lane. */
    static int nextLane() {
        return LANES.getAndIncrement() & Integer.MAX_VALUE;
    }

    /** Counts a writer made (see {@link #writersCreated()}). */
    static void created() {
        CREATED.incrementAndGet();
    }

    /** Writers created since the JVM started (for tests: virtual threads must not create one each). */
    static long writersCreated() {
        return CREATED.get();
    }

    /**
     * Counts one event discarded on the emitting side, for {@code reason}, in {@code discards} (the probe's,
     * bound when its target was set). Never throws.
     */
    public static void discarded(DiscardCounter discards, DiscardReason reason) {
        try {
            discards.discarded(reason);
        } catch (Throwable ignored) {
            // a broken counter: the event is discarded either way, and the application must not see it
        }
    }

    /**
     * Starts an event on the calling thread's own writer and writes its header (its timestamp is read
     * now); {@code null} when it must be discarded. Never throws. Counts nothing (no counter is bound):
     * for tools and tests; the probe calls {@link #begin(RecordSink, DiscardCounter, EventType, int)}.
     *
     * @param eventType the writer's schema of the event
     * @param identityWord {@link WireFormat#identityWord(int, int)} of the event
     */
    public static EventWriter begin(EventType eventType, int identityWord) {
        return begin(null, DiscardCounter.NONE, eventType, identityWord);
    }

    /**
     * Starts an event on the calling thread's writer and writes its header, or returns {@code null}
     * when the event must be discarded (counted in {@code discards}, with its reason). Never throws.
     * For {@code Probe}, which binds the four arguments as constants into its begin handle.
     *
     * <p>With a {@code sink}, the writer will hand the record to it at {@link #finish}, and
     * the clock is not read here: the sink stamps the record when it claims room for it (one clock read
     * per event). Without one, the timestamp is read now, and the record is dispatched as an
     * {@link io.waymark.spi.Event}.
     *
     * @param sink where the finished record goes, or {@code null}
     * @param discards where a discard on the emitting side is counted (the probe target's)
     * @param eventType the writer's schema of the event
     * @param identityWord {@link WireFormat#identityWord(int, int)} of the event
     */
    public static EventWriter begin(RecordSink sink, DiscardCounter discards, EventType eventType, int identityWord) {
        try {
            EventWriter writer;
            if (IS_VIRTUAL != null && (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread())) {
                // a virtual thread borrows a writer: millions of them must not each keep one
                writer = VirtualThreadWriters.lend(Thread.currentThread());
                if (writer == null) {
                    discarded(discards, DiscardReason.WRITER_POOL_EXHAUSTED);
                    return null;
                }
            } else {
                writer = platformWriter();
                while (writer.inUse) {
                    writer = nested(writer);
                    if (writer == null) {
                        discarded(discards, DiscardReason.NESTING_TOO_DEEP);
                        return null;
                    }
                }
            }
            writer.start(sink, discards, eventType, identityWord);
            return writer;
        } catch (Throwable t) {
            // Out of memory for a first writer, say: the application must never see it.
            discarded(discards, DiscardReason.TRACER_ERROR);
            return null;
        }
    }

    /**
     * Completes {@code writer}'s record: {@code true} when it must be dispatched as an {@link io.waymark.spi.Event}
     * (then {@link #giveBack} follows), {@code false} when there is nothing to dispatch: the record went to the sink
     * bound at {@link #begin(RecordSink, DiscardCounter, EventType, int) begin}, or was discarded (larger than the
     * format allows: {@link DiscardReason#EVENT_TOO_LARGE}; the sink threw: {@link DiscardReason#BACKEND_FAILED}),
     * and the writer was given back. Never throws. For {@code Probe}.
     */
    public static boolean finish(EventWriter writer) {
        return writer.finish();
    }

    /** Gives {@code writer} back once its event ended: to its thread for the next event, or to the pool. For {@code Probe}. */
    public static void giveBack(EventWriter writer) {
        writer.giveBack();
    }

    /** The calling platform thread's depth-0 writer: from {@link #BY_ID} when its slot holds it, else {@link #missed}. */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    private static EventWriter platformWriter() {
        Thread t = Thread.currentThread();
        int i = (int) t.getId() & (BY_ID.length - 1);
        WeakReference<?> slot = BY_ID[i];
        if (slot != null && slot.get() instanceof EventWriter w && w.thread == t) { // the thread, not its id: ids may be reused
            return w;
        }
        return missed(t, i);
    }

    /**
     * The {@code ThreadLocal}'s writer, entered into slot {@code i} of {@link #BY_ID} when the slot is empty or its
     * writer was collected (a plain store: a racing thread at worst sends another back here once). A thread that
     * found the slot held by another writer does not look again ({@code collided}): no allocation per event.
     */
    private static EventWriter missed(Thread t, int i) {
        EventWriter w = CURRENT.get();
        if (!w.collided) {
            WeakReference<?> slot = BY_ID[i];
            if (slot == null || slot.get() == null) {
                BY_ID[i] = new WeakReference<>(w);
            } else {
                w.collided = true;
            }
        }
        return w;
    }

    /** The writer one level deeper than {@code writer} (made on first use, same lane), or {@code null} beyond {@link #MAX_DEPTH}. */
    private static EventWriter nested(EventWriter writer) {
        EventWriter deeper = writer.nested;
        if (deeper == null) {
            if (writer.depth + 1 >= MAX_DEPTH) {
                return null;
            }
            deeper = writer.nested = new EventWriter(writer.depth + 1, writer.lane);
        }
        return deeper;
    }
}
