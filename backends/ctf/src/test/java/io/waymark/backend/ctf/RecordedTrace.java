package io.waymark.backend.ctf;

import io.waymark.Waymark;
import io.waymark.backend.ctf.internal.CtfLayout;
import io.waymark.backend.ctf.internal.Packets;
import io.waymark.ctftest.ShopEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A real trace recorded by the backend, and the packet surgery the hardening tests do on copies of it. */
final class RecordedTrace {

    private static final ShopEvents SHOP = Waymark.provider(ShopEvents.class);

    private RecordedTrace() {}

    /**
     * Records {@code perThread} {@code tick(thread, sequence)} events from each of two threads started
     * one after the other (consecutive thread ids: streams 0 and 1) into two streams of small packets.
     */
    static Path record(Path trace, int perThread) throws Exception {
        try (Sessions sessions = new Sessions()) {
            sessions.start(trace, Map.of("streams", "2", "subbuffer-size", "4096", "subbuffer-count", "64",
                    "flush-interval-ms", "0"), "ctftest.shop:tick");
            for (int thread = 0; thread < 2; thread++) {
                int t = thread;
                Thread emitter = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        SHOP.tick(t, i);
                    }
                });
                emitter.start();
                emitter.join();
            }
        }
        return trace;
    }

    /** A copy of the trace directory. */
    static Path copy(Path trace, Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(trace)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }

    /** The packets of a stream file, split by their {@code packet_size}. */
    static List<byte[]> packets(Path stream) throws IOException {
        byte[] bytes = Files.readAllBytes(stream);
        List<byte[]> packets = new ArrayList<>();
        for (int at = 0; at < bytes.length; ) {
            int size = (int) (Packets.u64(bytes, at + CtfLayout.PACKET_SIZE_OFFSET) / 8);
            byte[] packet = new byte[size];
            System.arraycopy(bytes, at, packet, 0, size);
            packets.add(packet);
            at += size;
        }
        return packets;
    }

    /** Replaces the stream file by these packets. */
    static void write(Path stream, List<byte[]> packets) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] packet : packets) {
            out.write(packet);
        }
        Files.write(stream, out.toByteArray());
    }

    /** The offset of packet {@code index} in a file made of {@code packets}. */
    static long offsetOf(List<byte[]> packets, int index) {
        long offset = 0;
        for (int i = 0; i < index; i++) {
            offset += packets.get(i).length;
        }
        return offset;
    }

    /** The number of events a packet holds (tick events: fixed size). */
    static int events(byte[] packet) {
        int tickSize = CtfLayout.EVENT_HEADER_SIZE + 4 + 8;
        return (int) ((Packets.u64(packet, CtfLayout.CONTENT_SIZE_OFFSET) / 8 - CtfLayout.PACKET_HEADER_SIZE) / tickSize);
    }
}
