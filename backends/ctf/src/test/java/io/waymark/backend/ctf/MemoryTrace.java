package io.waymark.backend.ctf;

import io.waymark.backend.ctf.internal.CtfLayout;
import io.waymark.backend.ctf.internal.TraceSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A trace held in memory: the fuzz tests' entry point to the reader and the recovery, no file touched. */
record MemoryTrace(byte[] metadata, TreeMap<String, byte[]> files) implements TraceSource {

    private static final Path DIRECTORY = Path.of("memory-trace");

    /** The files of a trace directory, read into memory. */
    static MemoryTrace of(Path trace) throws IOException {
        TreeMap<String, byte[]> streams = new TreeMap<>();
        try (Stream<Path> files = Files.list(trace)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(CtfLayout.STREAM_FILE_PREFIX)) {
                    streams.put(name, Files.readAllBytes(file));
                }
            }
        }
        return new MemoryTrace(Files.readAllBytes(trace.resolve(CtfLayout.METADATA_FILE)), streams);
    }

    /** A copy with these streams. */
    MemoryTrace with(Map<String, byte[]> newStreams) {
        return new MemoryTrace(metadata, new TreeMap<>(newStreams));
    }

    @Override
    public Path directory() {
        return DIRECTORY;
    }

    @Override
    public List<String> streams() {
        return List.copyOf(files.keySet());
    }

    @Override
    public SeekableByteChannel open(String stream) throws IOException {
        byte[] bytes = files.get(stream);
        if (bytes == null) {
            throw new IOException("no stream " + stream);
        }
        return new Channel(bytes);
    }

    /** The recovered trace, written in memory. */
    MemoryTrace recovered() throws IOException {
        CtfRecovery.Plan plan = CtfRecovery.plan(this);
        TreeMap<String, byte[]> out = new TreeMap<>();
        for (CtfRecovery.StreamPlan stream : plan.streams()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CtfRecovery.write(this, stream, new java.nio.channels.WritableByteChannel() {
                @Override
                public int write(ByteBuffer src) {
                    int n = src.remaining();
                    if (src.hasArray()) { // no copy of each chunk
                        bytes.write(src.array(), src.arrayOffset() + src.position(), n);
                        src.position(src.limit());
                    } else {
                        byte[] chunk = new byte[n];
                        src.get(chunk);
                        bytes.write(chunk, 0, n);
                    }
                    return n;
                }

                @Override
                public boolean isOpen() {
                    return true;
                }

                @Override
                public void close() {}
            });
            out.put(stream.name(), bytes.toByteArray());
        }
        return new MemoryTrace(java.util.Arrays.copyOf(metadata, plan.metadataLength()), out);
    }

    /** A read-only channel over a byte array. */
    private static final class Channel implements SeekableByteChannel {
        private final byte[] bytes;
        private long position;
        private boolean open = true;

        Channel(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (!open) {
                throw new ClosedChannelException();
            }
            if (position >= bytes.length) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), bytes.length - position);
            dst.put(bytes, (int) position, n);
            position += n;
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) {
            position = newPosition;
            return this;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
