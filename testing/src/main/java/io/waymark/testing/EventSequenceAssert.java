package io.waymark.testing;

import io.waymark.backend.memory.RecordedEvent;
import io.waymark.spi.DiscardReason;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions on a snapshot of the events a {@link TraceRecorder} recorded, walked in arrival order
 * from the first one: {@link #next(String)} checks the next event and returns an {@link EventAssert}
 * on it, {@link #noMore()} checks that nothing follows.
 *
 * <pre>{@code
 * trace.assertEvents()
 *      .count("shop.orders:cacheMiss", 0)
 *      .next("shop.orders:orderPlaced").field("orderId", 42L)
 *      .next("shop.orders:orderShipped")
 *      .noMore();
 * }</pre>
 *
 * <p>The snapshot is taken by {@link TraceRecorder#assertEvents()}; events recorded later are not
 * seen. Failures are {@link org.opentest4j.AssertionFailedError}s listing the snapshot.
 */
public final class EventSequenceAssert {

    private final List<RecordedEvent> events;
    private final Map<DiscardReason, Long> discarded;
    private final int capacity;
    private int position; // index of the next event to check

    EventSequenceAssert(List<RecordedEvent> events, Map<DiscardReason, Long> discarded, int capacity) {
        this.events = events;
        this.discarded = discarded;
        this.capacity = capacity;
    }

    /**
     * Asserts that the next event, in arrival order, is called {@code qualifiedName} (for example
     * {@code "shop.orders:orderPlaced"}), and moves past it.
     */
    public EventAssert next(String qualifiedName) {
        Objects.requireNonNull(qualifiedName, "qualifiedName");
        if (position >= events.size()) {
            String recorded = events.isEmpty() ? "no events were recorded"
                    : "only " + events.size() + (events.size() == 1 ? " was" : " were") + " recorded";
            throw failure("expected event #" + (position + 1) + " to be " + qualifiedName + ", but " + recorded,
                    qualifiedName, null, -1);
        }
        RecordedEvent event = events.get(position);
        if (!event.qualifiedName().equals(qualifiedName)) {
            throw failure("expected event #" + (position + 1) + " to be " + qualifiedName + ", but it was " + event,
                    qualifiedName, event.qualifiedName(), position);
        }
        return new EventAssert(this, event, ++position);
    }

    /** Asserts that no event follows the last one checked (or that none was recorded, if none was checked). */
    public void noMore() {
        if (position < events.size()) {
            int more = events.size() - position;
            String was = more == 1 ? " was" : " were";
            throw failure((position == 0 ? "expected no events, but " + more + was
                    : "expected no more events after #" + position + ", but " + more + " more" + was)
                    + " recorded, starting with " + events.get(position), "no more events", more + " more", position);
        }
        long lost = Report.total(discarded);
        if (lost > 0) {
            long full = discarded.getOrDefault(DiscardReason.BUFFER_FULL, 0L);
            throw failure("expected no more events after #" + position + ", but " + lost + " more "
                    + (full == lost ? "arrived after the recorder was full" : (lost == 1 ? "was" : "were") + " discarded ("
                    + Report.reasons(discarded) + ")"), "no more events", lost + " discarded", -1);
        }
    }

    /** Asserts that exactly {@code expected} of all the recorded events are called {@code qualifiedName}. */
    public EventSequenceAssert count(String qualifiedName, int expected) {
        Objects.requireNonNull(qualifiedName, "qualifiedName");
        long actual = events.stream().filter(e -> e.qualifiedName().equals(qualifiedName)).count();
        if (actual != expected) {
            throw failure("expected " + expected + " event" + (expected == 1 ? " " : "s ") + qualifiedName + ", but "
                    + actual + (actual == 1 ? " was" : " were") + " recorded", expected, actual, -1);
        }
        return this;
    }

    /** The snapshot under assertion, in arrival order. */
    public List<RecordedEvent> events() {
        return events;
    }

    /** The first event called {@code qualifiedName}; the sequence continues after it. For {@link TraceRecorder#assertFired}. */
    EventAssert first(String qualifiedName) {
        Objects.requireNonNull(qualifiedName, "qualifiedName");
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).qualifiedName().equals(qualifiedName)) {
                position = i + 1;
                return new EventAssert(this, events.get(i), position);
            }
        }
        throw failure("expected " + qualifiedName + " to fire, but it did not", qualifiedName, null, -1);
    }

    AssertionFailedError failure(String message, Object expected, Object actual, int highlight) {
        return Report.failure(message, expected, actual, events, discarded, capacity, highlight);
    }
}
