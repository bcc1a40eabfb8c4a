package io.waymark.spi.wire;

import io.waymark.spi.DiscardCounter;
import io.waymark.spi.EventType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.probe.Probe;
import io.waymark.spi.probe.ProbeRegistry;
import io.waymark.spi.probe.ProbeTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Emits events through the real probe and writer, as generated code does, and returns their records. */
final class Emitting {

    private Emitting() {}

    /** Registers a provider of one event type and returns its probe. */
    static Probe register(EventType type) {
        return ProbeRegistry.register(new ProviderDescriptor(type.provider(), "test." + type.provider(), List.of(type)))[0];
    }

    /** Emits one event and returns the record bytes a backend would copy, or {@code null} when none was delivered. */
    static byte[] emit(Probe probe, Consumer<EventWriter> fields) {
        return emit(probe, DiscardCounter.NONE, fields);
    }

    /** {@link #emit(Probe, Consumer)}, counting a discard of the event in {@code discards}. */
    static byte[] emit(Probe probe, DiscardCounter discards, Consumer<EventWriter> fields) {
        List<byte[]> seen = new ArrayList<>();
        Probe.update(Map.of(probe, new ProbeTarget() {
            @Override
            public void dispatch(io.waymark.spi.Event event) {
                byte[] copy = new byte[event.encodedSize()];
                event.copyEncodedTo(copy, 0);
                seen.add(copy);
            }

            @Override
            public DiscardCounter discards() {
                return discards;
            }
        }));
        try {
            EventWriter writer = probe.begin();
            fields.accept(writer);
            probe.commit(writer);
        } finally {
            Probe.update(Map.of(probe, ProbeTarget.NONE));
        }
        return seen.isEmpty() ? null : seen.get(0);
    }
}
