package io.waymark.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.aggregate.Aggregation;
import io.waymark.spi.aggregate.CheckedAggregation;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tables that cannot be made, and a slot left claimed: failures stay the aggregation's own, reported once, never a hang. */
class AggregationRefusalTest {

    private static final EventType HIT = new EventType("agg.test", "hit", 1, Stability.STABLE, Level.INFO, List.of(
            FieldDescriptor.of("a", FieldType.STRING), FieldDescriptor.of("b", FieldType.STRING),
            FieldDescriptor.of("c", FieldType.STRING), FieldDescriptor.of("d", FieldType.STRING), FieldDescriptor.of("n", FieldType.INT)));
    private static final EventType MISS = new EventType("agg.test", "miss", 2, Stability.STABLE, Level.INFO, List.of(
            FieldDescriptor.of("n", FieldType.INT)));

    @Test
    void aTableRefusedAtBindingIsReportedOnceHoweverOftenTracepointsAreRebuilt() {
        SessionAggregation aggregation = new SessionAggregation("s", Aggregation.parse("big = agg.test:* count() by (n)"), 1024, 32,
                () -> 0L); // the heap filled up between the session's creation and its start
        List<String> errors = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (int rebuild = 0; rebuild < 5; rebuild++) {
            assertNull(aggregation.target(HIT, errors::add, refusals::add));
            assertNull(aggregation.target(MISS, errors::add, refusals::add));
        }
        assertEquals(List.of(), errors);
        assertEquals(1, refusals.size(), refusals.toString());
        assertTrue(refusals.get(0).startsWith("session 's': aggregation 'big' needs "), refusals.get(0));
        assertEquals(refusals.get(0), aggregation.refused());
        assertEquals(0, aggregation.snapshot().entries().size());
    }

    @Test
    void anOutOfMemoryErrorMakingTheTableIsTheAggregationsOwnReportedOnce() {
        SessionAggregation aggregation = new SessionAggregation("s", Aggregation.parse("oom = agg.test:hit count() by (n)"), 1024, 32,
                () -> {
                    throw new OutOfMemoryError("Java heap space"); // stands in for the allocation failing (no test fills the heap)
                });
        List<String> refusals = new ArrayList<>();
        for (int rebuild = 0; rebuild < 3; rebuild++) {
            assertNull(aggregation.target(HIT, e -> { }, refusals::add)); // returns: the rebuild goes on for the other targets
        }
        assertEquals(List.of("session 's': aggregation 'oom' could not make its table for aggregationCapacity 1024 (keys) and "
                + "aggregationKeyBytes 32: java.lang.OutOfMemoryError: Java heap space; lower aggregationCapacity (SessionConfig, "
                + "waymark.aggregate.capacity) or give the JVM more heap (-Xmx)"), refusals);
    }

    @Test
    void keysLongerThanAnArrayAreRefusedNamingTheSettingsNotOverflowed() {
        // capacity 2^24 with 4 string keys of 256 bytes: 2^24 x 4 x 33 words, past Integer.MAX_VALUE
        SessionAggregation aggregation = new SessionAggregation("s", Aggregation.parse("wide = agg.test:hit count() by (a, b, c, d)"),
                1 << 24, 256, () -> Long.MAX_VALUE); // a heap big enough: only the array's length is in the way
        List<String> refusals = new ArrayList<>();
        assertNull(aggregation.target(HIT, e -> { }, refusals::add));
        assertNull(aggregation.target(HIT, e -> { }, refusals::add));
        assertEquals(List.of("session 's': aggregation 'wide' needs an array of 2214592512 longs for its keys (4 keys, string keys at "
                + "aggregationKeyBytes 256) with aggregationCapacity 16777216 (keys), more than a Java array holds (2147483639); "
                + "lower aggregationCapacity (SessionConfig, waymark.aggregate.capacity), aggregationKeyBytes "
                + "(waymark.aggregate.keyBytes) or the number of string keys"), refusals);
    }

    @Test
    void histValuesLongerThanAnArrayAreRefused() {
        Aggregation hist = Aggregation.parse("h = agg.test:hit hist(n)");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SessionAggregation.checkMemory("s", hist, null, 8_000_000, 32, Long.MAX_VALUE));
        assertTrue(e.getMessage().startsWith("session 's': aggregation 'h' needs an array of ")
                && e.getMessage().contains(" longs for its hist values with aggregationCapacity 8000000 (keys), more than a Java array holds"),
                e.getMessage());
    }

    @Test
    void aSlotLeftClaimedDropsTheEventInsteadOfSpinning() throws Exception {
        CheckedAggregation checked = Aggregation.parse("c = agg.test:miss count() by (n)").check(MISS);
        AggregationTable table = new AggregationTable(checked, 16, 32, 2);
        Field field = AggregationTable.class.getDeclaredField("slots");
        field.setAccessible(true);
        Arrays.fill((int[]) field.get(table), -1); // every slot claimed by a thread that never comes back
        Event event = (Event) Proxy.newProxyInstance(Event.class.getClassLoader(), new Class<?>[] {Event.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? (Object) false
                        : method.getReturnType() == long.class ? (Object) 7L : method.getReturnType() == int.class ? (Object) 7 : null);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            table.update(event, checked, 0);
            table.update(event, checked, 0);
        });
        assertEquals(2, table.snapshot("c").droppedKeys());
        assertEquals(0, table.size());
    }
}
