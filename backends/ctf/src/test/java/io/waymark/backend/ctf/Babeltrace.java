package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code babeltrace2} on a trace directory. */
final class Babeltrace {

    private Babeltrace() {}

    /** The text output, one line per event (or discarded-events warning), after asserting exit status 0. */
    static List<String> read(Path trace, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("babeltrace2"));
        command.addAll(List.of(options));
        command.add(trace.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        boolean done = process.waitFor(60, TimeUnit.SECONDS);
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(true, done, "babeltrace2 did not finish");
        assertEquals(0, process.exitValue(), () -> "babeltrace2 failed:\n" + text);
        return text.lines().toList();
    }

    /** Only the event lines (those naming an event class of the trace). */
    static List<String> events(Path trace) throws IOException, InterruptedException {
        return read(trace).stream().filter(line -> line.contains(" ctftest.")).toList();
    }
}
