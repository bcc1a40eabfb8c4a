package io.waymark.spi.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.DiscardReason;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.wire.EventWriter;
import io.waymark.spi.wire.RecordSink;
import io.waymark.spi.wire.ThreadWriters;
import io.waymark.spi.wire.WireFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The probe contract as generated code uses it, driven by hand. */
class ProbeTest {

    private static EventType type(String provider, FieldDescriptor... fields) {
        return new EventType(provider, "e", 1, Stability.STABLE, Level.INFO, List.of(fields));
    }

    private static Probe register(EventType type) {
        return ProbeRegistry.register(new ProviderDescriptor(type.provider(), "test.Iface", List.of(type)))[0];
    }

    private static boolean on(Probe probe) throws Throwable {
        return (boolean) probe.enabledHandle().invokeExact();
    }

    @Test
    void switchFlipsWithTheTarget() throws Throwable {
        Probe probe = register(type("spitest.switch"));
        assertFalse(on(probe));
        Probe.update(Map.of(probe, record -> {}));
        assertTrue(on(probe));
        assertTrue(probe.isEnabled());
        Probe.update(Map.of(probe, ProbeTarget.NONE));
        assertFalse(on(probe));
        assertEquals(ProbeTarget.NONE, probe.target());
    }

    private static EventWriter beginThroughHandle(Probe probe) throws Throwable {
        return (EventWriter) probe.beginHandle().invokeExact();
    }

    /** A target offering {@code sink} for in-place writing. */
    private static ProbeTarget offering(RecordSink sink) {
        return new ProbeTarget() {
            @Override
            public void dispatch(io.waymark.spi.Event event) {}

            @Override
            public RecordSink recordSink(EventType type, int providerIndex) {
                return sink;
            }
        };
    }

    /** A sink that notes each committed record as {@code name type identityWord}. */
    private static RecordSink noting(String name, List<String> claims) {
        return record -> claims.add(name + " " + record.type().provider() + " " + Integer.toHexString(
                java.nio.ByteBuffer.wrap(record.recordBytes()).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .getInt(record.recordStart() + WireFormat.PROVIDER_OFFSET)));
    }

    @Test
    void theBeginHandleCommitsToTheCurrentTargetsSinkWithTheProbesIdentity() throws Throwable {
        Probe probe = register(type("spitest.sink", FieldDescriptor.of("n", FieldType.INT)));
        String identity = Integer.toHexString(WireFormat.identityWord(probe.providerIndex(), probe.type().id()));
        List<String> claims = new ArrayList<>();
        List<Integer> delivered = new ArrayList<>();
        RecordSink first = noting("first", claims);
        RecordSink second = noting("second", claims);

        Probe.update(Map.of(probe, offering(first)));
        assertSame(first, probe.recordSink());
        EventWriter toFirst = beginThroughHandle(probe);
        toFirst.putInt(1);
        probe.commit(toFirst);
        Probe.update(Map.of(probe, offering(second)));
        EventWriter toSecond = beginThroughHandle(probe);
        toSecond.putInt(2);
        probe.commit(toSecond); // re-targeted while on
        assertEquals(List.of("first spitest.sink " + identity, "second spitest.sink " + identity), claims);

        Probe.update(Map.of(probe, event -> delivered.add(event.getInt(0))));
        assertNull(probe.recordSink());
        EventWriter own = beginThroughHandle(probe);
        assertNotNull(own, "a target without a sink: the thread's own writer");
        own.putInt(7);
        probe.commit(own);
        assertEquals(List.of(7), delivered, "an own writer's event is dispatched");

        Probe.update(Map.of(probe, offering(first)));
        Probe.update(Map.of(probe, ProbeTarget.NONE));
        assertNull(probe.recordSink(), "off again: the sink is let go");
        EventWriter afterOff = beginThroughHandle(probe);
        assertNotNull(afterOff, "a caller that raced with turning off gets an own writer");
        afterOff.putInt(8);
        probe.commit(afterOff);
        assertEquals(2, claims.size(), "no commit to a sink after it was let go");
        assertEquals(List.of(7), delivered, "nothing dispatched once off");
    }

    @Test
    void anEventTooLargeForTheFormatIsDroppedAndItsWriterFreed() {
        Probe probe = register(type("spitest.overflow", FieldDescriptor.of("raw", FieldType.BYTES)));
        List<Integer> delivered = new ArrayList<>();
        CountingTarget target = new CountingTarget(event -> delivered.add(event.getBytes(0).length));
        Probe.update(Map.of(probe, target));
        for (int i = 0; i <= ThreadWriters.MAX_DEPTH; i++) { // more than a thread's writers: each must be freed
            EventWriter record = probe.begin();
            assertNotNull(record, "event " + i + ": the writer of the dropped event before it was freed");
            record.putBytes(new byte[WireFormat.MAX_RECORD_SIZE]);
            probe.commit(record);
        }
        assertEquals(ThreadWriters.MAX_DEPTH + 1, target.discarded(DiscardReason.EVENT_TOO_LARGE));
        assertEquals(ThreadWriters.MAX_DEPTH + 1, target.discarded(), "counted once each, for that reason only");
        EventWriter record = probe.begin();
        record.putBytes(new byte[3]);
        probe.commit(record);
        Probe.update(Map.of(probe, ProbeTarget.NONE));
        assertEquals(List.of(3), delivered, "only the event that fits is delivered");
    }

    @Test
    void recordCarriesEveryTypeAndChecksAccessorTypes() {
        Probe probe = register(type("spitest.types", FieldDescriptor.of("z", FieldType.BOOLEAN), FieldDescriptor.of("b", FieldType.BYTE),
                FieldDescriptor.of("s", FieldType.SHORT), FieldDescriptor.of("c", FieldType.CHAR), FieldDescriptor.of("i", FieldType.INT),
                FieldDescriptor.of("j", FieldType.LONG), FieldDescriptor.of("f", FieldType.FLOAT), FieldDescriptor.of("d", FieldType.DOUBLE),
                FieldDescriptor.of("str", FieldType.STRING), FieldDescriptor.ofEnum("e", "x.E", List.of("A", "B")),
                FieldDescriptor.of("raw", FieldType.BYTES)));
        List<String> seen = new ArrayList<>();
        byte[] raw = {9};
        Probe.update(Map.of(probe, record -> {
            seen.add(record.getBoolean(0) + " " + record.getByte(1) + " " + record.getShort(2) + " " + record.getChar(3) + " "
                    + record.getInt(4) + " " + record.getLong(5) + " " + record.getFloat(6) + " " + record.getDouble(7) + " "
                    + record.getString(8) + " " + record.getEnumOrdinal(9) + record.getEnumLabel(9) + " " + java.util.Arrays.equals(record.getBytes(10), raw)
                    + " " + record.threadName().equals(Thread.currentThread().getName()));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> record.getInt(5));
            seen.add(e.getMessage());
        }));
        EventWriter record = probe.begin();
        record.putBoolean(true);
        record.putByte((byte) -1);
        record.putShort((short) -300);
        record.putChar('é');
        record.putInt(Integer.MIN_VALUE);
        record.putLong(Long.MAX_VALUE);
        record.putFloat(1.5f);
        record.putDouble(-0.25);
        record.putString("s");
        record.putEnum(Thread.State.RUNNABLE); // ordinal 1
        record.putBytes(raw);
        probe.commit(record);
        Probe.update(Map.of(probe, ProbeTarget.NONE));
        assertEquals(List.of("true -1 -300 é -2147483648 9223372036854775807 1.5 -0.25 s 1B true true",
                "field 5 'j' of spitest.types:e is LONG, not INT"), seen);
    }

    @Test
    void nestedEventsGetTheirOwnRecordUpToTheDepthLimit() {
        Probe probe = register(type("spitest.nested", FieldDescriptor.of("n", FieldType.INT)));
        List<Integer> delivered = new ArrayList<>();
        CountingTarget target = new CountingTarget(event -> delivered.add(event.getInt(0)));
        Probe.update(Map.of(probe, target));
        List<EventWriter> open = new ArrayList<>();
        for (int depth = 0; depth < ThreadWriters.MAX_DEPTH; depth++) {
            EventWriter record = probe.begin();
            record.putInt(depth);
            open.add(record);
        }
        assertNull(probe.begin(), "one more than MAX_DEPTH is dropped");
        assertEquals(1, target.discarded(DiscardReason.NESTING_TOO_DEEP));
        assertEquals(1, target.discarded());
        for (int i = open.size() - 1; i >= 0; i--) {
            probe.commit(open.get(i));
        }
        Probe.update(Map.of(probe, ProbeTarget.NONE));
        assertEquals(List.of(3, 2, 1, 0), delivered, "nested writers do not overwrite each other");
        EventWriter again = probe.begin();
        assertTrue(again != null, "writers given back are reused");
        probe.commit(again);
    }

    @Test
    void throwingTargetNeverReachesTheCaller() {
        Probe probe = register(type("spitest.throwing"));
        CountingTarget target = new CountingTarget(record -> {
            throw new IllegalStateException("broken runtime");
        });
        Probe.update(Map.of(probe, target));
        probe.commit(probe.begin());
        Probe.update(Map.of(probe, ProbeTarget.NONE));
        assertEquals(1, target.discarded(DiscardReason.TRACER_ERROR));
        EventWriter again = probe.begin();
        assertTrue(again != null, "the writer was given back despite the failure");
        probe.commit(again);
    }

    @Test
    void lateSubscribersGetEveryProviderReplayedThenNewOnes() {
        register(type("spitest.before"));
        List<String> seen = new ArrayList<>();
        ProbeRegistry.subscribe(provider -> seen.add(provider.descriptor().name()));
        assertTrue(seen.contains("spitest.before"));
        register(type("spitest.after"));
        assertEquals("spitest.after", seen.get(seen.size() - 1));
    }
}
