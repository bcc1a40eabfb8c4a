package io.waymark.backend.ctf.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Reading and patching packet fields ({@link CtfLayout}) in a stream file's bytes. */
public final class Packets {

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Packets() {}

    /** The little-endian u32 at {@code at}, as an int. */
    public static int u32(byte[] bytes, int at) {
        return (int) INT.get(bytes, at);
    }

    /** The little-endian u64 at {@code at}. */
    public static long u64(byte[] bytes, int at) {
        return (long) LONG.get(bytes, at);
    }

    /** Writes a little-endian u64 at {@code at}. */
    public static void putU64(byte[] bytes, int at, long value) {
        LONG.set(bytes, at, value);
    }
}
