package io.waymark.backend.ctf;

import static io.waymark.backend.ctf.CtfBackendFactory.DEFAULT_FLUSH_INTERVAL_MS;
import static io.waymark.backend.ctf.CtfBackendFactory.DEFAULT_OVERWRITE_SUBBUFFER_COUNT;
import static io.waymark.backend.ctf.CtfBackendFactory.DEFAULT_SUBBUFFER_COUNT;
import static io.waymark.backend.ctf.CtfBackendFactory.DEFAULT_SUBBUFFER_SIZE;
import static io.waymark.backend.ctf.CtfBackendFactory.DIRECTORY;
import static io.waymark.backend.ctf.CtfBackendFactory.FILE_MODE;
import static io.waymark.backend.ctf.CtfBackendFactory.FILESYSTEM_CHECK;
import static io.waymark.backend.ctf.CtfBackendFactory.FLUSH_INTERVAL;
import static io.waymark.backend.ctf.CtfBackendFactory.MAX_SIZE;
import static io.waymark.backend.ctf.CtfBackendFactory.MAX_SUBBUFFER_SIZE;
import static io.waymark.backend.ctf.CtfBackendFactory.MIN_SUBBUFFER_SIZE;
import static io.waymark.backend.ctf.CtfBackendFactory.MODE;
import static io.waymark.backend.ctf.CtfBackendFactory.STREAMS;
import static io.waymark.backend.ctf.CtfBackendFactory.SUBBUFFER_COUNT;
import static io.waymark.backend.ctf.CtfBackendFactory.SUBBUFFER_SIZE;
import static io.waymark.backend.ctf.CtfBackendFactory.SYNC;
import static io.waymark.backend.ctf.CtfBackendFactory.WINDOW_SIZE;

import io.waymark.backend.ctf.internal.HeapCheck;
import io.waymark.backend.ctf.internal.MappedWindows;
import io.waymark.backend.ctf.internal.TraceFiles;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * A session's CTF settings, validated: what {@link CtfBackendFactory#create} checks before it touches
 * the file system or allocates a buffer, kept apart so that it is one code path that can be fuzzed in
 * memory (docs/hardening.md). Whether the directory can be used is the backend's to find out.
 *
 * @param mode discard or overwrite
 * @param directory the trace directory (not yet checked or created)
 * @param subBufferSize bytes per sub-buffer
 * @param subBufferCount sub-buffers per stream
 * @param streams streams, a power of two
 * @param flushIntervalMs milliseconds before a partly filled packet is finalized, 0 for never
 * @param fileMode the permissions of the trace's files
 * @param windowSize bytes of a stream file mapped at once (discard mode), a multiple of {@code subBufferSize}
 * @param filesystemCheck whether copy-on-write file systems are refused (discard mode)
 * @param sync whether finalized packets and the state file are forced to the device ({@code sync=delivered})
 * @param packetsPerStream the most packets (sub-buffers) each stream file holds ({@code max-size}), {@link Long#MAX_VALUE}
 *     for no bound
 */
record CtfSettings(CtfMode mode, Path directory, int subBufferSize, int subBufferCount, int streams, int flushIntervalMs,
        int fileMode, long windowSize, boolean filesystemCheck, boolean sync, long packetsPerStream) {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    /** The former name of {@link CtfBackendFactory#STREAMS}. */
    @SuppressWarnings("deprecation")
    private static final String OLD_STREAMS = CtfBackendFactory.STRIPES;

    /** Validates {@code settings} of session {@code session}, with the heap as it is now ({@link HeapCheck}); no warnings. */
    static CtfSettings parse(String session, Map<String, String> settings) {
        return parse(session, settings, HeapCheck::shortfall, warning -> {});
    }

    /** As {@link #parse(String, Map, LongFunction, Consumer)}, without warnings. */
    static CtfSettings parse(String session, Map<String, String> settings, LongFunction<Optional<String>> heapShortfall) {
        return parse(session, settings, heapShortfall, warning -> {});
    }

    /**
     * Validates {@code settings}; {@code heapShortfall} says whether buffers of so many bytes fit in
     * the heap (empty) or describes the heap (the fuzz target passes a fixed heap: the real check may
     * collect garbage). Settings accepted but adjusted (a sub-buffer size rounded up, the former name
     * {@code stripes}) are described to {@code warnings}, one line each, naming the setting and what to set instead.
     *
     * @throws IllegalArgumentException naming the session, the setting and the remedy
     */
    static CtfSettings parse(String session, Map<String, String> settings, LongFunction<Optional<String>> heapShortfall,
            Consumer<String> warnings) {
        CtfMode mode = mode(session, settings);
        int given = intSetting(session, settings, SUBBUFFER_SIZE, DEFAULT_SUBBUFFER_SIZE, MIN_SUBBUFFER_SIZE, MAX_SUBBUFFER_SIZE);
        // a power of two: packet s starts at s << log2(S) in its stream file, and the state file requires it
        int size = Integer.bitCount(given) == 1 ? given : Integer.highestOneBit(given) << 1;
        if (size != given) {
            warnings.accept("ctf backend of session '" + session + "': setting '" + SUBBUFFER_SIZE + "' is " + given
                    + ", which is not a power of two; using " + size + " (set it to " + size + " or " + (size >> 1)
                    + " to silence this warning)");
        }
        int count = intSetting(session, settings, SUBBUFFER_COUNT,
                mode == CtfMode.OVERWRITE ? DEFAULT_OVERWRITE_SUBBUFFER_COUNT : DEFAULT_SUBBUFFER_COUNT, 2, 1024);
        String streamsKey = STREAMS;
        if (settings.containsKey(OLD_STREAMS)) {
            if (settings.containsKey(STREAMS)) {
                throw new IllegalArgumentException("ctf backend of session '" + session + "': setting '" + OLD_STREAMS
                        + "' is the former name of '" + STREAMS + "', and both are given ('" + settings.get(OLD_STREAMS)
                        + "' and '" + settings.get(STREAMS) + "'); remove '" + OLD_STREAMS + "'");
            }
            streamsKey = OLD_STREAMS;
            warnings.accept("ctf backend of session '" + session + "': setting '" + OLD_STREAMS + "' is deprecated and now called '"
                    + STREAMS + "' (same meaning); rename it: '" + OLD_STREAMS + "' will be removed");
        }
        int streams = intSetting(session, settings, streamsKey, defaultStreams(), 1, 256);
        if (Integer.bitCount(streams) != 1) {
            throw new IllegalArgumentException("ctf backend of session '" + session + "': setting '" + streamsKey + "' is "
                    + streams + ", which is not a power of two; use 1, 2, 4, ... 256");
        }
        int interval = intSetting(session, settings, FLUSH_INTERVAL, DEFAULT_FLUSH_INTERVAL_MS, 0, 3_600_000);
        int fileMode = fileMode(session, settings);
        Path directory = directory(session, settings);
        int window = intSetting(session, settings, WINDOW_SIZE, (int) MappedWindows.DEFAULT_WINDOW_SIZE, MIN_SUBBUFFER_SIZE,
                (int) MappedWindows.MAX_WINDOW_SIZE);
        // both modes' sub-buffers are pages of memory-mapped files, not heap: the backend checks the directory's space
        return new CtfSettings(mode, directory, size, count, streams, interval, fileMode,
                MappedWindows.windowSize(size, window), onOff(session, settings, FILESYSTEM_CHECK, true), sync(session, settings),
                packetsPerStream(session, settings, mode, size, count, streams));
    }

    /**
     * {@code max-size} as packets per stream file: its share of the bound, in whole sub-buffers; at least the ring's
     * sub-buffers (a stream fills them before the background thread may hold any back) and one more (the last packet
     * of a full stream file carries the discards counted after its last records).
     */
    private static long packetsPerStream(String session, Map<String, String> settings, CtfMode mode, int size, int count,
            int streams) {
        int ring = CtfBackend.ringSize(count);
        String value = settings.get(MAX_SIZE);
        if (value == null || value.isBlank()) {
            return Long.MAX_VALUE;
        }
        long bytes = byteSize(value.trim());
        if (bytes < 0) {
            throw new IllegalArgumentException("ctf backend of session '" + session + "': setting '" + MAX_SIZE + "' is '" + value
                    + "'; use a number of bytes with an optional suffix k, m or g (powers of 1024; kb, kib, mb, gb ... too: "
                    + "512m, 20GiB), 0 for no bound, or leave it unset");
        }
        if (bytes == 0) {
            return Long.MAX_VALUE;
        }
        if (mode == CtfMode.OVERWRITE) {
            throw new IllegalArgumentException("ctf backend of session '" + session + "': setting '" + MAX_SIZE + "' applies to "
                    + "discard mode; an overwrite-mode trace is bounded by its ring ('" + STREAMS + "' × '" + SUBBUFFER_COUNT
                    + "' × '" + SUBBUFFER_SIZE + "'): remove '" + MAX_SIZE + "'");
        }
        long least = (long) streams * (ring + 1) * size;
        if (bytes < least) {
            throw new IllegalArgumentException("ctf backend of session '" + session + "': setting '" + MAX_SIZE + "' is '" + value
                    + "' (" + bytes + " bytes), less than the streams need: " + least + " bytes ('" + STREAMS + "' " + streams
                    + " × ('" + SUBBUFFER_COUNT + "' " + (ring == count ? Integer.toString(ring) : count + ", rounded up to " + ring)
                    + " + 1 for the final discard count) × '" + SUBBUFFER_SIZE + "' " + size + "); raise it to at least " + least
                    + " or lower those settings");
        }
        return bytes / streams / size;
    }

    /**
     * {@code text} as bytes (digits, then an optional unit: k, m, g, alone or with b or ib, any case, all powers of
     * 1024; or b), or -1 when it is not one.
     */
    static long byteSize(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        String unit = lower.replaceFirst("^[0-9 ]*", "");
        int shift;
        switch (unit) {
            case "", "b" -> shift = 0;
            case "k", "kb", "kib" -> shift = 10;
            case "m", "mb", "mib" -> shift = 20;
            case "g", "gb", "gib" -> shift = 30;
            default -> {
                return -1;
            }
        }
        String digits = lower.substring(0, lower.length() - unit.length()).trim();
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9') || digits.length() > 18) {
            return -1;
        }
        long number = Long.parseLong(digits);
        return number > (Long.MAX_VALUE >> shift) ? -1 : number << shift;
    }

    /** The buffers of these settings do not fit in {@code heap} (described): the settings, the memory, the remedy. */
    static String tooLarge(int streams, int count, int size, String heap) {
        return "the buffers need " + HeapCheck.mib((long) streams * count * size) + " (setting '" + STREAMS + "' " + streams
                + " × '" + SUBBUFFER_COUNT + "' " + count + " × '" + SUBBUFFER_SIZE + "' " + size + " bytes), but " + heap
                + "; lower these settings or give the JVM a larger heap (-Xmx)";
    }

    private static boolean sync(String session, Map<String, String> settings) {
        String value = settings.get(SYNC);
        if (value == null) {
            return false;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "none":
                return false;
            case "delivered":
                return true;
            default:
                throw new IllegalArgumentException("ctf backend of session '" + session + "': setting '" + SYNC + "' is '" + value
                        + "'; use 'none' (the kernel writes pages back on its own schedule: a process crash loses nothing "
                        + "committed, an OS crash may lose the last ~30 s) or 'delivered' (every finalized packet is forced "
                        + "to the device), or leave it unset for 'none'");
        }
    }

    private static boolean onOff(String session, Map<String, String> settings, String key, boolean defaultValue) {
        String value = settings.get(key);
        if (value == null) {
            return defaultValue;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "on":
                return true;
            case "off":
                return false;
            default:
                throw new IllegalArgumentException("ctf backend of session '" + session + "': setting '" + key + "' is '" + value
                        + "'; use 'on' or 'off', or leave it unset for '" + (defaultValue ? "on" : "off") + "'");
        }
    }

    private static int fileMode(String session, Map<String, String> settings) {
        String value = settings.get(FILE_MODE);
        if (value == null) {
            return TraceFiles.DEFAULT_FILE_MODE;
        }
        int mode = TraceFiles.parseFileMode(value);
        if (mode < 0) {
            throw new IllegalArgumentException("ctf backend of session '" + session + "': setting '" + FILE_MODE
                    + "' is '" + value + "'; use octal permissions in which the owner reads and writes and nobody executes, "
                    + "such as 0600 (the default), 0640 (group-readable) or 0644, or leave it unset");
        }
        return mode;
    }

    private static int defaultStreams() {
        int wanted = Math.min(16, 2 * Runtime.getRuntime().availableProcessors());
        int streams = 1;
        while (streams < wanted) {
            streams <<= 1;
        }
        return streams;
    }

    private static CtfMode mode(String session, Map<String, String> settings) {
        String value = settings.getOrDefault(MODE, CtfMode.DISCARD.settingValue()).trim().toLowerCase(Locale.ROOT);
        for (CtfMode mode : CtfMode.values()) {
            if (mode.settingValue().equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("ctf backend of session '" + session + "': setting '" + MODE
                + "' is '" + settings.getOrDefault(MODE, "") + "'; use 'discard' (stream to disk, drop when full) or "
                + "'overwrite' (flight recorder, keep the latest packets in memory)");
    }

    private static Path directory(String session, Map<String, String> settings) {
        String value = settings.get(DIRECTORY);
        if (value != null && !value.isBlank()) {
            try {
                return Path.of(value.trim());
            } catch (InvalidPathException e) { // a NUL character, say: not the bare exception, which names no setting
                throw new IllegalArgumentException("ctf backend of session '" + session + "': setting '" + DIRECTORY
                        + "' is '" + value + "', which is not a path here (" + e.getReason() + "); set it to a new or "
                        + "empty writable directory, or leave it unset", e);
            }
        }
        String safeName = session.replaceAll("[^A-Za-z0-9._-]", "_");
        return Path.of("waymark-traces", safeName + "-" + LocalDateTime.now().format(STAMP));
    }

    private static int intSetting(String session, Map<String, String> settings, String key, int defaultValue, int min,
            int max) {
        String value = settings.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("ctf backend of session '" + session + "': setting '" + key
                + "' is '" + value + "'; use an integer from " + min + " to " + max + ", or leave it unset for "
                + defaultValue);
    }
}
