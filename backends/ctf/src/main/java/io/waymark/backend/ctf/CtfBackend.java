package io.waymark.backend.ctf;

import io.waymark.backend.ctf.internal.CtfLayout;
import io.waymark.backend.ctf.internal.EventClasses;
import io.waymark.backend.ctf.internal.HeapCheck;
import io.waymark.backend.ctf.internal.HostName;
import io.waymark.backend.ctf.internal.MetadataWriter;
import io.waymark.backend.ctf.internal.MpscPacketFlusher;
import io.waymark.backend.ctf.internal.Stripe;
import io.waymark.backend.ctf.internal.StripedRecordSink;
import io.waymark.backend.ctf.internal.TraceFiles;
import io.waymark.spi.Backend;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.Reporter;
import io.waymark.spi.wire.RecordSink;
import io.waymark.spi.wire.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One session's CTF 1.8 recording (see {@link CtfBackendFactory} for the settings and
 * {@code docs/ctf-backend.md} for the format and guarantees).
 *
 * <p>Emitting threads write events in place ({@link #recordSink}); {@link #onEvent}, for the rest,
 * claims one of a fixed set of stripes with a CAS (a thread starts at the stripe its id's low bits
 * name and moves on when that one is busy) and copies the event's canonical record into the
 * stripe's current packet: a CTF event is that record verbatim, its identity word the event class
 * id. No lock, no allocation, no system call. A full packet is sealed and, in
 * {@link CtfMode#DISCARD discard} mode, handed to the session's flusher thread, which writes it to the
 * stream file.
 *
 * <p>Event classes are declared per provider registration ({@link #onProviderRegistered(ProviderDescriptor, int)}),
 * by the provider index its records carry. A record whose identity word names no declared class is
 * not kept, only counted in {@link #discardedEvents()}.
 */
public final class CtfBackend implements Backend {

    private static final long CLOSE_TIMEOUT_MILLIS = 30_000;

    private final String sessionName;
    private final CtfMode mode;
    private final Path directory;
    private final int fileMode;
    private final ClockAnchor clock;
    private final UUID uuid;
    private final Stripe[] stripes;
    private final int stripeMask;
    private final int maxEventSize;
    private final MpscPacketFlusher flusher;
    private final FileChannel metadataChannel;
    private final StringBuilder metadata = new StringBuilder();
    private final Thread shutdownHook;
    private final EventClasses classes = new EventClasses();
    private final StripedRecordSink recordSink;
    private final Reporter reporter;
    private boolean closed;

    CtfBackend(String sessionName, CtfMode mode, Path directory, int fileMode, ClockAnchor clock, int stripeCount,
            int subBufferSize, int subBufferCount, long flushIntervalNanos, Reporter reporter) {
        this.sessionName = sessionName;
        this.reporter = reporter;
        this.mode = mode;
        this.directory = directory;
        this.fileMode = fileMode;
        this.clock = clock;
        this.uuid = UUID.randomUUID();
        this.maxEventSize = subBufferSize - CtfLayout.PACKET_HEADER_SIZE;
        byte[] uuidBytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
        metadata.append(MetadataWriter.preamble(uuid, sessionName, HostName.local(), clock));
        boolean overwrite = mode == CtfMode.OVERWRITE;
        TraceFiles files = null;
        FileChannel channel = null;
        try {
            if (!overwrite) {
                try {
                    files = TraceFiles.open(directory, fileMode);
                    channel = files.create(CtfLayout.METADATA_FILE);
                    write(channel, metadata.toString());
                } catch (IOException e) {
                    throw new IllegalArgumentException("ctf backend of session '" + sessionName + "': cannot create the trace in "
                            + directory.toAbsolutePath() + (e instanceof TraceFiles.Refused refused ? ": " + refused.reason()
                            : " (" + e + "); set '" + CtfBackendFactory.DIRECTORY + "' to a new or empty writable directory"), e);
                }
            }
            this.metadataChannel = channel;
            this.flusher = overwrite ? null : new MpscPacketFlusher(sessionName, files, stripeCount, stripeCount * subBufferCount,
                    flushIntervalNanos, reporter);
            this.stripes = new Stripe[stripeCount];
            try {
                for (int i = 0; i < stripeCount; i++) {
                    stripes[i] = new Stripe(i, subBufferCount, subBufferSize, overwrite, flusher, uuidBytes, classes);
                }
            } catch (OutOfMemoryError e) {
                // the factory checked the heap, but other threads allocate too: still a setting error, not an Error
                Arrays.fill(stripes, null);
                throw new IllegalArgumentException("ctf backend of session '" + sessionName + "': "
                        + CtfSettings.tooLarge(stripeCount, subBufferCount, subBufferSize, HeapCheck.describe()), e);
            }
        } catch (RuntimeException | Error e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (files != null) {
                files.deleteCreated(); // a failed creation leaves nothing behind, so that a retry can succeed
            }
            throw e;
        }
        this.stripeMask = stripeCount - 1;
        this.recordSink = StripedRecordSink.over(stripes);
        if (flusher != null) {
            flusher.start(stripes);
            shutdownHook = new Thread(this::close, "waymark-ctf-shutdown-" + sessionName);
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            shutdownHook = null;
        }
    }

    @Override
    public void onEvent(Event event) {
        long threadId = event.threadId();
        int first = recordSink.first(threadId); // where its in-place events go too
        int size = event.encodedSize() - CtfLayout.RECORD_OFFSET; // the size word is not stored
        if (size < CtfLayout.EVENT_HEADER_SIZE || size > maxEventSize) {
            stripes[first].countUnlockedDrop(); // not a canonical record (cannot happen), or larger than a packet
            return;
        }
        Stripe[] s = stripes;
        int mask = stripeMask;
        for (int i = 0; i <= mask; i++) {
            Stripe stripe = s[(first + i) & mask];
            if (stripe.tryLock()) {
                if (i != 0) {
                    recordSink.stepped(threadId, (first + i) & mask);
                }
                try {
                    stripe.append(event, size);
                } finally {
                    stripe.unlock();
                }
                return;
            }
        }
        s[first].countUnlockedDrop(); // every stripe busy: more threads than stripes, all inside onEvent
    }

    /**
     * The stripes, for writers to fill in place, when the trace declares {@code type}'s class at
     * {@code providerIndex}: the runtime then skips {@link #onEvent} (and its copy) for the tracepoints
     * this session alone receives. The class is checked here, once, so a record written in place needs
     * no check; {@code null} for a class the trace does not declare (its events reach {@link #onEvent},
     * which discards and counts them).
     */
    @Override
    public RecordSink recordSink(EventType type, int providerIndex) {
        synchronized (this) {
            if (closed) {
                return null;
            }
        }
        return classes.accepts(WireFormat.identityWord(providerIndex, type.id()), type) ? recordSink : null;
    }

    /**
     * Declares the events of {@code provider} as event classes whose ids are the identity words its
     * records carry, appending them to the metadata before any of its events can be recorded. A
     * second registration of the same descriptor at the same index changes nothing; two registrations
     * at two indexes (one provider loaded by two class loaders) are two sets of classes with the same
     * names. Another provider at an index already declared (indexes beyond 65535 are shared, see
     * {@link io.waymark.spi.probe.RegisteredProvider#index()}) would give two classes one id: it is
     * refused with a warning, and its events are discarded and counted.
     *
     * @throws IllegalArgumentException if {@code providerIndex} is outside 0..65535
     */
    @Override
    public synchronized void onProviderRegistered(ProviderDescriptor provider, int providerIndex) {
        if (providerIndex < 0 || providerIndex > 0xFFFF) {
            throw new IllegalArgumentException("provider " + provider.name() + ": index " + providerIndex
                    + " is outside 0..65535, the range a record header holds");
        }
        if (closed) {
            return;
        }
        ProviderDescriptor declared = classes.provider(providerIndex);
        if (declared == provider) {
            return;
        }
        if (declared != null) {
            reporter.warn("CTF backend of session '" + sessionName + "': provider " + provider.name() + " shares provider index "
                    + providerIndex + " with " + declared.name() + ", whose event classes have the same ids; its events are not "
                    + "recorded (they are counted as discarded)", null);
            return;
        }
        String block = MetadataWriter.block(provider, providerIndex);
        metadata.append(block);
        if (metadataChannel != null) {
            try {
                writeMetadata(block); // before the classes are published: no event precedes its declaration on disk
            } catch (IOException e) {
                throw new UncheckedIOException("ctf backend of session '" + sessionName + "': cannot append provider "
                        + provider.name() + " to " + directory.resolve(CtfLayout.METADATA_FILE), e);
            }
        }
        classes.declare(provider, providerIndex);
    }

    private void writeMetadata(String text) throws IOException {
        write(metadataChannel, text);
    }

    private static void write(FileChannel channel, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Seals partly filled packets and waits until everything recorded so far is in the stream files (discard mode). */
    @Override
    public void flush() {
        if (flusher != null) {
            flusher.flush(CLOSE_TIMEOUT_MILLIS);
        }
    }

    /** Writes everything recorded and closes the files; later events are ignored and counted as late. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (flusher != null) {
            flusher.close(CLOSE_TIMEOUT_MILLIS);
            try {
                metadataChannel.close();
            } catch (IOException e) {
                // metadata was written when providers registered; nothing is lost
            }
            if (Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down already
                }
            }
        } else {
            for (Stripe stripe : stripes) {
                stripe.lock();
                stripe.close();
                stripe.unlock();
            }
        }
        recordSink.detach(); // probes not yet re-targeted keep only this small object reachable
    }

    /**
     * Writes the packets held in memory as a complete trace into {@code target}: the flight recorder's
     * dump. Overwrite mode only; recording goes on. The target is created, or must be an empty directory,
     * and is not a symbolic link; its files get the session's {@code file-mode} at creation. A snapshot
     * that fails deletes what it wrote.
     *
     * @throws IllegalStateException in discard mode
     * @throws IOException if the trace cannot be written, or the target holds files or is a symbolic link
     *     (the message says which)
     */
    @Override
    public Path snapshot(Path target) throws IOException {
        Objects.requireNonNull(target, "target");
        if (mode != CtfMode.OVERWRITE) {
            throw new IllegalStateException("ctf backend of session '" + sessionName + "' records in mode "
                    + mode.settingValue() + "; snapshots need mode " + CtfMode.OVERWRITE.settingValue()
                    + " (the discard-mode trace is already in " + directory + ")");
        }
        String text;
        synchronized (this) {
            text = metadata.toString();
        }
        TraceFiles files = TraceFiles.open(target, fileMode);
        try {
            try (FileChannel channel = files.create(CtfLayout.METADATA_FILE)) {
                write(channel, text);
            }
            for (Stripe stripe : stripes) {
                byte[] packets;
                stripe.lock();
                try {
                    packets = stripe.snapshot();
                } finally {
                    stripe.unlock();
                }
                if (packets.length > 0) {
                    try (FileChannel channel = files.create(CtfLayout.STREAM_FILE_PREFIX + stripe.index())) {
                        ByteBuffer bytes = ByteBuffer.wrap(packets);
                        while (bytes.hasRemaining()) {
                            channel.write(bytes);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            files.deleteCreated(); // no half snapshot: the caller may retry into the same directory
            throw e;
        }
        return target;
    }

    /**
     * Events dropped so far: full buffers, every stripe busy, events larger than a packet, records of
     * no declared event class. Exact once the session is stopped.
     */
    @Override
    public long discardedEvents() {
        long total = 0;
        for (Stripe stripe : stripes) {
            total += stripe.discardedEvents();
        }
        return total;
    }

    /** Events whose packets could not be written (I/O errors), in discard mode. */
    public long unwrittenEvents() {
        return flusher == null ? 0 : flusher.unwrittenEvents();
    }

    /**
     * The trace directory, absolute (the default one is relative to the working directory); in
     * overwrite mode, memory, which {@link #snapshot(Path)} writes out.
     */
    @Override
    public Optional<String> destination() {
        return Optional.of(mode == CtfMode.OVERWRITE
                ? "memory (overwrite mode: CtfBackend.snapshot writes the latest packets)"
                : directory.toAbsolutePath().toString());
    }

    /** The trace directory (discard mode), or the directory named by the settings (overwrite mode, unused). */
    public Path directory() {
        return directory;
    }

    /** The recording mode. */
    public CtfMode mode() {
        return mode;
    }

    /** The trace's uuid, as in its metadata and packet headers. */
    public UUID traceUuid() {
        return uuid;
    }

    /** The clock anchor the metadata's clock is derived from. */
    public ClockAnchor clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "CtfBackend[" + sessionName + ", " + mode.settingValue() + ", " + directory + "]";
    }
}
