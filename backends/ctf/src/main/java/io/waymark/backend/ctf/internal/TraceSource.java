package io.waymark.backend.ctf.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a trace as the reader and the recovery read them: the metadata's bytes and the
 * stream files as channels. A directory on disk ({@link #directory(Path)}); the fuzz tests give bytes
 * in memory, so that millions of traces cost no file.
 */
public interface TraceSource {

    /** The directory the names are resolved against, for messages. */
    Path directory();

    /** The metadata's bytes (at most {@link TraceMetadata#MAX_METADATA_SIZE}). */
    byte[] metadata() throws IOException;

    /** The stream files' names, sorted. */
    List<String> streams() throws IOException;

    /** Opens a stream file for reading. */
    SeekableByteChannel open(String stream) throws IOException;

    /**
     * The trace's state file ({@link StateFile#read(Path, java.util.UUID)}), {@code null} when it has none
     * (a trace of the format before mapped stream files, or bytes in memory).
     */
    default StateFile.State state(java.util.UUID uuid) throws IOException {
        return null;
    }

    /** The trace in {@code directory}: stream files are its entries named {@code stream_*}, regular files only. */
    static TraceSource directory(Path directory) {
        return new TraceSource() {
            @Override
            public Path directory() {
                return directory;
            }

            @Override
            public byte[] metadata() throws IOException {
                return TraceMetadata.readBounded(directory.resolve(CtfLayout.METADATA_FILE), TraceMetadata.MAX_METADATA_SIZE);
            }

            @Override
            public List<String> streams() throws IOException {
                List<String> names;
                try (Stream<Path> files = Files.list(directory)) {
                    names = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(CtfLayout.STREAM_FILE_PREFIX))
                            .sorted().toList();
                }
                for (String name : names) {
                    TraceMetadata.checkRegularFile(directory.resolve(name));
                }
                return names;
            }

            @Override
            public SeekableByteChannel open(String stream) throws IOException {
                Path file = directory.resolve(stream);
                TraceMetadata.checkRegularFile(file); // again: it may have been replaced since it was listed
                return FileChannel.open(file);
            }

            @Override
            public StateFile.State state(java.util.UUID uuid) throws IOException {
                return StateFile.read(directory, uuid);
            }
        };
    }
}
