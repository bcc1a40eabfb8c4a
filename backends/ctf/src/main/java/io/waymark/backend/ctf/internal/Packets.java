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

    /**
     * The size in bytes of the intact packet starting at {@code at}, or {@code -1} when the bytes from
     * {@code at} on are not one (bad magic, sizes that do not fit the file or each other).
     */
    public static int intactPacketSize(byte[] bytes, int at) {
        int left = bytes.length - at;
        if (left < CtfLayout.PACKET_HEADER_SIZE || u32(bytes, at + CtfLayout.MAGIC_OFFSET) != CtfLayout.MAGIC) {
            return -1;
        }
        long content = u64(bytes, at + CtfLayout.CONTENT_SIZE_OFFSET);
        long packet = u64(bytes, at + CtfLayout.PACKET_SIZE_OFFSET);
        if (content % 8 != 0 || packet % 8 != 0 || content > packet || content < CtfLayout.PACKET_HEADER_SIZE * 8L
                || packet / 8 > left) {
            return -1;
        }
        return (int) (packet / 8);
    }
}
