package io.waymark.benchmarks;

import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.SessionStatistics;
import io.waymark.core.Tracing;
import io.waymark.spi.DiscardReason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Sustained recording to disk, against the disk itself. {@code dd} writes 1 GiB into a directory (printed only: on a
 * virtual machine that is a burst into the host's cache); a 2 s recording of the benchmark event with the CTF backend
 * (discard mode), flat out from one thread, estimates the volume a recording writes; {@code dd} writes that volume (at
 * least 1 GiB, at most 8 GiB), one thread records flat out for the given time, {@code dd} writes the volume again, and
 * the recording is compared with the mean of the two and with the lower (on a virtual machine, {@code dd} into an
 * empty host cache measures the host's memory, the lower one the disk). Finally one thread records at half of the
 * lower. Every recording counts until its files are on the disk ({@code fsync}), as {@code dd} does
 * ({@code conv=fdatasync}). Goals (issue 14, docs/performance.md): at least 90% of {@code dd} flat out; no discarded
 * event at half of it.
 *
 * <p>Each line also says what was discarded, by reason, and how many bytes the trace's device wrote
 * meanwhile ({@code /proc/diskstats}, sectors written × 512; the whole device, so other writers on it count
 * too): more than the trace's size shows a cost such as zero-filling pre-allocated space.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.waymark.benchmarks.CtfThroughput [directory] [seconds] [setting=value ...]</pre>
 *
 * Without settings the session uses {@code subbuffer-size=1048576 subbuffer-count=16}; {@code defaults}
 * as the third argument records with the backend's defaults.
 */
public final class CtfThroughput {

    private static final BenchEvents EVENTS = Waymark.provider(BenchEvents.class);

    private CtfThroughput() {}

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Map<String, String> settings = new LinkedHashMap<>();
        if (args.length > 2 && !args[2].equals("defaults")) {
            for (int i = 2; i < args.length; i++) {
                String[] kv = args[i].split("=", 2);
                settings.put(kv[0], kv[1]);
            }
        } else if (args.length <= 2) {
            settings.put("subbuffer-size", String.valueOf(1 << 20));
            settings.put("subbuffer-count", "16");
        }
        Path work = Files.createTempDirectory(base, "waymark-throughput");
        String device = DiskStats.deviceOf(work);
        System.out.println("directory " + work + " on " + device + ", settings " + (settings.isEmpty() ? "(defaults)" : settings)
                + ", " + seconds + " s per recording");
        try {
            long ddDevice = DiskStats.sectorsWritten(device);
            double ddBurst = dd(work, 1024);
            ddDevice = DiskStats.sectorsWritten(device) - ddDevice;
            System.out.printf(Locale.ROOT, "dd (1 GiB, conv=fdatasync):         %8.1f MB/s (a burst: on a virtual machine, the host's cache)  device wrote %,.1f MB%n",
                    ddBurst / 1e6, ddDevice * 512 / 1e6);

            // sustained means as many bytes as the recording writes: a short recording first (it also warms the JIT up)
            // tells about how many (its rate counts the JIT's warm-up and the closing fsync: scaled by 1.25, since 10 s
            // recordings wrote 1.15 to 1.33 times its estimate), then dd writes that volume before and after the measured
            // recording. On a virtual machine a dd into an empty host cache runs at the host's memory speed (1.2 to
            // 3 GB/s here, even for 5 to 8 GiB) and one after a recording at the disk's (400 to 430 MB/s): the ratio is
            // taken against the mean of the two, and against the lower, which the pace at half uses (above the disk's
            // own rate, a pace fills any buffer)
            Result warmUp = record(work.resolve("warm-up"), settings, 2, 0, device);
            int megabytes = (int) Math.max(1024, Math.min(8192, (long) (1.25 * warmUp.bytesPerSecond() * seconds) >> 20));
            double ddBefore = dd(work, megabytes);
            System.out.printf(Locale.ROOT, "dd (%,d MiB, about the recording's volume): %8.1f MB/s%n", megabytes, ddBefore / 1e6);
            Result full = record(work.resolve("full"), settings, seconds, 0, device);
            double ddAfter = dd(work, megabytes);
            System.out.printf(Locale.ROOT, "dd (%,d MiB, after the recording):   %8.1f MB/s%n", megabytes, ddAfter / 1e6);
            double ddMean = (ddBefore + ddAfter) / 2;
            double ddLower = Math.min(ddBefore, ddAfter);
            System.out.printf(Locale.ROOT, "ctf, one thread flat out:           %8.1f MB/s (%3.0f%% of dd's mean %.1f MB/s, %3.0f%% of the lower %.1f, %3.0f%% of the 1 GiB burst)  %s%n",
                    full.bytesPerSecond() / 1e6, 100 * full.bytesPerSecond() / ddMean, ddMean / 1e6,
                    100 * full.bytesPerSecond() / ddLower, ddLower / 1e6, 100 * full.bytesPerSecond() / ddBurst, full.describe());

            double halfRate = ddLower / 2 / full.bytesPerEvent();
            Result half = record(work.resolve("half"), settings, seconds, halfRate, device);
            System.out.printf(Locale.ROOT, "ctf at half of the lower dd (%,9.0f events/s, %.1f MB/s): %8.1f MB/s  %s%n",
                    halfRate, ddLower / 2e6, half.bytesPerSecond() / 1e6, half.describe());
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

    record Result(long bytes, long nanos, long recorded, long discarded, Map<DiscardReason, Long> byReason, long deviceBytes,
            long longestDelayNanos) {
        double bytesPerSecond() {
            return bytes / (nanos / 1e9);
        }

        String describe() {
            String disk = deviceBytes < 0 ? "device's writes unknown"
                    : String.format(Locale.ROOT, "device wrote %,.1f MB (%.2f× the trace)", deviceBytes / 1e6,
                            bytes == 0 ? 0 : (double) deviceBytes / bytes);
            return String.format(Locale.ROOT, "%,d events recorded, %,d discarded %s; trace %,.1f MB, %s; longest delivery delay %.1f ms",
                    recorded, discarded, byReason.isEmpty() ? "" : byReason.toString(), bytes / 1e6, disk, longestDelayNanos / 1e6);
        }

        double bytesPerEvent() {
            return recorded == 0 ? 1 : (double) bytes / recorded;
        }
    }

    /** Records for {@code seconds}, flat out when {@code eventsPerSecond} is 0, and counts until the files are synced. */
    static Result record(Path directory, Map<String, String> settings, int seconds, double eventsPerSecond, String device)
            throws IOException {
        SessionConfig.Builder builder = SessionConfig.builder("throughput-" + directory.getFileName())
                .backend("ctf")
                .setting("directory", directory.toString())
                .enable("bench:orderPlaced");
        settings.forEach(builder::setting);
        Session session = Tracing.createSession(builder.build());
        long sectorsBefore = DiskStats.sectorsWritten(device);
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
        long deviceBytes = sectorsBefore < 0 ? -1 : (DiskStats.sectorsWritten(device) - sectorsBefore) * 512;
        Map<DiscardReason, Long> byReason = new EnumMap<>(DiscardReason.class);
        byReason.putAll(statistics.discarded());
        long delay = session.backend() instanceof io.waymark.backend.ctf.CtfBackend ctf ? ctf.longestDeliveryDelayNanos() : -1;
        return new Result(bytes, nanos, emitted - statistics.discardedEvents(), statistics.discardedEvents(), byReason,
                deviceBytes, delay);
    }

    /** The written-sectors counter of a block device in {@code /proc/diskstats} (Linux; -1 elsewhere). */
    static final class DiskStats {

        private DiskStats() {}

        /** The diskstats name of the device holding {@code path} ({@code vda}, {@code nvme0n1p2}), or "?" when unknown. */
        static String deviceOf(Path path) {
            try {
                String name = Files.getFileStore(path).name(); // "/dev/vda" for a block device's file system
                return name.startsWith("/dev/") ? name.substring("/dev/".length()) : "?";
            } catch (IOException e) {
                return "?";
            }
        }

        /** Sectors (512 bytes) written to {@code device} since boot, or -1 when /proc/diskstats does not list it. */
        static long sectorsWritten(String device) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/diskstats"))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[2].equals(device)) {
                        return Long.parseLong(f[9]); // major minor name, reads: completed merged sectors ms, writes: completed merged sectors
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or no such device (tmpfs, overlay): reported as -1
            }
            return -1;
        }
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
