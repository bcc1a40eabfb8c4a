package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recording JVM killed with SIGKILL leaves a trace that babeltrace2 and the Java reader read. */
class CtfCrashTest {

    private static final Pattern TICK = Pattern.compile("thread = (\\d+), sequence = (\\d+)");

    @TempDir
    Path dir;

    @Test
    void aKilledRecordingKeepsEverythingOlderThanTheFlushInterval() throws Exception {
        Path trace = dir.resolve("killed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KilledRecorderMain.class.getName(), trace.toString()).redirectErrorStream(true).start();
        List<long[]> progress = new ArrayList<>(); // {nanoTime, emitted by thread 0, emitted by thread 1}
        long started = System.nanoTime();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("emitted ")) {
                    String[] parts = line.split(" ");
                    progress.add(new long[] {System.nanoTime(), Long.parseLong(parts[1]), Long.parseLong(parts[2])});
                    long[] last = progress.get(progress.size() - 1);
                    if (System.nanoTime() - started > 3_000_000_000L && last[1] > 20_000 && last[2] > 20_000) {
                        break;
                    }
                }
                if (System.nanoTime() - started > 60_000_000_000L) {
                    break;
                }
            }
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook runs
            child.waitFor();
        }
        long killedAt = System.nanoTime();
        assertEquals(137, child.exitValue(), "killed by SIGKILL");

        // Emitted at least one second before the kill: far beyond the 50 ms flush interval.
        long[] durable = {0, 0};
        for (long[] p : progress) {
            if (killedAt - p[0] > 1_000_000_000L) {
                durable[0] = p[1];
                durable[1] = p[2];
            }
        }
        assertTrue(durable[0] > 0 && durable[1] > 0, "the child recorded for long enough");

        CtfRecover.recover(trace); // usually nothing to do: packets are written whole
        CtfTraceReader reader = CtfTraceReader.open(trace);
        assertEquals(0, reader.discardedEvents());
        long[] next = new long[2];
        for (String line : Babeltrace.events(trace)) {
            Matcher m = TICK.matcher(line);
            assertTrue(m.find(), line);
            int thread = Integer.parseInt(m.group(1));
            assertEquals(next[thread]++, Long.parseLong(m.group(2)), "no event of a thread is missing: " + line);
        }
        assertTrue(next[0] >= durable[0] && next[1] >= durable[1],
                "kept " + next[0] + " and " + next[1] + " events; emitted a second before the kill: " + durable[0] + " and " + durable[1]);
        long[] javaNext = new long[2];
        reader.forEach(e -> assertEquals(javaNext[e.getInt(0)]++, e.getLong(1)));
        assertEquals(next[0], javaNext[0]);
        assertEquals(next[1], javaNext[1]);
    }
}
