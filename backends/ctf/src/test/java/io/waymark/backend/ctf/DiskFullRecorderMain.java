package io.waymark.backend.ctf;

import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.SessionStatistics;
import io.waymark.core.Tracing;
import io.waymark.ctftest.ShopEvents;
import io.waymark.spi.DiscardReason;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The child JVM of {@link CtfDiskFullTest}: records {@code tick(thread, sequence)} from several threads
 * into a trace on a small file system (a private tmpfs) while it fills it to the last block with
 * another file and frees it, twice; then stops the session and copies the trace and its counts out
 * (the mount dies with the child's namespace).
 *
 * <p>Arguments: the file system's directory, the output directory, thread count, events per thread per
 * millisecond. Writes {@code result.properties} and {@code trace/} into the output directory.
 */
public final class DiskFullRecorderMain {

    private DiskFullRecorderMain() {}

    public static void main(String[] args) throws Exception {
        Path disk = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int threads = Integer.parseInt(args[2]);
        int burst = Integer.parseInt(args[3]);
        Path trace = disk.resolve("trace");
        Path filler = disk.resolve("filler");

        AtomicLong applicationErrors = new AtomicLong();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        Thread.UncaughtExceptionHandler uncaught = (thread, e) -> {
            applicationErrors.incrementAndGet();
            firstError.compareAndSet(null, e);
        };
        ShopEvents shop = Waymark.provider(ShopEvents.class);
        Session session = Tracing.createSession(SessionConfig.builder("disk-full").backend(new CtfBackendFactory())
                .enable("ctftest.shop:tick").setting("directory", trace.toString())
                // 2 MiB in flight (the defaults need 64 MiB, more than the 8 MiB disk: refused at creation)
                .setting("streams", "4").setting("subbuffer-size", "131072").setting("subbuffer-count", "4").build());
        session.start();
        AtomicLongArray emitted = new AtomicLongArray(threads);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers[t] = new Thread(() -> {
                int inBurst = 0;
                for (long i = 0; !Thread.currentThread().isInterrupted(); i++) {
                    try {
                        shop.tick(thread, i);
                    } catch (Throwable e) { // an application thread must never see the backend's trouble
                        applicationErrors.incrementAndGet();
                        firstError.compareAndSet(null, e);
                    }
                    emitted.lazySet(thread, i + 1);
                    if (++inBurst == burst) {
                        inBurst = 0;
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "emitter-" + t);
            workers[t].setUncaughtExceptionHandler(uncaught);
            workers[t].start();
        }

        // fill, free, fill, free: the writes of the backend fail with ENOSPC in between
        Thread.sleep(300);
        long filled1 = fill(filler);
        Thread.sleep(400);
        Files.delete(filler);
        Thread.sleep(300);
        long filled2 = fill(filler);
        Thread.sleep(400);
        Files.delete(filler);
        Thread.sleep(300);

        for (Thread worker : workers) {
            worker.interrupt();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        session.stop();
        SessionStatistics statistics = session.statistics();
        CtfBackend backend = (CtfBackend) session.backend();
        Properties result = new Properties();
        long total = 0;
        for (int t = 0; t < threads; t++) {
            result.setProperty("emitted." + t, Long.toString(emitted.get(t)));
            total += emitted.get(t);
        }
        result.setProperty("emitted", Long.toString(total));
        result.setProperty("statistics.discardedEvents", Long.toString(statistics.discardedEvents()));
        result.setProperty("statistics.recordedEvents", Long.toString(statistics.recordedEvents()));
        for (DiscardReason reason : DiscardReason.values()) {
            result.setProperty("statistics.discarded." + reason, Long.toString(statistics.discarded(reason)));
        }
        result.setProperty("backend.discardedEvents", Long.toString(backend.discardedEvents()));
        result.setProperty("backend.unwrittenEvents", Long.toString(backend.unwrittenEvents()));
        for (DiscardReason reason : DiscardReason.values()) {
            result.setProperty("backend.discardedEvents." + reason, Long.toString(backend.discardedEvents(reason)));
        }
        session.close();
        result.setProperty("applicationErrors", Long.toString(applicationErrors.get()));
        result.setProperty("firstError", String.valueOf(firstError.get()));
        result.setProperty("filled.bytes", filled1 + "," + filled2);

        Path copy = Files.createDirectories(out.resolve("trace"));
        try (Stream<Path> files = Files.list(trace)) {
            for (Path file : files.toList()) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
        }
        try (OutputStream stream = Files.newOutputStream(out.resolve("result.properties"))) {
            result.store(stream, "DiskFullRecorderMain");
        }
    }

    /** Writes {@code file} until the file system is full (ENOSPC); returns the bytes written. */
    private static long fill(Path file) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        long written = 0;
        try (OutputStream stream = Files.newOutputStream(file)) {
            while (true) {
                stream.write(chunk);
                written += chunk.length;
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        // the last partial chunk may still fit byte by byte: fill to the very last block
        try (OutputStream stream = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = 0; i < chunk.length; i++) {
                stream.write(0);
                stream.flush();
                written++;
            }
        } catch (IOException e) {
            // full
        }
        return written;
    }
}
