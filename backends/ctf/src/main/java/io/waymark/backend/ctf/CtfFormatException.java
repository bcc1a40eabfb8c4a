package io.waymark.backend.ctf;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The files given are not a readable Waymark CTF trace: a metadata file or stream file that is not a
 * regular file (a FIFO, a device, a directory), metadata that Waymark did not write or that is
 * malformed, or a metadata file too large to be one. The message names the file, the byte offset
 * (when one applies) and what was wrong; {@link #file()} and {@link #offset()} give them apart.
 *
 * <p>Damage inside stream files is not reported this way: {@link CtfTraceReader} skips damaged or
 * misplaced packets and lists them ({@link CtfTraceReader#skippedPackets()}).
 */
public final class CtfFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    /**
     * @param file the file that is wrong
     * @param offset the byte offset in it of what is wrong, {@code -1} when it is the file as a whole
     * @param problem what was wrong (and, where there is one, the remedy)
     */
    public CtfFormatException(Path file, long offset, String problem) {
        this(file, offset, problem, null);
    }

    /** As {@link #CtfFormatException(Path, long, String)}, with the error that revealed the problem. */
    public CtfFormatException(Path file, long offset, String problem, Throwable cause) {
        super(file + (offset >= 0 ? " at offset " + offset : "") + ": " + problem, cause);
        this.file = file;
        this.offset = offset;
    }

    /** The file that is not as a Waymark CTF trace's. */
    public Path file() {
        return file;
    }

    /** The byte offset in {@link #file()} of what is wrong, {@code -1} when the file as a whole is. */
    public long offset() {
        return offset;
    }
}
