package io.waymark.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code babeltrace2} on a trace, in this JVM's time zone (as {@code waymark print} uses). */
final class Babeltrace2 {

    private Babeltrace2() {}

    /** The lines babeltrace2 prints to standard output, after asserting exit status 0 and no diagnostics. */
    static List<String> lines(Path trace, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("babeltrace2", trace.toString()));
        command.addAll(List.of(options));
        Path errors = Files.createTempFile("babeltrace2", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
            builder.environment().put("TZ", ZoneId.systemDefault().getId());
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "babeltrace2 finished");
            String errorText = Files.readString(errors);
            assertEquals(0, process.exitValue(), () -> "babeltrace2 failed: " + errorText);
            assertEquals("", errorText, "babeltrace2's diagnostics");
            return new String(output, StandardCharsets.UTF_8).lines().toList();
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
