package io.waymark.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.core.internal.ArgumentFilterFuzzTest.Method;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.filter.CheckedFilter;
import io.waymark.spi.filter.Filter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ArgumentFilters}: the issue's filter on a tracepoint's arguments, null arguments, what it
 * refuses to compile, and that a rejection allocates nothing (counted with the JVM's per-thread
 * allocation counter, as {@code AllocationTest}; not timed). {@link ArgumentFilterFuzzTest} compares
 * it with the encoded-event evaluator over generated filters.
 */
class ArgumentFiltersTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static final EventType ORDER = new EventType("shop.checkout", "orderPlaced", 1, Stability.STABLE, Level.INFO, List.of(
            FieldDescriptor.of("orderId", FieldType.LONG),
            FieldDescriptor.of("items", FieldType.INT),
            FieldDescriptor.of("customer", FieldType.STRING),
            FieldDescriptor.ofEnum("method", "shop.Method", List.of("CARD", "CASH", "VOUCHER"))));
    static final MethodType ARGUMENTS = MethodType.methodType(void.class, long.class, int.class, String.class, Method.class);

    private static MethodHandle compile(String filter) {
        CheckedFilter checked = Filter.parse(filter).check(ORDER);
        MethodHandle handle = ArgumentFilters.compile(checked, ORDER, ARGUMENTS);
        assertNotNull(handle, filter);
        assertEquals(MethodType.methodType(boolean.class, long.class, int.class, String.class, Method.class), handle.type());
        return handle;
    }

    @Test
    void theIssuesFilterRunsOnTheArguments() throws Throwable {
        MethodHandle filter = compile("orderId > 1000 && customer == \"a*\"");
        assertTrue((boolean) filter.invokeExact(1001L, 1, "alice", Method.CARD));
        assertTrue((boolean) filter.invokeExact(1001L, 1, "a", (Method) null));
        assertFalse((boolean) filter.invokeExact(1001L, 1, "bob", Method.CARD), "rejected on the string");
        assertFalse((boolean) filter.invokeExact(1000L, 1, "alice", Method.CARD), "rejected on the number");
        assertFalse((boolean) filter.invokeExact(1001L, 1, (String) null, Method.CARD), "a null String reads as empty");
    }

    @Test
    void nullArgumentsReadAsTheEncodedEventReadsThem() throws Throwable {
        assertTrue((boolean) compile("customer == \"\" && len(customer) == 0").invokeExact(1L, 1, (String) null, Method.CARD));
        assertTrue((boolean) compile("method == null").invokeExact(1L, 1, "x", (Method) null));
        assertTrue((boolean) compile("method != CARD && !(method in (CASH, \"V*\"))").invokeExact(1L, 1, "x", (Method) null),
                "a null enum matches no label and no glob");
        assertFalse((boolean) compile("method in (CARD, CASH, VOUCHER)").invokeExact(1L, 1, "x", Method.CRYPTO),
                "a constant the event type has no label for matches nothing");
        assertTrue((boolean) compile("customer == \"?\"").invokeExact(1L, 1, "\ud800", Method.CARD),
                "an unpaired surrogate is encoded as '?'");
        assertTrue((boolean) compile("items > 2.5 && items < 3.5 && orderId == 9007199254740993").invokeExact(
                9007199254740993L, 3, "x", Method.CARD));
        assertFalse((boolean) compile("orderId == 9007199254740992").invokeExact(9007199254740993L, 3, "x", Method.CARD),
                "two integral values compare as longs, exactly");
    }

    @Test
    void whatDoesNotFitTheArgumentsIsNotCompiled() {
        CheckedFilter filter = Filter.parse("items > 3").check(ORDER);
        assertNull(ArgumentFilters.compile(filter, ORDER, MethodType.methodType(void.class, long.class, int.class, String.class)),
                "a parameter per field");
        assertNull(ArgumentFilters.compile(filter, ORDER,
                MethodType.methodType(void.class, long.class, long.class, String.class, Method.class)), "int is not long");
        assertNull(ArgumentFilters.compile(filter, ORDER,
                MethodType.methodType(void.class, long.class, int.class, String.class, Object.class)), "an enum class");
        EventType other = new EventType("shop.checkout", "orderPlaced", 1, Stability.STABLE, Level.INFO,
                List.of(FieldDescriptor.of("items", FieldType.INT)));
        assertNull(ArgumentFilters.compile(filter, other, MethodType.methodType(void.class, int.class)),
                "a filter checked against other fields");
        assertNotNull(ArgumentFilters.compile(filter, ORDER,
                MethodType.methodType(void.class, long.class, int.class, String.class, Enum.class)), "Enum itself fits");
    }

    /**
     * The issue's benchmark case: the number matches, the glob rejects. Called through a call site's
     * dynamic invoker, as {@code Probe} holds it.
     */
    @Test
    void aStringGlobRejectionAllocatesNothing() throws Throwable {
        for (String filter : List.of("orderId > 1000 && customer == \"a*\"", "orderId > 1000 && customer == \"*li*e\"",
                "orderId > 1000 && customer == \"a?*\"", "customer == \"alice\" || method in (CASH, null)")) {
            MutableCallSite site = new MutableCallSite(compile(filter));
            MethodHandle handle = site.dynamicInvoker();
            String customer = "bob-" + filter.length(); // not a constant: a String the application made
            int[] passed = {0};
            long allocated = allocatedBy(() -> {
                for (int i = 0; i < 100_000; i++) {
                    try {
                        if ((boolean) handle.invokeExact(1001L + i, i, customer, Method.CARD)) {
                            passed[0]++;
                        }
                    } catch (Throwable t) {
                        throw new AssertionError(t);
                    }
                }
            });
            assertEquals(0, passed[0], filter);
            assertEquals(0, allocated, filter);
        }
    }

    /** Bytes allocated by one run of {@code work} after a warm-up run: the least of five rounds (AllocationTest's method). */
    private static long allocatedBy(Runnable work) {
        work.run();
        long id = Thread.currentThread().getId();
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = THREADS.getThreadAllocatedBytes(id);
            work.run();
            least = Math.min(least, THREADS.getThreadAllocatedBytes(id) - before);
        }
        return least;
    }
}
