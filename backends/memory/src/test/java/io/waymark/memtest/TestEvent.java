package io.waymark.memtest;

import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.wire.EventDecoder;
import io.waymark.spi.wire.RecordEncoder;
import java.util.Arrays;

/** Hand-made {@link Event}s in the canonical encoding, to drive a backend directly without a session. */
public final class TestEvent {

    /** The thread id every test event carries. */
    public static final long THREAD_ID = 7;

    private TestEvent() {}

    public static Event of(EventType type, long timestampNanos, Object... values) {
        byte[] record = RecordEncoder.encode(type, 0, timestampNanos, THREAD_ID, Arrays.asList(values));
        return new EventDecoder().wrap(type, record, 0);
    }
}
