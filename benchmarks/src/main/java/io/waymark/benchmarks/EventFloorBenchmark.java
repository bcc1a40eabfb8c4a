package io.waymark.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What this machine allows for one event, with no Waymark code at all: the clock read, then the
 * benchmarks' event (long, int, 16-character String) stored as one canonical record into a static
 * array, with no per-thread lookup, no dispatch and no capacity checks. {@code recordPrecoded} stores
 * the string's UTF-8 bytes known in advance (two word stores); {@code recordEncoded} encodes the
 * String at the call, as any canonical encoder must for a string it has not seen. The difference
 * between them is the price of encoding 16 characters on this machine; see docs/performance.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(5)
@State(Scope.Thread)
public class EventFloorBenchmark {

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] RECORD = new byte[256];

    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(EventFloorBenchmark.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    volatile int lock;
    long orderId = 42L;
    int quantity = 3;
    String sku = "SKU-000000000001";
    final long skuLow = (long) LONG.get(sku.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0);
    final long skuHigh = (long) LONG.get(sku.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 8);

    @Benchmark
    public long clock() {
        return System.nanoTime();
    }

    /** Header, long, int, string length and its 16 bytes known in advance. */
    @Benchmark
    public void recordPrecoded() {
        byte[] r = header();
        INT.set(r, 40, 16);
        LONG.set(r, 44, skuLow);
        LONG.set(r, 52, skuHigh);
    }

    /**
     * {@link #recordPrecoded()} inside a claim of shared memory: one CAS before, one release store
     * after, as a striped buffer that any thread may write takes. The floor under the CTF path.
     */
    @Benchmark
    public void recordPrecodedClaimed() {
        if (!LOCK.compareAndSet(this, 0, 1)) {
            return;
        }
        recordPrecoded();
        LOCK.setRelease(this, 0);
    }

    /** The same record with the String encoded at the call (ASCII fast path only: the least any encoder does). */
    @Benchmark
    public void recordEncoded() {
        byte[] r = header();
        String s = sku;
        int length = s.length();
        int i = 0;
        for (; i < length && s.charAt(i) < 0x80; i++) {
            r[44 + i] = (byte) s.charAt(i);
        }
        INT.set(r, 40, i);
    }

    private byte[] header() {
        byte[] r = RECORD;
        INT.set(r, 0, 60);
        INT.set(r, 4, 0x0001_0001);
        LONG.set(r, 8, System.nanoTime());
        LONG.set(r, 16, 1L);
        INT.set(r, 24, 1);
        LONG.set(r, 28, orderId);
        INT.set(r, 36, quantity);
        return r;
    }
}
