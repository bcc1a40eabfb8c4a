package io.waymark.backend.memory;

import io.waymark.spi.Backend;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.DiscardReason;
import io.waymark.spi.Event;
import io.waymark.spi.ProviderDescriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A backend that keeps every event it receives in memory, as an immutable {@link RecordedEvent}, for
 * tests and tools. Obtain it from a session created with the {@code "memory"} backend:
 *
 * <pre>{@code
 * MemoryBackend backend = (MemoryBackend) session.backend();
 * List<RecordedEvent> placed = backend.events("shop.orders:orderPlaced");
 * }</pre>
 *
 * <p><b>Bounded.</b> It keeps the <em>first</em> {@link #capacity()} events and counts every later
 * one as discarded ({@link DiscardReason#BUFFER_FULL}, in the session's statistics): the start of a run is
 * what a test usually asserts on, and memory stays bounded when a tracepoint fires in a loop. The session's
 * statistics also count what the runtime discarded before this backend saw it:
 * {@code session.statistics().discardedEvents()} is the number to assert is 0.
 *
 * <p><b>Lock-free.</b> {@link #onEvent} never blocks and never throws for a full backend: it copies the
 * event, then claims the next slot with an atomic increment and writes the copy into it. Slots live in
 * chunks allocated on first use, so a large capacity costs memory only when it is used. A reader
 * ({@link #events()}) may find a slot that a concurrent {@code onEvent} has claimed but not yet
 * written; it waits for that write for at most a few milliseconds (the window is a handful of
 * instructions unless the writer is descheduled) and otherwise leaves the event out of that snapshot.
 * Once the emitting threads have returned from their tracepoint calls, every snapshot is complete.
 *
 * <p>Events arrive in the order their slots were claimed, which is each thread's program order;
 * events of different threads interleave as they raced.
 */
public final class MemoryBackend implements Backend {

    /** Slots per lazily allocated chunk. */
    private static final int CHUNK_SIZE = 1024;
    /** How long a reader waits for a claimed slot to be written before leaving it out of a snapshot. */
    private static final long SLOT_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final ClockAnchor clock;
    private final int capacity;
    private final Map<String, ProviderDescriptor> providers = new LinkedHashMap<>();
    private volatile Storage storage;
    private volatile boolean closed;

    /**
     * A backend keeping at most {@code capacity} events. Sessions create it through
     * {@link MemoryBackendFactory}; tests of other backends may create one directly.
     *
     * @param clock the session's clock anchor, which turns event timestamps into {@link RecordedEvent#time()}
     * @param capacity how many events to keep, at least 1
     * @throws IllegalArgumentException when {@code capacity} is not positive
     */
    public MemoryBackend(ClockAnchor clock, int capacity) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
        this.storage = new Storage(capacity);
    }

    /** Records the event, or counts it as discarded when the backend is full; ignores it once closed. */
    @Override
    public void onEvent(Event event) {
        if (closed) {
            return;
        }
        Storage current = storage;
        if (current.claimed.get() >= capacity) { // full: do not even copy
            current.dropped.increment();
            return;
        }
        // Copy before claiming, so that the claimed-but-unwritten window readers may see is tiny.
        RecordedEvent recorded = RecordedEvent.copyOf(event, clock);
        long index = current.claimed.getAndIncrement();
        if (index >= capacity) {
            current.dropped.increment();
            return;
        }
        current.chunk((int) (index / CHUNK_SIZE)).set((int) (index % CHUNK_SIZE), recorded);
    }

    /** Remembers the provider; a restarted session announces its providers again, which is harmless. */
    @Override
    public void onProviderRegistered(ProviderDescriptor provider, int providerIndex) {
        synchronized (providers) {
            providers.put(provider.name(), provider);
        }
    }

    /**
     * Ignores every event from now on (one already inside {@link #onEvent} on another thread may still
     * land); what was recorded stays readable.
     */
    @Override
    public void close() {
        closed = true;
    }

    /** The events recorded so far, in arrival order: an immutable snapshot. */
    public List<RecordedEvent> events() {
        return collect(null);
    }

    /**
     * The recorded events whose {@link RecordedEvent#qualifiedName()} is exactly {@code qualifiedName}
     * (for example {@code "shop.orders:orderPlaced"}), in arrival order: an immutable snapshot.
     */
    public List<RecordedEvent> events(String qualifiedName) {
        return collect(Objects.requireNonNull(qualifiedName, "qualifiedName"));
    }

    private List<RecordedEvent> collect(String qualifiedName) {
        Storage current = storage;
        int count = (int) Math.min(current.claimed.get(), capacity);
        List<RecordedEvent> result = new ArrayList<>(qualifiedName == null ? count : 16);
        for (int i = 0; i < count; i++) {
            RecordedEvent event = current.awaitSlot(i);
            if (event != null && (qualifiedName == null || event.qualifiedName().equals(qualifiedName))) {
                result.add(event);
            }
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * How many events arrived after the backend was full and were not kept.
     *
     * @deprecated the session's statistics count every discarded event, also those the runtime discarded
     *     before this backend saw them: {@code session.statistics().discardedEvents()}, or
     *     {@link #discardedEvents(DiscardReason)} with {@link DiscardReason#BUFFER_FULL} for this backend's own
     */
    @Deprecated
    public long droppedEvents() {
        return discardedEvents();
    }

    /** How many events arrived after the backend was full and were not kept: all {@link DiscardReason#BUFFER_FULL}. */
    @Override
    public long discardedEvents() {
        return storage.dropped.sum();
    }

    /** {@link #discardedEvents()} for {@link DiscardReason#BUFFER_FULL}, the only reason this backend discards for. */
    @Override
    public long discardedEvents(DiscardReason reason) {
        return reason == DiscardReason.BUFFER_FULL ? discardedEvents() : 0;
    }

    /** How many events this backend keeps now: at most {@link #capacity()} (exact once the emitting threads are quiet). */
    @Override
    public long recordedEvents() {
        return Math.min(storage.claimed.get(), capacity);
    }

    /** How many events this backend keeps at most. */
    public int capacity() {
        return capacity;
    }

    /**
     * Forgets every recorded event and resets {@link #recordedEvents()} and {@link #discardedEvents()}; the
     * providers are kept (the session's statistics keep what the runtime counted). Meant for
     * quiescent use, between tests, while no tracepoint fires: an event racing with {@code clear()} may
     * end up either recorded or forgotten.
     */
    public void clear() {
        storage = new Storage(capacity); // racing writers finish in the old storage, which is discarded
    }

    /** The providers the session told this backend about, in the order it first heard of them. */
    public List<ProviderDescriptor> providers() {
        synchronized (providers) {
            return List.copyOf(providers.values());
        }
    }

    /** The session's clock anchor: {@link ClockAnchor#toInstant(long)} turns a timestamp into wall-clock time. */
    public ClockAnchor clock() {
        return clock;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        Storage current = storage;
        return "MemoryBackend[capacity=" + capacity + ", recorded=" + Math.min(current.claimed.get(), capacity)
                + ", discarded=" + current.dropped.sum() + (closed ? ", closed]" : "]");
    }

    /** The slots and counters, replaced as a whole by {@link #clear()}. */
    private static final class Storage {
        final AtomicLong claimed = new AtomicLong();
        final LongAdder dropped = new LongAdder();
        final AtomicReferenceArray<AtomicReferenceArray<RecordedEvent>> chunks;

        Storage(int capacity) {
            chunks = new AtomicReferenceArray<>((int) ((capacity + (long) CHUNK_SIZE - 1) / CHUNK_SIZE));
        }

        /** The chunk, allocated by whichever thread needs it first (the losers of the race drop theirs). */
        AtomicReferenceArray<RecordedEvent> chunk(int index) {
            AtomicReferenceArray<RecordedEvent> chunk = chunks.get(index);
            if (chunk == null) {
                AtomicReferenceArray<RecordedEvent> created = new AtomicReferenceArray<>(CHUNK_SIZE);
                chunk = chunks.compareAndExchange(index, null, created);
                if (chunk == null) {
                    chunk = created;
                }
            }
            return chunk;
        }

        /** The event in a claimed slot, waiting briefly for its writer; {@code null} if it does not finish in time. */
        RecordedEvent awaitSlot(int index) {
            RecordedEvent event = read(index);
            if (event != null) {
                return event;
            }
            long deadline = System.nanoTime() + SLOT_WAIT_NANOS;
            for (int spins = 0; System.nanoTime() - deadline < 0; spins++) {
                if (spins < 100) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield(); // the writer may be descheduled: let it run
                }
                event = read(index);
                if (event != null) {
                    return event;
                }
            }
            return null;
        }

        private RecordedEvent read(int index) {
            AtomicReferenceArray<RecordedEvent> chunk = chunks.get(index / CHUNK_SIZE);
            return chunk == null ? null : chunk.get(index % CHUNK_SIZE);
        }
    }
}
