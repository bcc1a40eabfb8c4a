package io.waymark.backend.ctf;

import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@code "ctf"} backend: each session records a CTF 1.8 trace that {@code babeltrace2} reads.
 *
 * <p>Settings (all optional):
 * <ul>
 *   <li>{@value #DIRECTORY}: the trace directory, new or empty; by default
 *       {@code ./waymark-traces/<session>-<yyyyMMdd-HHmmss-SSS>}. In overwrite mode it is not written.</li>
 *   <li>{@value #MODE}: {@code discard} (default) or {@code overwrite}, see {@link CtfMode}.</li>
 *   <li>{@value #SUBBUFFER_SIZE}: bytes per sub-buffer (one packet), {@value #MIN_SUBBUFFER_SIZE} to
 *       {@value #MAX_SUBBUFFER_SIZE}, default {@value #DEFAULT_SUBBUFFER_SIZE}; an event larger than
 *       a packet is discarded.</li>
 *   <li>{@value #SUBBUFFER_COUNT}: sub-buffers per stream, 2 to 1024 (rounded up to a power of two), default
 *       {@value #DEFAULT_SUBBUFFER_COUNT}.</li>
 *   <li>{@value #STRIPES}: streams threads write to, a power of two from 1 to 256; default
 *       twice the processors rounded up to a power of two, at most 16. Each writer's home stream is
 *       given round-robin.</li>
 *   <li>{@value #FLUSH_INTERVAL}: milliseconds after which a partly filled sub-buffer is switched and
 *       written (discard mode), default {@value #DEFAULT_FLUSH_INTERVAL_MS}; 0 writes packets only when full.</li>
 *   <li>{@value #WINDOW_SIZE}: bytes of a stream file mapped at once (discard mode), up to 1 GiB, rounded
 *       down to a multiple of {@value #SUBBUFFER_SIZE} (at least one sub-buffer), default 8 MiB: virtual address
 *       space only (a sub-buffer's disk blocks are allocated when its slot is prepared).</li>
 *   <li>{@value #FILESYSTEM_CHECK}: {@code on} (default) refuses a discard-mode trace directory on a copy-on-write
 *       file system (btrfs, zfs, bcachefs: a store into a mapped page can fail there when the disk is full);
 *       {@code off} lets it through.</li>
 *   <li>{@value #SYNC}: {@code none} (default: the kernel writes the mapped pages back on its own schedule; a
 *       process crash loses nothing committed, an OS crash may lose what was not written back) or
 *       {@code delivered} (the background thread forces finalized packets and the state file to the device).</li>
 *   <li>{@value #FILE_MODE}: the permissions of the trace's files, octal, default {@code 0600} (only the
 *       owner reads them); for example {@code 0640} lets the group read. Directories the backend
 *       creates get the same plus search wherever read is granted ({@code 0700}, {@code 0750}). Set at
 *       creation, whatever the umask.</li>
 * </ul>
 * Any other setting is refused ({@link #settingNames()}), naming the closest of these. In both modes the
 * sub-buffers are pages of memory-mapped files in {@code directory} (page cache, not heap; overwrite mode's ring,
 * {@code stripes × subbuffer-count × subbuffer-size} bytes, is allocated at once): settings asking for more than
 * the directory's file system has usable are refused before anything is created.
 */
public final class CtfBackendFactory implements BackendFactory {

    /** The backend's name. */
    public static final String NAME = "ctf";
    /** Setting: the trace directory. */
    public static final String DIRECTORY = "directory";
    /** Setting: {@code discard} or {@code overwrite}. */
    public static final String MODE = "mode";
    /** Setting: bytes per sub-buffer. */
    public static final String SUBBUFFER_SIZE = "subbuffer-size";
    /** Setting: sub-buffers per stream. */
    public static final String SUBBUFFER_COUNT = "subbuffer-count";
    /** Setting: number of streams. */
    public static final String STRIPES = "stripes";
    /** Setting: milliseconds before a partly filled packet is written. */
    public static final String FLUSH_INTERVAL = "flush-interval-ms";
    /** Setting: the octal permissions of the trace's files. */
    public static final String FILE_MODE = "file-mode";
    /** Setting: {@code on} (default) refuses a copy-on-write file system for a discard-mode trace; {@code off} lets it through. */
    public static final String FILESYSTEM_CHECK = "filesystem-check";
    /** Setting: {@code none} (default) or {@code delivered}: finalized packets and the state file forced to the device. */
    public static final String SYNC = "sync";
    /** Setting: bytes of a stream file mapped at once (discard mode). */
    public static final String WINDOW_SIZE = "window-size";

    /** Default sub-buffer size. */
    public static final int DEFAULT_SUBBUFFER_SIZE = 128 * 1024;
    /** Smallest sub-buffer size. */
    public static final int MIN_SUBBUFFER_SIZE = 256;
    /** Largest sub-buffer size. */
    public static final int MAX_SUBBUFFER_SIZE = 64 * 1024 * 1024;
    /** Default sub-buffers per stream. */
    public static final int DEFAULT_SUBBUFFER_COUNT = 4;
    /** Default flush interval. */
    public static final int DEFAULT_FLUSH_INTERVAL_MS = 100;

    /** For {@link java.util.ServiceLoader}. */
    public CtfBackendFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String requestedSpiVersion() {
        return BackendFactory.SPI_VERSION;
    }

    /** The settings above; the runtime refuses any other before {@link #create} is called. */
    @Override
    public Optional<Set<String>> settingNames() {
        return Optional.of(Set.of(DIRECTORY, MODE, SUBBUFFER_SIZE, SUBBUFFER_COUNT, STRIPES, FLUSH_INTERVAL, FILE_MODE, WINDOW_SIZE, FILESYSTEM_CHECK, SYNC));
    }

    /**
     * Creates the session's {@link CtfBackend}, its trace directory and metadata.
     *
     * @throws IllegalArgumentException when a setting is invalid, the buffers do not fit in the directory's file system, or
     *     the directory cannot be created (not empty, a symbolic link, not writable): nothing is left behind
     */
    @Override
    public CtfBackend create(BackendContext context) {
        String session = context.sessionName();
        CtfSettings settings = CtfSettings.parse(session, context.settings());
        return new CtfBackend(session, settings.mode(), settings.directory(), settings.fileMode(), context.clock(),
                settings.stripes(), settings.subBufferSize(), settings.subBufferCount(), settings.windowSize(), settings.filesystemCheck(), settings.sync(),
                TimeUnit.MILLISECONDS.toNanos(settings.flushIntervalMs()), context.reporter());
    }

    @Override
    public String toString() {
        return "CtfBackendFactory[" + NAME + "]";
    }
}
