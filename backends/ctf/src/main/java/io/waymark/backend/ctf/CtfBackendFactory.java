package io.waymark.backend.ctf;

import io.waymark.backend.ctf.internal.HeapCheck;
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
 *       {@value #MAX_SUBBUFFER_SIZE}, rounded up to a power of two (with a warning), default
 *       {@value #DEFAULT_SUBBUFFER_SIZE}; an event larger than a packet is discarded.</li>
 *   <li>{@value #SUBBUFFER_COUNT}: sub-buffers per stream, 2 to 1024 (rounded up to a power of two), default
 *       {@value #DEFAULT_SUBBUFFER_COUNT} in discard mode (16 MiB of page cache and disk in flight per stream with
 *       the default size: a server's sustained rate with many threads, see docs/ctf-backend.md) and
 *       {@value #DEFAULT_OVERWRITE_SUBBUFFER_COUNT} in overwrite mode (the ring a snapshot keeps).</li>
 *   <li>{@value #STREAMS}: streams threads write to, a power of two from 1 to 256; default
 *       twice the processors rounded up to a power of two, at most 16. Each writer's home stream is
 *       given round-robin. The former name {@value #STRIPES} is still accepted, with a warning.</li>
 *   <li>{@value #FLUSH_INTERVAL}: milliseconds after which a partly filled sub-buffer is switched and
 *       finalized (discard mode), for readers of a live trace; default {@value #DEFAULT_FLUSH_INTERVAL_MS}: packets are
 *       finalized when full or at flush and close. Crash safety does not depend on it: a committed event is in the
 *       mapped stream file at once.</li>
 *   <li>{@value #WINDOW_SIZE}: bytes of a stream file mapped at once (discard mode), up to 1 GiB, rounded
 *       down to a multiple of {@value #SUBBUFFER_SIZE} (at least one sub-buffer), default 8 MiB: virtual address
 *       space only (a sub-buffer's disk blocks are allocated when its slot is prepared).</li>
 *   <li>{@value #FILESYSTEM_CHECK}: {@code on} (default) refuses a discard-mode trace directory on a copy-on-write
 *       file system (btrfs, zfs, bcachefs: a store into a mapped page can fail there when the disk is full);
 *       {@code off} lets it through.</li>
 *   <li>{@value #SYNC}: {@code none} (default: the kernel writes the mapped pages back on its own schedule; a
 *       process crash loses nothing committed, an OS crash may lose what was not written back) or
 *       {@code delivered} (the background thread forces finalized packets and the state file to the device).</li>
 *   <li>{@value #MAX_SIZE}: the most bytes the stream files of a discard-mode trace hold together, a number of
 *       bytes with an optional unit {@code k}, {@code m}, {@code g} (also {@code kb}, {@code MiB}, {@code GB} ...:
 *       powers of 1024); unset or {@code 0}: no bound. Each stream file gets an equal share in whole packets, at least
 *       the ring's sub-buffers ({@value #SUBBUFFER_COUNT} rounded up to a power of two) plus one; records fill all of
 *       it but the last packet, kept for the discard count written at close. Once a stream file's records fill their
 *       part, that stream's events are discarded, counted as {@link io.waymark.spi.DiscardReason#SIZE_LIMIT}, and the
 *       trace stays readable. Refused in overwrite mode, whose ring bounds the trace already.</li>
 *   <li>{@value #FILE_MODE}: the permissions of the trace's files, octal, default {@code 0600} (only the
 *       owner reads them); for example {@code 0640} lets the group read. Directories the backend
 *       creates get the same plus search wherever read is granted ({@code 0700}, {@code 0750}). Set at
 *       creation, whatever the umask.</li>
 * </ul>
 * Any other setting is refused ({@link #settingNames()}), naming the closest of these. In both modes the
 * sub-buffers are pages of memory-mapped files in {@code directory} (page cache, not heap; overwrite mode's ring,
 * {@code streams × subbuffer-count × subbuffer-size} bytes, is allocated at once): settings asking for more than
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
    public static final String STREAMS = "streams";
    /**
     * The former name of {@link #STREAMS}, still accepted with a warning; giving both is an error.
     *
     * @deprecated use {@link #STREAMS}
     */
    @Deprecated
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
    /** Setting: the most bytes the trace's stream files hold together (discard mode); {@code 0} or unset: no bound. */
    public static final String MAX_SIZE = "max-size";

    /** Default sub-buffer size. */
    public static final int DEFAULT_SUBBUFFER_SIZE = 256 * 1024;
    /** Smallest sub-buffer size. */
    public static final int MIN_SUBBUFFER_SIZE = 256;
    /** Largest sub-buffer size. */
    public static final int MAX_SUBBUFFER_SIZE = 64 * 1024 * 1024;
    /** Default sub-buffers per stream in discard mode. */
    public static final int DEFAULT_SUBBUFFER_COUNT = 64;
    /** Default sub-buffers per stream in overwrite mode (the ring). */
    public static final int DEFAULT_OVERWRITE_SUBBUFFER_COUNT = 8;
    /** Default flush interval: off. */
    public static final int DEFAULT_FLUSH_INTERVAL_MS = 0;

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
        return Optional.of(Set.of(DIRECTORY, MODE, SUBBUFFER_SIZE, SUBBUFFER_COUNT, STREAMS, STRIPES, FLUSH_INTERVAL, FILE_MODE, WINDOW_SIZE, FILESYSTEM_CHECK, SYNC, MAX_SIZE));
    }

    /**
     * Creates the session's {@link CtfBackend}, its trace directory and metadata. Settings that were adjusted (a
     * sub-buffer size rounded up, a deprecated name) are reported through the context's reporter.
     *
     * @throws IllegalArgumentException when a setting is invalid, the buffers do not fit in the directory's file system, or
     *     the directory cannot be created (not empty, a symbolic link, not writable): nothing is left behind
     */
    @Override
    public CtfBackend create(BackendContext context) {
        String session = context.sessionName();
        CtfSettings settings = CtfSettings.parse(session, context.settings(), HeapCheck::shortfall,
                warning -> context.reporter().warn(warning, null));
        return new CtfBackend(session, settings.mode(), settings.directory(), settings.fileMode(), context.clock(),
                settings.streams(), settings.subBufferSize(), settings.subBufferCount(), settings.windowSize(), settings.filesystemCheck(), settings.sync(),
                TimeUnit.MILLISECONDS.toNanos(settings.flushIntervalMs()), settings.packetsPerStream(), context.reporter());
    }

    @Override
    public String toString() {
        return "CtfBackendFactory[" + NAME + "]";
    }
}
