package io.waymark.backend.ctf;

import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.ctftest.ShopEvents;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The child JVM of {@link CtfCrashTest}: records {@code tick(thread, sequence)} events from several
 * threads into a CTF trace until the parent kills it with SIGKILL.
 *
 * <p>Arguments: trace directory, marks file, thread count, mode ({@code discard} or {@code overwrite}),
 * events per thread per millisecond (a burst, then a 1 ms sleep: a pace the disk keeps up with).
 *
 * <p>After each {@code tick} call returns, the thread stores how many of its calls returned into its
 * slot of the <em>marks</em> file, a shared memory mapping outside the trace and outside Waymark: its
 * pages belong to the kernel, so they survive SIGKILL as a memory-mapped trace would. Before the
 * first event of every block of {@link CrashMarks#BLOCK} events the thread also stores
 * {@link System#nanoTime()} (CLOCK_MONOTONIC on Linux, the same clock in every process), so the parent
 * can tell how old a lost event was when the child was killed.
 */
public final class CrashRecorderMain {

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private CrashRecorderMain() {}

    public static void main(String[] args) throws Exception {
        Path trace = Path.of(args[0]);
        Path marksFile = Path.of(args[1]);
        int threads = Integer.parseInt(args[2]);
        String mode = args[3];
        int burst = Integer.parseInt(args[4]);
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(3); // the parent is gone: do not linger
        });
        watchdog.setDaemon(true);
        watchdog.start();

        MappedByteBuffer marks;
        try (FileChannel channel = FileChannel.open(marksFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            marks = channel.map(FileChannel.MapMode.READ_WRITE, 0, CrashMarks.size(threads)); // stays mapped after close
        }
        ShopEvents shop = Waymark.provider(ShopEvents.class);
        Session session = Tracing.createSession(SessionConfig.builder("crash").backend(new CtfBackendFactory())
                .enable("ctftest.shop:tick").setting("directory", trace.toString()).setting("mode", mode).build());
        session.start();
        long start = System.nanoTime();
        LONGS.setRelease(marks, CrashMarks.START, start);
        LONGS.setRelease(marks, CrashMarks.THREADS, (long) threads);
        System.out.println("started " + start); // before the threads start: the parent times the kill from here
        System.out.flush();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            int done = CrashMarks.done(thread);
            int times = CrashMarks.times(thread);
            Thread worker = new Thread(() -> {
                int inBurst = 0;
                for (long i = 0; ; i++) {
                    if ((i & (CrashMarks.BLOCK - 1)) == 0) {
                        LONGS.setRelease(marks, times + CrashMarks.ringIndex(i) * 8, System.nanoTime());
                    }
                    shop.tick(thread, i);
                    // release: the mark is stored after everything the emit call stored (a plain mov on x86)
                    LONGS.setRelease(marks, done, i + 1);
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
            worker.setDaemon(true);
            worker.start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
