package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's crash test: a child JVM ({@link CrashRecorderMain}) records from 2 or 16 threads and is
 * killed with SIGKILL at a random moment, at least a fifth of the kills within its first 100 ms of
 * recording; the trace is recovered ({@link CtfRecovery}) and read by {@link CtfTraceReader} and by
 * babeltrace2, and every thread's numbers are compared with its mark (the last number whose emit call
 * returned, kept in a memory-mapped file outside the trace).
 *
 * <p><b>Always asserted</b> (true of today's flusher and of the mapped streams to come): the child died
 * of SIGKILL; a discard-mode trace exists; recovery succeeds; babeltrace2 reads the recovered trace
 * (exit 0) and delivers exactly the events {@link CtfTraceReader} delivers, which skips nothing; no event
 * is malformed or duplicated; no number exceeds its thread's mark + 1 (the event whose emit was cut is
 * whole or absent); and, unless the trace counts discarded events, nothing emitted more than
 * {@code waymark.crash.keptAfterMs} (default 1000 ms, ten flush intervals) before the kill is lost (with
 * discards: no more such old events missing than the trace counts as discarded).
 *
 * <p><b>Loss is a suffix (on by default; {@code -Dwaymark.crash.lossIsSuffix=false} turns it off)</b>: what a
 * thread lost is a suffix of its numbers (no gap below the last number kept, beyond the discarded count).
 * It failed with the striped buffers (a thread moved on to another stripe when its own was busy, and a
 * stripe whose packet was written could hold its later events); every writer now commits to its own stream.
 *
 * <p><b>Zero loss</b> (issue 14's acceptance; implies the suffix check), asserted by default in both modes
 * ({@code -Dwaymark.crash.zeroLoss=false} only measures it). Discard mode: every number of a thread up to its mark
 * is in the recovered trace. Overwrite mode (the ring is a memory-mapped file on {@code /dev/shm}, which keeps the
 * newest packets and overwrites the oldest): for each thread, with {@code first} its smallest number in the
 * recovered trace, every number from {@code first} up to its mark is there (no gap above the oldest kept number, the
 * mark's event present); numbers below {@code first} were overwritten, not lost. A thread with committed events
 * and none kept counts them all as lost.
 *
 * <p>Every kill prints one line (loss per thread, age of the oldest lost event at the kill); the class
 * prints a summary and writes it to {@code target/crash-test-summary.txt}. Kills per configuration:
 * {@code -Dwaymark.crash.kills} (default 2; the {@code stress} profile runs 100); seed:
 * {@code -Dwaymark.crash.seed}.
 */
class CtfCrashTest {

    private static final Pattern TICK = Pattern.compile("thread = (\\d+), sequence = (\\d+)");
    /** Unset or {@code true}: asserted in both modes (memory-mapped stream files and rings); {@code false}: measured. */
    private static final String ZERO_LOSS_SETTING = System.getProperty("waymark.crash.zeroLoss", "");
    private static final boolean LOSS_IS_SUFFIX = Boolean.parseBoolean(System.getProperty("waymark.crash.lossIsSuffix", "true"));
    private static final int KILLS = Integer.getInteger("waymark.crash.kills", 2);
    private static final long KEPT_AFTER_MS = Long.getLong("waymark.crash.keptAfterMs", 1000);
    private static final long LATE_MAX_MS = Long.getLong("waymark.crash.lateMaxMs", KILLS > 10 ? 3000 : 1500);
    private static final long SEED = Long.getLong("waymark.crash.seed", System.nanoTime());
    private static final List<Kill> KILLED = new ArrayList<>();

    @TempDir
    Path dir;

    /** What one kill left, per thread. */
    private record Kill(String config, int threads, long delayMillis, long[] marks, long[] lost, long gaps,
            long oldestLostAgeMillis, long oldestGapAgeMillis,
            long recorded, long discarded, boolean traceLeft) {

        long totalLost() {
            return Arrays.stream(lost).sum();
        }

        long totalMarked() {
            return Arrays.stream(marks).map(m -> m + 1).sum();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-20s killed at %4d ms: committed %8d, lost %7d%s%s, oldest lost %s, recorded %d,"
                    + " discarded %d%s", config, delayMillis, totalMarked(), totalLost(),
                    totalLost() == 0 ? "" : " " + Arrays.toString(lost),
                    gaps == 0 ? "" : " (" + gaps + " of them below a thread's last kept event, the oldest "
                            + oldestGapAgeMillis + " ms before the kill)",
                    oldestLostAgeMillis < 0 ? "-" : oldestLostAgeMillis + " ms before the kill", recorded, discarded,
                    traceLeft ? "" : ", no trace left");
        }
    }

    @Test
    void discardModeTwoThreads() throws Exception {
        killRepeatedly("discard", 2, 50, false);
    }

    @Test
    void discardModeSixteenThreads() throws Exception {
        killRepeatedly("discard", 16, 8, false);
    }

    @Test
    void overwriteModeOnDevShmTwoThreads() throws Exception {
        killRepeatedly("overwrite", 2, 50, true);
    }

    @Test
    void overwriteModeOnDevShmSixteenThreads() throws Exception {
        killRepeatedly("overwrite", 16, 8, true);
    }

    private void killRepeatedly(String mode, int threads, int burst, boolean onDevShm) throws Exception {
        if (onDevShm) {
            Assumptions.assumeTrue(Files.isDirectory(Path.of("/dev/shm")) && Files.isWritable(Path.of("/dev/shm")),
                    "no writable /dev/shm: the overwrite-mode crash test records its ring there");
        }
        Random random = new Random(SEED ^ (mode.hashCode() * 31L + threads));
        String config = mode + "/" + threads + " threads";
        System.out.println("CtfCrashTest " + config + ": seed " + SEED + ", " + KILLS + " kills, zero-loss "
                + (zeroLoss(mode) ? "asserted" : "measured only (-Dwaymark.crash.zeroLoss=false)"));
        for (int i = 0; i < KILLS; i++) {
            // one kill in three within the first 100 ms of recording (issue 14: at least a fifth)
            long delayMillis = i % 3 == 0 ? random.nextInt(100) : 100 + random.nextInt((int) (LATE_MAX_MS - 100));
            Path run = Files.createDirectories(dir.resolve("run-" + i));
            Path trace = onDevShm ? Path.of("/dev/shm", "waymark-crash-" + UUID.randomUUID(), "trace") : run.resolve("trace");
            try {
                Kill kill = killOnce(config, mode, threads, burst, delayMillis, run, trace);
                System.out.println("  " + kill);
                synchronized (KILLED) {
                    KILLED.add(kill);
                }
            } finally {
                if (onDevShm) {
                    delete(trace.getParent());
                }
                delete(run); // keeps the temp directory small over 100 kills
            }
        }
    }

    private Kill killOnce(String config, String mode, int threads, int burst, long delayMillis, Path run, Path trace)
            throws Exception {
        Path marksFile = run.resolve("marks");
        Path errors = run.resolve("child.err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                CrashRecorderMain.class.getName(), trace.toString(), marksFile.toString(), Integer.toString(threads), mode,
                Integer.toString(burst)).redirectError(errors.toFile()).start();
        long killedAt;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("started ")) {
                child.waitFor(10, TimeUnit.SECONDS);
                fail("the recording child did not start: " + line + "\n" + Files.readString(errors));
            }
            long started = Long.parseLong(line.substring("started ".length()));
            long killAt = started + TimeUnit.MILLISECONDS.toNanos(delayMillis); // System.nanoTime is one clock for all processes
            while (System.nanoTime() - killAt < 0) {
                LockSupport.parkNanos(killAt - System.nanoTime());
            }
            killedAt = System.nanoTime();
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally
            delayMillis = (killedAt - started) / 1_000_000; // later than drawn when the parent read the line late
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the killed child ended");
        } finally {
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), () -> "the child died of SIGKILL, not on its own:\n" + read(errors));
        CrashMarks marks = CrashMarks.read(marksFile);
        long[] mark = new long[threads];
        for (int t = 0; t < threads; t++) {
            mark[t] = marks.mark(t);
        }

        boolean traceLeft = Files.isRegularFile(trace.resolve("metadata"));
        if (!traceLeft) {
            // only when zero loss is not asserted: the ring (a mapped file) is what a killed process leaves
            assertTrue(mode.equals("overwrite") && !zeroLoss(mode),
                    "a killed " + mode + "-mode recording leaves a trace in " + trace + ": " + listing(trace.getParent()));
            long[] lost = new long[threads];
            long oldest = -1;
            for (int t = 0; t < threads; t++) {
                lost[t] = mark[t] + 1;
                if (lost[t] > 0) {
                    oldest = Math.max(oldest, ageMillis(marks.blockStart(t, 0), killedAt));
                }
            }
            return new Kill(config, threads, delayMillis, mark, lost, 0, oldest, -1, 0, 0, false);
        }

        Path recovered = run.resolve("recovered");
        CtfRecovery.Result result = CtfRecovery.recover(trace, CtfRecovery.Options.beside().withOutput(recovered));
        Path readable = result.output() != null ? result.output() : trace;
        CtfTraceReader reader = CtfTraceReader.open(readable);
        assertEquals(List.of(), reader.skippedPackets(), "the recovered trace reads whole (recovery: " + result.changes() + ")");
        long discarded = reader.discardedEvents();
        BitSet[] seen = new BitSet[threads];
        for (int t = 0; t < threads; t++) {
            seen[t] = new BitSet();
        }
        long[] recorded = {0};
        reader.forEach(event -> {
            int thread = event.getInt(0);
            long sequence = event.getLong(1);
            assertTrue(thread >= 0 && thread < threads && sequence >= 0 && sequence <= Integer.MAX_VALUE,
                    "malformed event: thread " + thread + ", sequence " + sequence);
            assertTrue(!seen[thread].get((int) sequence), "event " + sequence + " of thread " + thread + " is there twice");
            assertTrue(sequence <= mark[thread] + 1, "event " + sequence + " of thread " + thread + " is beyond its mark "
                    + mark[thread] + " + 1: an event whose emit never started");
            seen[thread].set((int) sequence);
            recorded[0]++;
        });

        // babeltrace2, an independent reader: exit 0 and the same events
        BitSet[] seenByBabeltrace = new BitSet[threads];
        for (int t = 0; t < threads; t++) {
            seenByBabeltrace[t] = new BitSet();
        }
        long babeltraceEvents = 0;
        for (String line : Babeltrace.events(readable)) {
            Matcher m = TICK.matcher(line);
            assertTrue(m.find(), () -> "babeltrace2 printed a malformed event: " + line);
            seenByBabeltrace[Integer.parseInt(m.group(1))].set(Integer.parseInt(m.group(2)));
            babeltraceEvents++;
        }
        assertEquals(recorded[0], babeltraceEvents, "babeltrace2 reads as many events as CtfTraceReader");
        for (int t = 0; t < threads; t++) {
            assertEquals(seen[t], seenByBabeltrace[t], "babeltrace2 and CtfTraceReader read the same events of thread " + t);
        }

        long[] lost = new long[threads];
        long oldest = -1; // of the events lost after each thread's last kept one: the crash window
        long oldestGap = -1;
        long holes = 0;
        long oldHoles = 0;
        boolean overwrite = mode.equals("overwrite");
        for (int t = 0; t < threads; t++) {
            int last = seen[t].length() - 1; // -1: none
            // overwrite mode: the ring keeps the newest events, older ones were overwritten, not lost
            int first = overwrite ? Math.max(0, seen[t].nextSetBit(0)) : 0;
            for (int s = seen[t].nextClearBit(first); s < last; s = seen[t].nextClearBit(s + 1)) {
                holes++;
                lost[t]++;
                long age = ageMillis(marks.blockStart(t, s), killedAt);
                oldestGap = Math.max(oldestGap, age);
                if (age >= KEPT_AFTER_MS) {
                    oldHoles++;
                }
            }
            long tail = mark[t] - Math.max(last, first - 1); // committed events after the last one kept
            if (tail > 0) {
                lost[t] += tail;
                oldest = Math.max(oldest, ageMillis(marks.blockStart(t, Math.max(last + 1, first)), killedAt));
            }
        }
        long gaps = holes;
        long oldGaps = oldHoles;
        Kill kill = new Kill(config, threads, delayMillis, mark, lost, holes, oldest, oldestGap, recorded[0], discarded, true);
        // A gap older than the crash window can only be a discard the trace counts; the lost tail must be young.
        assertTrue(oldGaps <= discarded, () -> oldGaps + " events emitted more than " + KEPT_AFTER_MS + " ms before the"
                + " kill are missing below the last event of their thread, but the trace counts " + discarded
                + " discarded: " + kill);
        assertTrue(oldest < KEPT_AFTER_MS, () -> "lost an event emitted " + kill.oldestLostAgeMillis()
                + " ms before the kill (more than " + KEPT_AFTER_MS + " ms): " + kill);
        if (LOSS_IS_SUFFIX || zeroLoss(mode)) {
            assertTrue(gaps <= discarded, () -> gaps + " events missing below the last event of their thread (the loss of"
                    + " a thread is not a suffix), but the trace counts " + discarded + " discarded: " + kill);
        }
        if (zeroLoss(mode)) {
            assertEquals(0, kill.totalLost(), () -> "committed events lost (discarded ones included: the pace is one the"
                    + " buffers hold): " + kill);
        }
        return kill;
    }

    /** Whether "0 committed events lost" is asserted for {@code mode} (see {@link #ZERO_LOSS_SETTING}). */
    private static boolean zeroLoss(String mode) {
        return ZERO_LOSS_SETTING.isEmpty() || Boolean.parseBoolean(ZERO_LOSS_SETTING);
    }

    /** Milliseconds between {@code emitted} (a block start, or -1: unknown) and the kill; rounded up. */
    private static long ageMillis(long emitted, long killedAt) {
        return emitted <= 0 ? Long.MAX_VALUE / 2 : (killedAt - emitted + 999_999) / 1_000_000;
    }

    @AfterAll
    static void summary() throws IOException {
        if (KILLED.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder("CtfCrashTest summary (seed " + SEED + ", zero-loss "
                + (zeroLoss("overwrite") ? "asserted" : "measured") + ")\n");
        KILLED.stream().map(Kill::config).distinct().forEach(config -> {
            List<Kill> kills = KILLED.stream().filter(k -> k.config().equals(config)).toList();
            List<Kill> early = kills.stream().filter(k -> k.delayMillis() < 100).toList();
            List<Kill> earlyWithEvents = early.stream().filter(k -> k.totalMarked() > 0).toList();
            long window = kills.stream().mapToLong(Kill::oldestLostAgeMillis).max().orElse(-1);
            text.append(String.format(Locale.ROOT,
                    "%-20s %3d kills (%d in the first 100 ms): %d with loss; committed events lost %d of %d (max %d per kill),"
                            + " %d of them below a thread's last kept event in %d kills (the trace counts %d discarded in %d kills);"
                            + " oldest event lost after a thread's last kept one: %s before the kill; early kills with committed"
                            + " events that kept none of them: %d of %d; no trace left: %d kills\n",
                    config, kills.size(), early.size(), kills.stream().filter(k -> k.totalLost() > 0).count(),
                    kills.stream().mapToLong(Kill::totalLost).sum(), kills.stream().mapToLong(Kill::totalMarked).sum(),
                    kills.stream().mapToLong(Kill::totalLost).max().orElse(0),
                    kills.stream().mapToLong(Kill::gaps).sum(), kills.stream().filter(k -> k.gaps() > 0).count(),
                    kills.stream().mapToLong(Kill::discarded).sum(), kills.stream().filter(k -> k.discarded() > 0).count(),
                    window < 0 ? "-" : window + " ms",
                    earlyWithEvents.stream().filter(k -> k.totalLost() == k.totalMarked()).count(), earlyWithEvents.size(),
                    kills.stream().filter(k -> !k.traceLeft()).count()));
        });
        KILLED.forEach(k -> text.append("  ").append(k).append('\n'));
        System.out.print(text);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("crash-test-summary.txt"), text);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    private static String listing(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return "(nothing)";
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.map(Path::toString).toList().toString();
        }
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
