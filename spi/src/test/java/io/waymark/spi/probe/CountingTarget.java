package io.waymark.spi.probe;

import io.waymark.spi.DiscardCounter;
import io.waymark.spi.DiscardReason;
import io.waymark.spi.Event;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** A dispatch target that counts the probe's discards by reason, as a session's statistics do. */
public final class CountingTarget implements ProbeTarget {

    private final Consumer<Event> events;
    private final Map<DiscardReason, AtomicLong> discards = new ConcurrentHashMap<>();
    private final DiscardCounter counter = reason -> discards.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();

    public CountingTarget(Consumer<Event> events) {
        this.events = events;
    }

    @Override
    public void dispatch(Event event) {
        events.accept(event);
    }

    @Override
    public DiscardCounter discards() {
        return counter;
    }

    /** Events discarded for {@code reason} so far. */
    public long discarded(DiscardReason reason) {
        AtomicLong count = discards.get(reason);
        return count == null ? 0 : count.get();
    }

    /** Events discarded so far, over every reason. */
    public long discarded() {
        return discards.values().stream().mapToLong(AtomicLong::get).sum();
    }
}
