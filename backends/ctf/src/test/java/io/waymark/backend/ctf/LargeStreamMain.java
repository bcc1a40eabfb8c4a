package io.waymark.backend.ctf;

import java.nio.file.Path;

/** Reads a trace in a child JVM with a small heap: prints the event count, the skipped regions and whether time never went back, and the repairs a dry run of the recovery finds. */
final class LargeStreamMain {

    private LargeStreamMain() {}

    public static void main(String[] args) throws Exception {
        CtfTraceReader reader = CtfTraceReader.open(Path.of(args[0]));
        long[] state = {0, Long.MIN_VALUE, 1}; // count, previous timestamp, monotonic
        reader.forEach(e -> {
            state[0]++;
            if (e.timestampNanos() < state[1]) {
                state[2] = 0;
            }
            state[1] = e.timestampNanos();
        });
        System.out.println("events " + state[0] + " skipped " + reader.skippedPackets().size() + " last "
                + (state[2] == 1 ? "ok" : "time went back") + " repairs "
                + CtfRecovery.recover(Path.of(args[0]), CtfRecovery.Options.beside().withDryRun()).changes().size());
    }
}
