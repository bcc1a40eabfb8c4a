package io.waymark.benchmarks;

import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.SessionStatistics;
import io.waymark.core.Tracing;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Sustained recording to disk, against the disk itself: measures {@code dd}'s sequential write
 * bandwidth into a directory, then records the benchmark event with the CTF backend (discard mode)
 * into the same directory as fast as one thread can emit, and finally at half of {@code dd}'s
 * bandwidth. Both recordings count until their files are on the disk ({@code fsync}). Goals
 * (docs/performance.md): at least 70% of {@code dd}; no discarded event at half of it.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.waymark.benchmarks.CtfThroughput [directory] [seconds]</pre>
 */
public final class CtfThroughput {

    private static final BenchEvents EVENTS = Waymark.provider(BenchEvents.class);

    private CtfThroughput() {}

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path work = Files.createTempDirectory(base, "waymark-throughput");
        try {
            double ddBytesPerSecond = dd(work, 1024);
            System.out.printf(Locale.ROOT, "dd (1 GiB, conv=fdatasync):        %8.1f MB/s%n", ddBytesPerSecond / 1e6);

            Result full = record(work.resolve("full"), seconds, 0);
            System.out.printf(Locale.ROOT, "ctf, one thread flat out:          %8.1f MB/s  (%.0f%% of dd)  %,d events recorded, %,d discarded%n",
                    full.bytesPerSecond() / 1e6, 100 * full.bytesPerSecond() / ddBytesPerSecond, full.recorded(), full.discarded());

            double halfRate = ddBytesPerSecond / 2 / full.bytesPerEvent();
            Result half = record(work.resolve("half"), seconds, halfRate);
            System.out.printf(Locale.ROOT, "ctf at half of dd (%,.0f events/s): %8.1f MB/s  %,d events recorded, %,d discarded%n",
                    halfRate, half.bytesPerSecond() / 1e6, half.recorded(), half.discarded());
        } finally {
            delete(work);
        }
    }

    /** dd's sequential write bandwidth in bytes per second, data flushed to the disk before dd exits. */
    static double dd(Path directory, int megabytes) throws IOException, InterruptedException {
        Path target = directory.resolve("dd.bin");
        Process dd = new ProcessBuilder("dd", "if=/dev/zero", "of=" + target, "bs=1M", "count=" + megabytes, "conv=fdatasync")
                .redirectErrorStream(true).start();
        long start = System.nanoTime();
        String output = new String(dd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (dd.waitFor() != 0) {
            throw new IOException("dd failed: " + output);
        }
        long elapsed = System.nanoTime() - start;
        Files.delete(target);
        return megabytes * 1048576.0 / (elapsed / 1e9);
    }

    record Result(long bytes, long nanos, long recorded, long discarded) {
        double bytesPerSecond() {
            return bytes / (nanos / 1e9);
        }

        double bytesPerEvent() {
            return recorded == 0 ? 1 : (double) bytes / recorded;
        }
    }

    /** Records for {@code seconds}, flat out when {@code eventsPerSecond} is 0, and counts until the files are synced. */
    static Result record(Path directory, int seconds, double eventsPerSecond) throws IOException {
        Session session = Tracing.createSession(SessionConfig.builder("throughput-" + directory.getFileName())
                .backend("ctf")
                .setting("directory", directory.toString())
                .setting("subbuffer-size", String.valueOf(1 << 20))
                .setting("subbuffer-count", "16")
                .enable("bench:orderPlaced")
                .build());
        session.start();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long emitted = 0;
        String sku = "SKU-000000000001";
        if (eventsPerSecond <= 0) {
            for (long now = start; now < end; now = System.nanoTime()) {
                for (int i = 0; i < 1000; i++) {
                    EVENTS.orderPlaced(emitted++, i, sku);
                }
            }
        } else {
            double nanosPerEvent = 1e9 / eventsPerSecond;
            for (long now = start; now < end; now = System.nanoTime()) {
                long due = (long) ((now - start) / nanosPerEvent);
                while (emitted < due) {
                    EVENTS.orderPlaced(emitted++, 1, sku);
                }
                LockSupport.parkNanos(50_000);
            }
        }
        session.close();
        SessionStatistics statistics = session.statistics();
        long bytes = syncAll(directory);
        long nanos = System.nanoTime() - start;
        return new Result(bytes, nanos, emitted - statistics.discardedEvents(), statistics.discardedEvents());
    }

    private static long syncAll(Path directory) throws IOException {
        long bytes = 0;
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.force(true);
                    bytes += channel.size();
                }
            }
        }
        return bytes;
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

}
