package io.waymark.backend.ctf.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The recording machine's name, which a trace's environment holds as {@code hostname} (LTTng's entry,
 * after which babeltrace2 names a trace). Found without a network lookup, which can stall for seconds
 * where the name does not resolve: the kernel's name on Linux, else {@code COMPUTERNAME} (Windows) or
 * {@code HOSTNAME}; {@code null} when none is known.
 */
public final class HostName {

    private static final String LOCAL = find();

    private HostName() {}

    /** This machine's name, or {@code null}. */
    public static String local() {
        return LOCAL;
    }

    private static String find() {
        try {
            String kernel = new String(Files.readAllBytes(Path.of("/proc/sys/kernel/hostname")), StandardCharsets.UTF_8).strip();
            if (!kernel.isEmpty()) {
                return kernel;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: try the environment
        }
        for (String variable : List.of("COMPUTERNAME", "HOSTNAME")) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
