package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.waymark.spi.BackendContext;
import io.waymark.spi.ClockAnchor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz target of the recording side's set-up ({@code docs/hardening.md}), split where the file system starts:
 * <ul>
 *   <li>the settings parser {@link CtfSettings#parse}, in memory, with generated settings (valid, boundary, huge,
 *       malformed values of every setting, both modes, paths with NUL): settings in range that read back the same,
 *       or an {@link IllegalArgumentException} naming the session and a setting the input set; iterations
 *       {@code waymark.fuzz.iterations} (default 50,000);</li>
 *   <li>every kind of trace directory against a fixed sample of valid and invalid settings, through
 *       {@link CtfBackendFactory#create}: exhaustive, not fuzzing;</li>
 *   <li>{@link CtfBackendFactory#create} with generated settings and directories, a few hundred inputs (each
 *       creates a trace and starts a flusher thread): iterations {@code waymark.fuzz.ctf-files.iterations}
 *       (default 200), not raised by {@code fuzz-long}.</li>
 * </ul>
 */
class CtfSettingsFuzzTest {

    private static final long SEED = 0x57A7_1CE5L;
    private static final int ITERATIONS = Integer.getInteger("waymark.fuzz.iterations", 50_000);
    private static final int BATCH = 100_000;
    private static final List<String> INTEGERS = List.of("0", "1", "2", "3", "4", "8", "-1", "255", "256", "257", "1024",
            "1025", "4096", "65536", "67108864", "67108865", "2147483647", "2147483648", "-2147483648", "", " ", "x", "1e3",
            "0x10", " 16 ", "16\n", "٣", "99999999999999999999", "+8", "08", "\u00a016", "16\u0000", "3600000", "3600001");
    private static final List<String> MODES = List.of("discard", "overwrite", "DISCARD", " overwrite ", "", "sideways",
            "\u0000", "dİscard", "overwrıte", "discard\n");
    private static final List<String> FILE_MODES = List.of("0600", "600", "0640", "0644", "0666", "0700", "0400", "0755",
            "0o600", "06000", "", "rw-------", "-1", "0999", "1600", " 0640 ", "0\u0660\u0666\u0660");
    private static final List<String> DIRECTORIES = List.of("trace", " trace ", "", "   ", "a\u0000b", "/tmp/x/../y", "~",
            "\u00fc/\u00df", "a/", "//", "\ud800", "x".repeat(5000), "\n");
    /** Every setting the factory declares, and one it does not (the runtime refuses those before the factory). */
    private static final List<String> KEYS = List.of(CtfBackendFactory.MODE, CtfBackendFactory.STREAMS,
            CtfBackendFactory.SUBBUFFER_COUNT, CtfBackendFactory.SUBBUFFER_SIZE, CtfBackendFactory.FLUSH_INTERVAL,
            CtfBackendFactory.FILE_MODE, CtfBackendFactory.DIRECTORY, CtfBackendFactory.WINDOW_SIZE,
            CtfBackendFactory.FILESYSTEM_CHECK, CtfBackendFactory.SYNC, "unknown");
    private static final List<String> SYNCS = List.of("none", "delivered", "NONE", " delivered ", "", "always", "\u0000");
    private static final List<String> ON_OFF = List.of("on", "off", "ON", " off ", "", "yes", "0", "\u0000", "οn");
    /** The fuzz target's heap: a fixed 1 GiB available, so that outcomes do not depend on garbage (HeapCheck collects). */
    private static final long HEAP = 1L << 30;
    private static final LongFunction<Optional<String>> FIXED_HEAP = bytes -> bytes <= HEAP ? Optional.empty()
            : Optional.of("the heap has 1024 MiB available (the fuzz target's fixed heap)");

    @TempDir
    Path dir;

    @DisplayName("fuzz: the settings parser gives settings in range that read back the same, or a clear error")
    @Test
    void theSettingsParserGivesSettingsOrAClearError() {
        Random random = new Random(SEED);
        long began = System.nanoTime();
        long[] cpu = new long[1];
        for (int start = 0; start < ITERATIONS; start += BATCH) {
            int first = start;
            int end = Math.min(ITERATIONS, start + BATCH);
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                long cpuBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                Map<String, String> settings = new HashMap<>();
                for (int i = first; i < end; i++) {
                    settings.clear();
                    for (String key : KEYS) {
                        if (random.nextInt(3) > 0) {
                            settings.put(key, value(random, key));
                        }
                    }
                    parseOne(i, settings);
                }
                cpu[0] += ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuBefore;
            }, () -> "a batch of inputs from input " + first + " took more than 60 s (a hang?)");
        }
        System.out.printf("fuzz CtfSettingsFuzzTest parse: %,d inputs, %.1f s wall, %.1f s CPU (%.2f µs/input), 0 findings%n",
                ITERATIONS, (System.nanoTime() - began) / 1e9, cpu[0] / 1e9, cpu[0] / 1e3 / Math.max(1, ITERATIONS));
    }

    /**
     * Finding of the first long run (input 52,058): the target's own check was wrong. The directory {@code "a /"} is
     * the path {@code "a "}, whose text, set again, is trimmed to {@code "a"}: accepted settings read back the same
     * when written as given, not as the path's text.
     */
    @DisplayName("finding: a directory whose path's text ends with a blank reads back the same, written as given")
    @Test
    void directoryWithABlankBeforeATrailingSlash() {
        parseOne(52_058, Map.of(CtfBackendFactory.MODE, "overwrite", CtfBackendFactory.DIRECTORY, "a /", "unknown", "0x10"));
        assertEquals(Path.of("a "), CtfSettings.parse("s", Map.of(CtfBackendFactory.DIRECTORY, "a /")).directory());
    }

    /**
     * Finding (input 144 of the parser target): a directory setting with a NUL character made {@link Path#of} throw
     * its bare {@link java.nio.file.InvalidPathException}, which names neither the session nor the setting.
     */
    @DisplayName("finding: a directory setting that is not a path here is refused naming the session and the setting")
    @Test
    void directoryThatIsNotAPath() throws IOException {
        Map<String, String> settings = Map.of(CtfBackendFactory.DIRECTORY, "a\u0000b", CtfBackendFactory.SUBBUFFER_SIZE, "256");
        IllegalArgumentException parsed = assertThrows(IllegalArgumentException.class,
                () -> CtfSettings.parse("nul", settings, FIXED_HEAP));
        assertTrue(parsed.getMessage().startsWith("ctf backend of session 'nul': setting 'directory' is "), parsed.getMessage());
        IllegalArgumentException created = assertThrows(IllegalArgumentException.class,
                () -> new CtfBackendFactory().create(new BackendContext("nul", ClockAnchor.now(), settings)));
        assertEquals(parsed.getMessage(), created.getMessage(), "create refuses through the same parser");
    }

    private static void parseOne(int i, Map<String, String> settings) {
        String session = "fuzz-" + (i & 7);
        CtfSettings parsed;
        try {
            parsed = CtfSettings.parse(session, settings, FIXED_HEAP);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String prefix = "ctf backend of session '" + session + "': ";
            if (message == null || !message.startsWith(prefix)) {
                fail("input " + i + " (seed " + SEED + ") " + literal(settings) + ": refused without naming the session: " + e,
                        e);
            }
            boolean named = message.startsWith(prefix + "the buffers need ");
            for (int k = 0; k < KEYS.size() && !named; k++) {
                named = settings.containsKey(KEYS.get(k)) && message.startsWith(prefix + "setting '" + KEYS.get(k) + "' ");
            }
            if (!named) {
                fail("input " + i + " (seed " + SEED + ") " + literal(settings) + ": refused without naming a setting "
                        + "it sets: " + message);
            }
            return;
        } catch (RuntimeException | Error e) {
            fail("input " + i + " (seed " + SEED + ") " + literal(settings) + ": undocumented " + e, e);
            return;
        }
        String directory = settings.get(CtfBackendFactory.DIRECTORY);
        boolean named = directory != null && !directory.isBlank();
        if (!inRange(parsed) || named && !parsed.directory().equals(Path.of(directory.trim()))
                || !parsed.equals(CtfSettings.parse(session, canonical(parsed, named ? directory : null), FIXED_HEAP))) {
            fail("input " + i + " (seed " + SEED + ") " + literal(settings) + ": accepted as " + parsed
                    + ", which is out of range or does not read back the same");
        }
    }

    /** The documented ranges: what the backend may allocate and create from accepted settings. */
    private static boolean inRange(CtfSettings s) {
        return s.subBufferSize() >= CtfBackendFactory.MIN_SUBBUFFER_SIZE && s.subBufferSize() <= CtfBackendFactory.MAX_SUBBUFFER_SIZE
                && s.subBufferCount() >= 2 && s.subBufferCount() <= 1024 && Integer.bitCount(s.streams()) == 1
                && s.streams() <= 256 && s.flushIntervalMs() >= 0 && s.flushIntervalMs() <= 3_600_000
                && (s.fileMode() & 0600) == 0600 && (s.fileMode() & ~0666) == 0
                // no heap bound in either mode: the buffers are mapped files, whose space the backend checks at creation
                && s.windowSize() >= s.subBufferSize() && s.windowSize() % s.subBufferSize() == 0 && s.windowSize() <= 1L << 30
                && s.directory() != null
                && s.mode() != null;
    }

    /**
     * Accepted settings written as plain values, as a user would; the directory as it was given, if it was: a path's
     * text may not read back as the same path ({@code "a /"} is the path {@code "a "}, whose blank a setting loses).
     */
    private static Map<String, String> canonical(CtfSettings s, String directory) {
        return Map.of(CtfBackendFactory.SYNC, s.sync() ? "delivered" : "none",
                CtfBackendFactory.WINDOW_SIZE, Long.toString(s.windowSize()), CtfBackendFactory.FILESYSTEM_CHECK,
                s.filesystemCheck() ? "on" : "off", CtfBackendFactory.MODE, s.mode().settingValue(), CtfBackendFactory.STREAMS, Integer.toString(s.streams()),
                CtfBackendFactory.SUBBUFFER_COUNT, Integer.toString(s.subBufferCount()), CtfBackendFactory.SUBBUFFER_SIZE,
                Integer.toString(s.subBufferSize()), CtfBackendFactory.FLUSH_INTERVAL, Integer.toString(s.flushIntervalMs()),
                CtfBackendFactory.FILE_MODE, "0" + Integer.toOctalString(s.fileMode()), CtfBackendFactory.DIRECTORY,
                directory != null ? directory : s.directory().toString());
    }

    /** A value for {@code key}: a typical one, one of the lists mutated, or random characters. */
    private static String value(Random random, String key) {
        List<String> typical = switch (key) {
            case CtfBackendFactory.MODE -> MODES;
            case CtfBackendFactory.FILE_MODE -> FILE_MODES;
            case CtfBackendFactory.DIRECTORY -> DIRECTORIES;
            case CtfBackendFactory.FILESYSTEM_CHECK -> ON_OFF;
            case CtfBackendFactory.SYNC -> SYNCS;
            default -> INTEGERS;
        };
        String value = pick(random, typical);
        switch (random.nextInt(8)) {
            case 0 -> { // a character inserted: digits of other scripts, blanks, NUL, signs
                int at = random.nextInt(value.length() + 1);
                char c = "0123456789 \t\u0000+-_\u0660\uff10\u00a0\ud800".charAt(random.nextInt(18));
                return value.substring(0, at) + c + value.substring(at);
            }
            case 1 -> { // a character removed
                if (value.isEmpty()) {
                    return value;
                }
                int at = random.nextInt(value.length());
                return value.substring(0, at) + value.substring(at + 1);
            }
            case 2 -> { // random characters
                char[] chars = new char[random.nextInt(12)];
                for (int c = 0; c < chars.length; c++) {
                    chars[c] = (char) (random.nextBoolean() ? '0' + random.nextInt(10) : random.nextInt(0x3000));
                }
                return new String(chars);
            }
            default -> {
                return value;
            }
        }
    }

    /** The seven kinds of trace directory (docs/hardening.md). */
    enum DirectoryKind { NEW, NEW_UNDER_MISSING_PARENTS, EMPTY, FOREIGN_FILE, LEFTOVER_STREAM, REGULAR_FILE, SYMBOLIC_LINK }

    /** Settings and whether they are valid (the buffers of every valid one are small). */
    private static final List<Map<String, String>> VALID = List.of(Map.of(),
            Map.of(CtfBackendFactory.MODE, "overwrite", CtfBackendFactory.SUBBUFFER_SIZE, "256"),
            Map.of(CtfBackendFactory.STREAMS, "1", CtfBackendFactory.SUBBUFFER_SIZE, "256", CtfBackendFactory.SUBBUFFER_COUNT,
                    "2", CtfBackendFactory.FLUSH_INTERVAL, "0", CtfBackendFactory.FILE_MODE, "0640"),
            Map.of(CtfBackendFactory.MODE, " DISCARD ", CtfBackendFactory.FILE_MODE, "644", CtfBackendFactory.STREAMS, " 2 "));
    private static final List<Map<String, String>> INVALID = List.of(Map.of(CtfBackendFactory.STREAMS, "3"),
            Map.of(CtfBackendFactory.SUBBUFFER_SIZE, "255"), Map.of(CtfBackendFactory.MODE, "sideways"),
            Map.of(CtfBackendFactory.FILE_MODE, "0700"), Map.of(CtfBackendFactory.FLUSH_INTERVAL, "-1"),
            Map.of(CtfBackendFactory.SUBBUFFER_COUNT, "x"), Map.of(CtfBackendFactory.MODE, "overwrite",
                    CtfBackendFactory.STREAMS, "256", CtfBackendFactory.SUBBUFFER_COUNT, "1024", CtfBackendFactory.SUBBUFFER_SIZE,
                    "67108864"));

    @DisplayName("every kind of trace directory, against valid and invalid settings: a trace, or a clear error and no trace")
    @Test
    void everyDirectoryKindAgainstValidAndInvalidSettings() throws IOException {
        int n = 0;
        for (DirectoryKind kind : DirectoryKind.values()) {
            for (boolean valid : new boolean[] {true, false}) {
                for (Map<String, String> sample : valid ? VALID : INVALID) {
                    Path trace = directory(kind, n++);
                    Map<String, String> settings = new HashMap<>(sample);
                    settings.put(CtfBackendFactory.DIRECTORY, trace.toString());
                    String session = "kinds-" + n;
                    List<String> before = listing(trace);
                    BackendContext context = new BackendContext(session, ClockAnchor.now(), settings);
                    // both modes write into the directory (overwrite mode: its ring files, a trace after the stop)
                    boolean usable = switch (kind) {
                        case NEW, NEW_UNDER_MISSING_PARENTS, EMPTY -> true;
                        default -> false;
                    };
                    String what = kind + " " + settings;
                    if (valid && usable) {
                        CtfBackend backend = new CtfBackendFactory().create(context);
                        backend.close();
                        Path metadata = trace.resolve("metadata");
                        assertTrue(Files.isRegularFile(metadata, LinkOption.NOFOLLOW_LINKS), what);
                        assertEquals(settings.getOrDefault(CtfBackendFactory.FILE_MODE, "0600").trim().replaceFirst("^0?", "0"),
                                "0" + Integer.toOctalString(mode(metadata)), "the metadata's permissions: " + what);
                    } else {
                        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                                () -> new CtfBackendFactory().create(context).close(), what);
                        assertTrue(e.getMessage().startsWith("ctf backend of session '" + session + "': "), e.getMessage());
                        assertEquals(before, listing(trace), "a refused creation leaves the directory as it was: " + what);
                    }
                }
            }
        }
    }

    private static int mode(Path file) throws IOException {
        int mode = 0;
        for (char c : PosixFilePermissions.toString(Files.getPosixFilePermissions(file)).toCharArray()) {
            mode = mode << 1 | (c == '-' ? 0 : 1);
        }
        return mode;
    }

    @DisplayName("fuzz: creating a backend with generated settings and directories gives a backend or a clear error")
    @Test
    void everySettingsAndDirectoryGiveABackendOrAClearError() {
        int iterations = Integer.getInteger("waymark.fuzz.ctf-files.iterations", 200);
        Random random = new Random(SEED);
        int batch = 100;
        for (int start = 0; start < iterations; start += batch) {
            int first = start;
            int end = Math.min(iterations, start + batch);
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (int i = first; i < end; i++) {
                    createOne(random, i);
                }
            }, "batch from input " + first);
        }
    }

    private void createOne(Random random, int i) throws IOException {
        Map<String, String> settings = new HashMap<>();
        if (random.nextInt(3) > 0) {
            settings.put(CtfBackendFactory.MODE, pick(random, MODES));
        }
        // mostly small buffers (memory stays bounded), sometimes any value
        settings.put(CtfBackendFactory.STREAMS, random.nextInt(4) == 0 ? pick(random, INTEGERS) : pick(random, List.of("1", "2", "4")));
        settings.put(CtfBackendFactory.SUBBUFFER_COUNT, random.nextInt(4) == 0 ? pick(random, INTEGERS) : pick(random, List.of("2", "4")));
        settings.put(CtfBackendFactory.SUBBUFFER_SIZE, random.nextInt(4) == 0 ? pick(random, INTEGERS) : pick(random, List.of("256", "4096")));
        if (random.nextBoolean()) {
            settings.put(CtfBackendFactory.FLUSH_INTERVAL, pick(random, INTEGERS));
        }
        if (random.nextBoolean()) {
            settings.put(CtfBackendFactory.FILE_MODE, pick(random, FILE_MODES));
        }
        Path trace = directory(DirectoryKind.values()[random.nextInt(DirectoryKind.values().length)], i);
        settings.put(CtfBackendFactory.DIRECTORY, trace.toString());
        List<String> before = listing(trace);
        CtfBackend backend;
        try {
            backend = new CtfBackendFactory().create(new BackendContext("fuzz-" + i, ClockAnchor.now(), settings));
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("ctf backend of session 'fuzz-" + i + "': "), e.getMessage());
            assertTrue(before.equals(listing(trace)), "a refused creation leaves " + trace + " as it was: " + settings);
            return;
        } catch (Throwable t) {
            fail("input " + i + " " + settings + ": undocumented " + t, t);
            return;
        }
        backend.close();
    }

    private Path directory(DirectoryKind kind, int i) throws IOException {
        Path base = dir.resolve("d" + i);
        switch (kind) {
            case NEW:
                return base;
            case NEW_UNDER_MISSING_PARENTS:
                return base.resolve("nested").resolve("trace");
            case EMPTY:
                return Files.createDirectory(base);
            case FOREIGN_FILE:
                Files.createDirectory(base);
                Files.writeString(base.resolve("notes.txt"), "x");
                return base;
            case LEFTOVER_STREAM:
                Files.createDirectory(base);
                Files.writeString(base.resolve("stream_0"), "x");
                return base;
            case REGULAR_FILE:
                return Files.writeString(base, "a file");
            default:
                Files.createDirectory(dir.resolve("t" + i));
                return Files.createSymbolicLink(base, dir.resolve("t" + i));
        }
    }

    private static List<String> listing(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(String.valueOf(Files.exists(path)));
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.map(Path::toString).sorted().toList();
        }
    }

    /** The settings as Java literals, to keep a failing input as a regression test. */
    static String literal(Map<String, String> settings) {
        List<String> entries = new ArrayList<>();
        settings.forEach((k, v) -> {
            StringBuilder s = new StringBuilder("\"").append(k).append("\", \"");
            v.chars().forEach(c -> s.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? String.valueOf((char) c)
                    : String.format("\\u%04x", c)));
            entries.add(s.append('"').toString());
        });
        return "Map.of(" + String.join(", ", entries) + ")";
    }

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
