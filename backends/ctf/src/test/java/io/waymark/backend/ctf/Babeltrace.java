package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code babeltrace2} on a trace directory. */
final class Babeltrace {

    private static volatile Boolean available;

    private Babeltrace() {}

    /** Whether {@code babeltrace2} runs here ({@code .ci/run} installs it). */
    static boolean available() {
        if (available == null) {
            boolean runs;
            try {
                Process process = new ProcessBuilder("babeltrace2", "--version").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                runs = process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
            } catch (IOException e) {
                runs = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                runs = false;
            }
            available = runs;
        }
        return available;
    }

    /**
     * The text output (standard output, then standard error: a warning there fails a comparison),
     * after asserting exit status 0; {@code options} follow the trace on the command line.
     */
    static List<String> read(Path trace, String... options) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("babeltrace2", ".err");
        List<String> command = new ArrayList<>(List.of("babeltrace2", trace.toString()));
        command.addAll(List.of(options));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.to(errors.toFile())).start();
            byte[] output = process.getInputStream().readAllBytes();
            boolean done = process.waitFor(60, TimeUnit.SECONDS);
            String text = new String(output, StandardCharsets.UTF_8);
            String errorText = Files.readString(errors);
            assertEquals(true, done, "babeltrace2 did not finish");
            assertEquals(0, process.exitValue(), () -> "babeltrace2 failed:\n" + errorText + text);
            List<String> lines = new ArrayList<>(text.lines().toList());
            lines.addAll(errorText.lines().toList());
            return lines;
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    /** babeltrace2's exit status on the trace (its output discarded). */
    static int exitStatus(Path trace) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("babeltrace2", trace.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(true, process.waitFor(60, TimeUnit.SECONDS), "babeltrace2 did not finish");
        return process.exitValue();
    }

    /** Only the event lines (those naming an event class of the trace). */
    static List<String> events(Path trace) throws IOException, InterruptedException {
        return read(trace).stream().filter(line -> line.startsWith("[") && line.contains(" ctftest.")).toList();
    }
}
