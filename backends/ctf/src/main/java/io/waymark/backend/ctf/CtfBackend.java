package io.waymark.backend.ctf;

import io.waymark.backend.ctf.internal.ArgumentRecords;
import io.waymark.backend.ctf.internal.CtfLayout;
import io.waymark.backend.ctf.internal.DiskCheck;
import io.waymark.backend.ctf.internal.EventClasses;
import io.waymark.backend.ctf.internal.HeapCheck;
import io.waymark.backend.ctf.internal.HostName;
import io.waymark.backend.ctf.internal.MappedWindows;
import io.waymark.backend.ctf.internal.MetadataWriter;
import io.waymark.backend.ctf.internal.RingStateUpdater;
import io.waymark.backend.ctf.internal.Slot;
import io.waymark.backend.ctf.internal.StateFile;
import io.waymark.backend.ctf.internal.Stream;
import io.waymark.backend.ctf.internal.StreamKeeper;
import io.waymark.backend.ctf.internal.StreamSink;
import io.waymark.backend.ctf.internal.TraceFiles;
import io.waymark.spi.Backend;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.DiscardReason;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.Reporter;
import io.waymark.spi.wire.EncodedRecord;
import io.waymark.spi.wire.RecordSink;
import io.waymark.spi.wire.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One session's CTF 1.8 recording (see {@link CtfBackendFactory} for the settings and
 * {@code docs/ctf-backend.md} for the format and guarantees).
 *
 * <p>Emitting threads hand finished records to the backend's {@link #recordSink} at commit, and
 * {@link #onEvent} takes the rest (events with view fields, tracepoints several sessions receive):
 * either way the record goes to its writer's home stream ({@link Stream}), where it is claimed with
 * one CAS, copied, and committed with one atomic add: a CTF event is the canonical record verbatim,
 * its identity word the event class id. No lock, no allocation, no system call, and no thread ever
 * waits for another: a descheduled writer holds back only the delivery of its own sub-buffer. In
 * {@link CtfMode#DISCARD discard} mode the sub-buffers are the pages of the memory-mapped stream files
 * ({@link MappedWindows}): a committed event is in the page cache at once, so a killed process loses none;
 * the session's background thread ({@link StreamKeeper}) prepares packets ahead (disk blocks allocated
 * first) and finalizes complete ones in place, in sequence order. An event is discarded only when every
 * sub-buffer of its stream is full or waiting ({@link DiscardReason#BUFFER_FULL}) or the disk could not take
 * the next one ({@link DiscardReason#WRITE_FAILED}), or the stream file holds its share of {@code max-size}
 * ({@link DiscardReason#SIZE_LIMIT}). In {@link CtfMode#OVERWRITE overwrite} mode each stream's ring
 * is a memory-mapped file too, allocated and mapped once at creation (no keeper; a thread shared by every
 * overwrite-mode session keeps the state file's discard counts current, {@link RingStateUpdater}): a killed process
 * leaves the flight recorder's content for recovery, and a stop writes it out as an ordered trace.
 *
 * <p>Event classes are declared per provider registration ({@link #onProviderRegistered(ProviderDescriptor, int)}),
 * by the provider index its records carry. A record whose identity word names no declared class is
 * not kept, only counted in {@link #discardedEvents()} (as {@link DiscardReason#TRACER_ERROR}).
 */
public final class CtfBackend implements Backend {

    /**
     * How long a flush or close waits for writers still committing (system property
     * {@code waymark.ctf.closeTimeoutMillis}, default 30 s); past it, their sub-buffers are given up and
     * counted ({@link DiscardReason#WRITER_STALLED}).
     */
    private final long closeTimeoutMillis = Math.max(1, Long.getLong("waymark.ctf.closeTimeoutMillis", 30_000));

    /** Sub-buffers of each stream file allocated before the session starts (the keeper allocates the rest): the first MiB. */
    private static final long EAGER_BYTES = 1 << 20;
    /** Overwrite mode: how often the rings' state blocks are written (as often as a discard-mode keeper's idle pass). */
    private static final long RING_STATE_INTERVAL_NANOS = 100_000_000L;

    /** Tests only: run after the keeper started, before the shutdown hook is registered (a failure injected there). */
    static volatile Runnable failAfterStartForTests;

    private final String sessionName;
    private final CtfMode mode;
    private final Path directory;
    private final int fileMode;
    private final ClockAnchor clock;
    private final UUID uuid;
    private final byte[] uuidBytes;
    private final Stream[] streams;
    private final StreamKeeper keeper;
    private final FileChannel metadataChannel;
    private final StringBuilder metadata = new StringBuilder();
    private final Thread shutdownHook;
    private final EventClasses classes = new EventClasses();
    private final StreamSink recordSink;
    /** The arguments path's handles by identity word, type and arguments: the same handle for the same tracepoint. */
    private final Map<List<Object>, Optional<MethodHandle>> consumers = new ConcurrentHashMap<>();
    /** Whether a failure to build an arguments path's handle was reported (once per backend). */
    private final java.util.concurrent.atomic.AtomicBoolean inPlaceFailureReported = new java.util.concurrent.atomic.AtomicBoolean();
    private final Reporter reporter;
    private boolean closed;
    /** Overwrite mode: the trace's files (the ring files are rewritten as a trace at close), else {@code null}. */
    private final TraceFiles ringFiles;
    /** Overwrite mode: each stream's ring file, mapped once at creation; else {@code null}. */
    private final MappedWindows[] ringWindows;
    /** Overwrite mode: the state file (overwrite flag) that tells recovery the stream files are rings; else {@code null}. */
    private final StateFile ringState;
    /** Overwrite mode: writes the rings' stream blocks into {@link #ringState} every interval; else {@code null}. */
    private final RingStateUpdater ringStateUpdater;
    /** Overwrite mode: snapshots and close take turns (close unmaps the rings a snapshot reads). */
    private final Object ringLock = new Object();
    /** Overwrite mode: the rings were written out as a trace and unmapped (guarded by {@link #ringLock}). */
    private boolean ringClosed;

    CtfBackend(String sessionName, CtfMode mode, Path directory, int fileMode, ClockAnchor clock, int stripeCount,
            int subBufferSize, int subBufferCount, long windowSize, boolean filesystemCheck, boolean sync, long flushIntervalNanos,
            long packetsPerStream, Reporter reporter) {
        this.sessionName = sessionName;
        this.reporter = reporter;
        this.mode = mode;
        this.directory = directory;
        this.fileMode = fileMode;
        this.clock = clock;
        this.uuid = UUID.randomUUID();
        this.uuidBytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
        metadata.append(MetadataWriter.preamble(uuid, sessionName, HostName.local(), clock));
        boolean overwrite = mode == CtfMode.OVERWRITE;
        TraceFiles files = null;
        FileChannel channel = null;
        StateFile stateFile = null;
        MappedWindows[] windows = null;
        StreamKeeper made = null;
        RingStateUpdater ringUpdater = null;
        try {
            {
                // overwrite mode too: the ring is a file in the directory (on tmpfs, memory), not heap
                int ring = ringSize(subBufferCount);
                DiskCheck.problem(directory, (long) stripeCount * ring * subBufferSize, filesystemCheck).ifPresent(problem -> {
                    throw new IllegalArgumentException("ctf backend of session '" + sessionName + "': " + problem
                            + " (setting '" + CtfBackendFactory.STREAMS + "' " + stripeCount + " × '" + CtfBackendFactory.SUBBUFFER_COUNT
                            + "' " + ring + " × '" + CtfBackendFactory.SUBBUFFER_SIZE + "' " + subBufferSize
                            + " bytes); lower these settings, free space, or set '" + CtfBackendFactory.DIRECTORY + "' to another directory");
                });
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
            if (overwrite) {
                // the ring is mapped whole and for good: no window beyond it (mapping one would extend the file with zeros)
                windowSize = Math.min(windowSize, (long) ringSize(subBufferCount) * subBufferSize);
            }
            if (Integer.bitCount(subBufferSize) == 1) {
                try {
                    // before the first stream file: a trace with stream files but no state file is recovered the old way
                    stateFile = StateFile.create(directory, uuidBytes, overwrite, subBufferSize, ringSize(subBufferCount),
                            MappedWindows.windowSize(subBufferSize, windowSize), stripeCount);
                } catch (IOException e) {
                    throw new IllegalArgumentException("ctf backend of session '" + sessionName + "': cannot create the state file "
                            + StateFile.path(directory) + " (" + e + "); free space on its file system or set '"
                            + CtfBackendFactory.DIRECTORY + "' to another directory", e);
                }
            }
            int count = ringSize(subBufferCount);
            this.streams = new Stream[stripeCount];
            windows = new MappedWindows[stripeCount];
            try {
                for (int i = 0; i < stripeCount; i++) {
                    if (overwrite) {
                        // the ring file: N packets allocated (zeros through the channel), mapped and given their static
                        // header once, here; slot s is the packet at s × S for good (each switch sets its packet_seq_num)
                        windows[i] = new MappedWindows(files.create(CtfLayout.STREAM_FILE_PREFIX + i), subBufferSize, windowSize);
                        MappedWindows file = windows[i];
                        int index = i;
                        streams[i] = new Stream(i, count, subBufferSize, true, seq -> {
                            try {
                                return StreamKeeper.prepare(file, index, seq, uuidBytes);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
                    } else {
                        // the stream file's first N sub-buffers are the slots' memory: allocated, mapped, headers written
                        windows[i] = new MappedWindows(files.create(CtfLayout.STREAM_FILE_PREFIX + i), subBufferSize, windowSize);
                        windows[i].limit(packetsPerStream); // before the first mapping: none extends the file past its share
                        MappedWindows file = windows[i];
                        int index = i;
                        streams[i] = new Stream(i, count, subBufferSize, false, seq -> {
                            if (seq > 0 && (seq + 1L) * subBufferSize > EAGER_BYTES) {
                                return null; // the keeper prepares the others on its first pass: no N × S of zeros before start
                            }
                            try {
                                return StreamKeeper.prepare(file, index, seq, uuidBytes);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
                    }
                }
            } catch (OutOfMemoryError e) {
                // the factory checked the heap, but other threads allocate too: still a setting error, not an Error
                Arrays.fill(streams, null);
                throw new IllegalArgumentException("ctf backend of session '" + sessionName + "': "
                        + CtfSettings.tooLarge(stripeCount, count, subBufferSize, HeapCheck.describe()), e);
            } catch (IOException | UncheckedIOException e) {
                closeAll(windows);
                throw new IllegalArgumentException("ctf backend of session '" + sessionName + "': cannot allocate the first "
                        + "sub-buffer of each stream file in " + directory.toAbsolutePath() + " ("
                        + (e instanceof UncheckedIOException u ? u.getCause() : e) + "); free space on its file system, "
                        + "lower '" + CtfBackendFactory.SUBBUFFER_COUNT + "' or '" + CtfBackendFactory.SUBBUFFER_SIZE
                        + "', or set '" + CtfBackendFactory.DIRECTORY + "' to another directory", e);
            }
            this.ringFiles = overwrite ? files : null;
            this.ringWindows = overwrite ? windows : null;
            this.ringState = overwrite ? stateFile : null;
            // overwrite mode has no keeper: a shared thread keeps the ring's state block (discards, position) current
            ringUpdater = overwrite && stateFile != null ? RingStateUpdater.start(stateFile, streams, RING_STATE_INTERVAL_NANOS,
                    reporter) : null;
            this.ringStateUpdater = ringUpdater;
            made = overwrite ? null : new StreamKeeper(sessionName, files, streams, windows, stateFile, sync, uuidBytes, flushIntervalNanos,
                    closeTimeoutMillis, packetsPerStream, reporter);
            this.keeper = made;
            // inside the try: a thread that cannot start, or a hook refused (the JVM shutting down), undoes everything
            if (made != null) {
                made.start();
                Runnable inject = failAfterStartForTests;
                if (inject != null) {
                    inject.run();
                }
            }
            // overwrite mode too: a JVM that exits normally leaves the ring as a readable trace
            shutdownHook = new Thread(this::close, "waymark-ctf-shutdown-" + sessionName);
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (RuntimeException | Error e) {
            if (ringUpdater != null) {
                ringUpdater.close();
            }
            if (made != null) {
                made.close(closeTimeoutMillis); // ends the thread (it closes what it owns); a no-op if it never started
            }
            closeAll(windows); // every channel and mapping, so that deleting the files frees their space
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (stateFile != null) {
                stateFile.close();
                try {
                    Files.deleteIfExists(stateFile.file());
                    Files.deleteIfExists(stateFile.file().getParent());
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (files != null) {
                files.deleteCreated(); // a failed creation leaves nothing behind, so that a retry can succeed
            }
            throw e;
        }
        this.recordSink = StreamSink.over(streams, !overwrite); // discard mode: a refused record may go to another stream
    }

    /** Closes what a failed construction mapped (the files are then deleted). */
    private static void closeAll(MappedWindows[] windows) {
        if (windows == null) {
            return;
        }
        for (MappedWindows w : windows) {
            if (w != null) {
                try {
                    w.close(0, true);
                } catch (IOException | RuntimeException e) {
                    // deleted next
                }
            }
        }
    }

    /** The ring size for a {@code subbuffer-count} setting: the next power of two (a slot is found with a mask, not a division). */
    static int ringSize(int subBufferCount) {
        return Math.max(2, Integer.highestOneBit(subBufferCount - 1) << 1);
    }

    /**
     * Copies the event's record into its writer's home stream (claim, copy, commit), stamped with the
     * claim's time; a record whose class the trace does not declare is discarded and counted.
     */
    @Override
    public void onEvent(Event event) {
        if (event instanceof EncodedRecord record) {
            byte[] bytes = record.recordBytes();
            int from = record.recordStart() + CtfLayout.RECORD_OFFSET;
            Stream stream = recordSink.home(record.lane());
            if (!accepted(stream, bytes, from, record.encodedSize(), event.type())) {
                return;
            }
            int lane = record.lane();
            long timestamp = (long) LONG.get(bytes, from + CtfLayout.EVENT_TIMESTAMP_OFFSET);
            try {
                // the copy must carry 0 there (the claim's time is stored after it): torn by a crash, a copy with
                // the begin's real timestamp would look whole
                LONG.set(bytes, from + CtfLayout.EVENT_TIMESTAMP_OFFSET, 0L);
                recordSink.put(lane, bytes, from, record.encodedSize() - CtfLayout.RECORD_OFFSET);
            } finally {
                LONG.set(bytes, from + CtfLayout.EVENT_TIMESTAMP_OFFSET, timestamp); // other sessions see the original
            }
            return;
        }
        // an Event of another kind (not from a writer): copy its record first; rare, so it may allocate
        byte[] bytes = new byte[event.encodedSize()];
        event.copyEncodedTo(bytes, 0);
        Stream stream = recordSink.home((int) event.threadId());
        if (accepted(stream, bytes, CtfLayout.RECORD_OFFSET, bytes.length, event.type())) {
            LONG.set(bytes, CtfLayout.RECORD_OFFSET + CtfLayout.EVENT_TIMESTAMP_OFFSET, 0L); // as above
            recordSink.put((int) event.threadId(), bytes, CtfLayout.RECORD_OFFSET, bytes.length - CtfLayout.RECORD_OFFSET);
        }
    }

    private static final java.lang.invoke.VarHandle INT = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle LONG = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    /** Whether a record of {@code size} bytes whose event starts at {@code from} may be kept; else counts it. */
    private boolean accepted(Stream stream, byte[] bytes, int from, int size, EventType type) {
        if (size < WireFormat.HEADER_SIZE || !classes.accepts((int) INT.get(bytes, from + CtfLayout.EVENT_ID_OFFSET), type)) {
            if (!stream.isClosed()) {
                stream.count(DiscardReason.TRACER_ERROR); // no declared class (a provider index two providers share)
            }
            return false;
        }
        return true;
    }

    /**
     * The streams, for writers to commit their records to, when the trace declares {@code type}'s class at
     * {@code providerIndex}: the runtime then skips {@link #onEvent} (and its dispatch) for the tracepoints
     * this session alone receives. The class is checked here, once, so a committed record needs
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
     * Records the events of {@code type} straight from the tracepoint's arguments, when the trace declares its class at
     * {@code providerIndex}: the record's size is computed from the arguments, room claimed for exactly that in the
     * thread's stream, the fields written in place and committed ({@link ArgumentRecords}); nothing is encoded
     * into a thread's buffer and copied. The records are those {@link #recordSink}'s path stores. {@code null} for a
     * class the trace does not declare, as {@link #recordSink}. The same handle for the same arguments.
     */
    @Override
    public MethodHandle argumentConsumer(EventType type, int providerIndex, MethodType arguments) {
        synchronized (this) {
            if (closed) {
                return null;
            }
        }
        int identityWord = WireFormat.identityWord(providerIndex, type.id());
        if (!classes.accepts(identityWord, type)) {
            return null;
        }
        MethodHandle consumer = consumers.computeIfAbsent(List.of(identityWord, type, arguments),
                key -> inPlace(type, identityWord, arguments)).orElse(null);
        boolean late;
        synchronized (this) {
            late = closed;
        }
        if (late) {
            consumers.clear(); // built while close ran, maybe after close cleared the cache: not kept (outside the monitor, as close)
            return null;
        }
        return consumer;
    }

    /**
     * The arguments path's handle for a tracepoint, or empty: more than eight fields, or it cannot be built here (a
     * runtime without hidden classes, a jar stripped of {@code InPlaceRecorder.class}): reported once, and the
     * tracepoint takes the encoded path, as before.
     */
    private Optional<MethodHandle> inPlace(EventType type, int identityWord, MethodType arguments) {
        try {
            return Optional.ofNullable(ArgumentRecords.consumer(recordSink, type, identityWord, arguments));
        } catch (RuntimeException | LinkageError t) { // not a VirtualMachineError: that one is no reason to stay encoded
            if (inPlaceFailureReported.compareAndSet(false, true)) {
                reporter.warn("ctf backend of session '" + sessionName + "': cannot record " + type.qualifiedName()
                        + " straight from its arguments; its events, and those of any tracepoint that fails the same way,"
                        + " are encoded first instead", t);
            }
            return Optional.empty();
        }
    }

    /** How many tracepoints record through the arguments path (for tests). */
    long argumentConsumers() {
        return consumers.values().stream().filter(Optional::isPresent).count();
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

    /** Switches partly filled sub-buffers and waits until everything recorded so far is in the stream files (discard mode). */
    @Override
    public void flush() {
        if (keeper != null) {
            keeper.flush(closeTimeoutMillis);
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
        if (keeper != null) {
            keeper.close(closeTimeoutMillis);
        } else {
            closeRings();
        }
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
        recordSink.detach(); // probes not yet re-targeted keep only this small object reachable
        consumers.clear(); // the arguments path's recorders (hidden classes) can go with the routes that call them
    }

    /**
     * Overwrite mode's stop: closes the streams, waits (at most the close timeout) for writers still copying, then
     * turns the directory into a CTF trace: each ring file is replaced by its packets in sequence order (what a
     * snapshot would write; a ring with no record leaves no stream file) and the state file goes (the stream files
     * are rings no more). Each ordered file is written beside the ring first and renamed over it once all are
     * written, the state file deleted just before the renames: a crash before that leaves a ring that recovery
     * reads. A ring a writer never committed into (stalled past the timeout) is not unmapped: the writer may still store.
     */
    private void closeRings() {
        synchronized (ringLock) {
            ringClosed = true;
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(closeTimeoutMillis);
            long[] last = new long[streams.length];
            for (int i = 0; i < streams.length; i++) {
                last[i] = streams[i].close();
            }
            boolean[] quiet = new boolean[streams.length];
            for (int i = 0; i < streams.length; i++) {
                Stream stream = streams[i];
                // every sub-buffer of the ring (the newest N sequences, one per slot): a writer descheduled inside an
                // older one may still copy into it, and its window must not be unmapped under it
                while (!(quiet[i] = ringComplete(stream, last[i])) && System.nanoTime() - deadline < 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                }
                if (!quiet[i]) {
                    reporter.error("CTF backend of session '" + sessionName + "': closing gave up waiting for a writer that"
                            + " claimed room in stream " + stream.index() + " and never committed; the trace holds the"
                            + " stream's complete packets only", null);
                }
            }
            if (ringStateUpdater != null) {
                // the streams are closed: their counts are final. Written once more, then no more (a write-out that fails
                // below leaves the ring files for recovery with an exact state block)
                ringStateUpdater.close();
            }
            String[] ordered = new String[streams.length];
            try {
                for (int i = 0; i < streams.length; i++) {
                    byte[] packets = snapshot(streams[i], true);
                    if (packets.length == 0) {
                        continue;
                    }
                    ordered[i] = "." + CtfLayout.STREAM_FILE_PREFIX + i + ".ordered";
                    try (FileChannel channel = ringFiles.create(ordered[i])) {
                        ByteBuffer bytes = ByteBuffer.wrap(packets);
                        while (bytes.hasRemaining()) {
                            channel.write(bytes, bytes.position());
                        }
                    }
                }
                for (int i = 0; i < streams.length; i++) {
                    ringWindows[i].close((long) streams[i].subBufferCount() * streams[i].subBufferSize(), quiet[i]);
                }
                if (ringState != null) {
                    ringState.close(); // the updater stopped above; a write after this does nothing
                    Files.deleteIfExists(ringState.file());
                    Files.deleteIfExists(ringState.file().getParent());
                }
                for (int i = 0; i < streams.length; i++) {
                    Path ring = ringFiles.directory().resolve(CtfLayout.STREAM_FILE_PREFIX + i);
                    if (ordered[i] == null) {
                        Files.deleteIfExists(ring); // no record: no stream file, as in discard mode
                    } else {
                        Files.move(ringFiles.directory().resolve(ordered[i]), ring, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    }
                }
            } catch (IOException | RuntimeException e) {
                reporter.error("CTF backend of session '" + sessionName + "': cannot write the ring in " + directory
                        + " as a trace at close; its ring files are left as they are ('waymark recover' orders them)", e);
            }
        }
    }

    /** Whether every sequence from {@code last - N + 1} to {@code last} (each in its own slot) is complete. */
    private static boolean ringComplete(Stream stream, long last) {
        for (long seq = Math.max(0, last - stream.subBufferCount() + 1); seq <= last; seq++) {
            if (!stream.isComplete(stream.slot(seq).commitWord(), seq)) {
                return false;
            }
        }
        return true;
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
        synchronized (ringLock) {
            if (ringClosed) {
                throw new IllegalStateException("ctf backend of session '" + sessionName + "' is closed; its ring was written"
                        + " as a trace into " + directory + " at close");
            }
            return snapshotInto(target, text);
        }
    }

    private Path snapshotInto(Path target, String text) throws IOException {
        TraceFiles files = TraceFiles.open(target, fileMode);
        try {
            try (FileChannel channel = files.create(CtfLayout.METADATA_FILE)) {
                write(channel, text);
            }
            for (Stream stream : streams) {
                byte[] packets = snapshot(stream, false);
                if (packets.length > 0) {
                    try (FileChannel channel = files.create(CtfLayout.STREAM_FILE_PREFIX + stream.index())) {
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

    /** How long a snapshot waits for a writer still copying into a sub-buffer it takes. */
    private static final long SNAPSHOT_WAIT_NANOS = 100_000_000;

    /**
     * The packets of one stream's ring, oldest first, as a stream file: switches the current
     * sub-buffer (the ring's oldest is overwritten, as by any switch), then copies every complete
     * sub-buffer still in the ring, waiting up to {@link #SNAPSHOT_WAIT_NANOS} for writers still copying
     * into them. A sub-buffer the ring overwrote before or while it was copied is left out; if that
     * left out every packet (the snapshot's thread was descheduled while a small ring went round), the
     * sub-buffers switched since are taken instead (no further forced switch: it would push more of the
     * ring's history out), until the same deadline. Recording goes on; no lock.
     */
    private byte[] snapshot(Stream stream, boolean closed) {
        long deadline = System.nanoTime() + SNAPSHOT_WAIT_NANOS;
        List<byte[]> packets = new ArrayList<>();
        boolean force = true;
        while (snapshotPass(stream, closed, force, deadline, packets) && packets.isEmpty() && !closed
                && System.nanoTime() - deadline < 0) {
            force = false; // every packet was overwritten: take the stream again
        }
        int total = 0;
        for (byte[] packet : packets) {
            total += packet.length;
        }
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] packet : packets) {
            System.arraycopy(packet, 0, out, at, packet.length);
            at += packet.length;
        }
        return out;
    }

    /**
     * One pass of {@link #snapshot(Stream, boolean)}, after a forced switch if {@code force}: adds the packets
     * copied whole to {@code packets}; returns whether a packet was left out because the ring overwrote it
     * before or while it was copied.
     */
    private boolean snapshotPass(Stream stream, boolean closed, boolean force, long deadline, List<byte[]> packets) {
        boolean torn = false;
        long current = -1;
        while (force && (current = stream.forceSwitch()) < 0 && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait(); // the oldest sub-buffer still has a writer inside
        }
        long h = stream.head();
        long last = (current < 0 ? h >>> 32 : current) - 1;
        int count = stream.subBufferCount();
        long lastDiscards = 0;
        long previousSeq = -2;
        long previousEnd = 0;
        // recording: the current sub-buffer (last + 1) took the slot of last - N + 1; closed: no switch opened it, all N kept
        for (long seq = Math.max(0, last - count + (closed ? 1 : 2)); seq <= last; seq++) {
            Slot slot = stream.slot(seq);
            if (!stream.awaitComplete(seq, deadline)) {
                torn |= (stream.head() >>> 32) >= seq + count; // else a writer still inside after the wait
                continue; // not in this snapshot
            }
            int end = slot.end();
            long endTs = slot.endTs();
            long discards = slot.discardsAtSwitch();
            byte[] packet = new byte[end];
            slot.window().get(slot.at(), packet, 0, end);
            java.lang.invoke.VarHandle.acquireFence(); // the copy's plain loads before the re-check below (StampedLock.validate's rule)
            if ((stream.head() >>> 32) >= seq + count || !stream.isComplete(slot.commitWord(), seq)) {
                torn = true; // overwritten while copied
                continue;
            }
            if (end == CtfLayout.PACKET_HEADER_SIZE) {
                continue; // no record
            }
            ByteBuffer b = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN);
            long begin = previousSeq == seq - 1 ? previousEnd
                    : b.getLong(CtfLayout.PACKET_HEADER_SIZE + CtfLayout.EVENT_TIMESTAMP_OFFSET); // its first event's time
            lastDiscards = Math.max(lastDiscards, discards);
            b.putInt(CtfLayout.MAGIC_OFFSET, CtfLayout.MAGIC);
            b.put(CtfLayout.UUID_OFFSET, uuidBytes);
            b.putInt(CtfLayout.STREAM_ID_OFFSET, CtfLayout.STREAM_CLASS_ID);
            b.putLong(CtfLayout.STREAM_INSTANCE_OFFSET, stream.index());
            b.putLong(CtfLayout.TIMESTAMP_BEGIN_OFFSET, begin);
            b.putLong(CtfLayout.TIMESTAMP_END_OFFSET, endTs);
            b.putLong(CtfLayout.CONTENT_SIZE_OFFSET, 8L * end);
            b.putLong(CtfLayout.PACKET_SIZE_OFFSET, 8L * end);
            b.putLong(CtfLayout.SEQ_NUM_OFFSET, seq);
            b.putLong(CtfLayout.DISCARDED_OFFSET, lastDiscards);
            packets.add(packet);
            previousSeq = seq;
            previousEnd = endTs;
        }
        return torn;
    }

    /**
     * Events discarded so far, over every reason: full buffers, events larger than a sub-buffer,
     * packets that could not be written, records of no declared event class. Exact once the session
     * is stopped; the trace's {@code events_discarded} says the same once the backend closed.
     */
    @Override
    public long discardedEvents() {
        long total = 0;
        for (Stream stream : streams) {
            total += stream.discardedEvents();
        }
        return total;
    }

    /**
     * Adds an event the runtime discarded for this session to the trace's {@code events_discarded} (the
     * stream of the calling thread's id), so that the trace's count equals the session's; not to
     * {@link #discardedEvents(DiscardReason)}, which the session adds to its own counts.
     */
    @Override
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    public void onDiscarded(DiscardReason reason) {
        Stream stream = recordSink.home((int) Thread.currentThread().getId());
        if (!stream.isClosed()) {
            stream.countReported();
        }
    }

    /** Events discarded so far for {@code reason}, over every stream. */
    @Override
    public long discardedEvents(DiscardReason reason) {
        long total = 0;
        for (Stream stream : streams) {
            total += stream.discardedEvents(reason);
        }
        return total;
    }

    /** Events whose packets could not be written (I/O errors), in discard mode: {@code discardedEvents(WRITE_FAILED)}. */
    public long unwrittenEvents() {
        return discardedEvents(DiscardReason.WRITE_FAILED);
    }

    /**
     * Events in packets written to the stream files so far, in discard mode; -1 ("cannot say") in overwrite
     * mode, where the ring keeps the most recent events and overwrites older ones uncounted.
     */
    @Override
    public long recordedEvents() {
        return keeper == null ? -1 : keeper.recordedEvents();
    }

    /**
     * Discard mode: the longest time so far, in nanoseconds, between a sub-buffer's switch (it filled) and its delivery
     * by the session's background thread, which frees its slot for reuse: how long the ring had to absorb events on
     * its own, because that thread waited for a CPU or a writer descheduled between its claim and its commit held the
     * sub-buffer back. Size the buffers from it (docs/ctf-backend.md, "Sizing the buffers for a server"):
     * {@code subbuffer-count × subbuffer-size ≥ bytes per second per stream × this delay}, with a margin. {@code -1} in
     * overwrite mode.
     */
    public long longestDeliveryDelayNanos() {
        return keeper == null ? -1 : keeper.longestDeliveryDelayNanos();
    }

    /**
     * The trace directory, absolute (the default one is relative to the working directory); in
     * overwrite mode it holds the ring files until the session stops, a trace after.
     */
    @Override
    public Optional<String> destination() {
        return Optional.of(mode == CtfMode.OVERWRITE
                ? directory.toAbsolutePath() + " (overwrite mode: a ring until the session stops; CtfBackend.snapshot writes"
                        + " the latest packets)"
                : directory.toAbsolutePath().toString());
    }

    /** The trace directory (overwrite mode: the ring files until the session stops, a trace after). */
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
