package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.waymark.spi.BackendContext;
import io.waymark.spi.ClockAnchor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz target of the recording side's set-up ({@code docs/hardening.md}): {@link CtfBackendFactory#create}
 * with generated settings (valid, boundary, huge, malformed values of every setting, in both modes) and
 * generated trace directories (new, nested, empty, holding a file, a file, a symbolic link). Every
 * outcome is a backend or an {@link IllegalArgumentException} naming the session; a refused creation
 * leaves the directory as it was. Iterations: {@code waymark.fuzz.iterations} (default 200).
 */
class CtfSettingsFuzzTest {

    private static final long SEED = 0x57A7_1CE5L;
    private static final List<String> INTEGERS = List.of("0", "1", "2", "3", "4", "8", "-1", "255", "256", "257", "1024",
            "1025", "4096", "65536", "67108864", "67108865", "2147483647", "2147483648", "-2147483648", "", " ", "x", "1e3",
            "0x10", " 16 ", "16\n", "٣", "99999999999999999999");
    private static final List<String> MODES = List.of("discard", "overwrite", "DISCARD", " overwrite ", "", "sideways", "\u0000");
    private static final List<String> FILE_MODES = List.of("0600", "600", "0640", "0644", "0666", "0700", "0400", "0755",
            "0o600", "06000", "", "rw-------", "-1", "0999", "1600");

    @TempDir
    Path dir;

    @Test
    void everySettingsAndDirectoryGiveABackendOrAClearError() {
        int iterations = Integer.getInteger("waymark.fuzz.iterations", 200);
        Random random = new Random(SEED);
        int batch = 100;
        for (int start = 0; start < iterations; start += batch) {
            int first = start;
            int end = Math.min(iterations, start + batch);
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (int i = first; i < end; i++) {
                    one(random, i);
                }
            }, "batch from input " + first);
        }
    }

    private void one(Random random, int i) throws IOException {
        Map<String, String> settings = new HashMap<>();
        if (random.nextInt(3) > 0) {
            settings.put(CtfBackendFactory.MODE, pick(random, MODES));
        }
        // mostly small buffers (memory stays bounded), sometimes any value
        settings.put(CtfBackendFactory.STRIPES, random.nextInt(4) == 0 ? pick(random, INTEGERS) : pick(random, List.of("1", "2", "4")));
        settings.put(CtfBackendFactory.SUBBUFFER_COUNT, random.nextInt(4) == 0 ? pick(random, INTEGERS) : pick(random, List.of("2", "4")));
        settings.put(CtfBackendFactory.SUBBUFFER_SIZE, random.nextInt(4) == 0 ? pick(random, INTEGERS) : pick(random, List.of("256", "4096")));
        if (random.nextBoolean()) {
            settings.put(CtfBackendFactory.FLUSH_INTERVAL, pick(random, INTEGERS));
        }
        if (random.nextBoolean()) {
            settings.put(CtfBackendFactory.FILE_MODE, pick(random, FILE_MODES));
        }
        Path trace = directory(random, i);
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

    private Path directory(Random random, int i) throws IOException {
        Path base = dir.resolve("d" + i);
        switch (random.nextInt(6)) {
            case 0:
                return base.resolve("nested").resolve("trace");
            case 1:
                return Files.createDirectory(base);
            case 2:
                Files.createDirectory(base);
                Files.writeString(base.resolve(random.nextBoolean() ? "notes.txt" : "stream_0"), "x");
                return base;
            case 3:
                return Files.writeString(base, "a file");
            case 4:
                Files.createDirectory(dir.resolve("t" + i));
                return Files.createSymbolicLink(base, dir.resolve("t" + i));
            default:
                return base;
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

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
