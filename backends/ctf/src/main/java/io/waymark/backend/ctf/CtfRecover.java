package io.waymark.backend.ctf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Repairs a CTF trace in place: the short form of {@link CtfRecovery} kept for callers of earlier
 * versions. Recovery keeps every intact packet (also those after a damaged one), drops a metadata block
 * cut short and the damaged, foreign, duplicated or misplaced packets, and turns a packet cut short into
 * a complete one holding the events that fit; each damaged file is replaced by a repaired copy, never
 * truncated in place.
 *
 * <p>From a shell, {@code waymark recover TRACE_DIR} (the {@code waymark-tools} command line) writes the
 * repaired trace beside the original ({@code --in-place} for this behaviour); from Java:
 *
 * <pre>{@code
 * List<String> repairs = CtfRecover.recover(Path.of("traces/checkout"));
 * }</pre>
 *
 * <p>Use {@link CtfRecovery} to leave the original untouched, choose the output or only report.
 */
public final class CtfRecover {

    private CtfRecover() {}

    /**
     * Repairs the trace in {@code directory} in place: {@link CtfRecovery#recover} with
     * {@link CtfRecovery.Options#withInPlace()}, which describes the repairs.
     *
     * @return one line per repair made; empty when the trace was intact
     * @throws CtfFormatException if the directory holds no Waymark CTF trace, or a file of it is a
     *     symbolic link or not a regular file
     */
    public static List<String> recover(Path directory) throws IOException {
        return CtfRecovery.recover(directory, CtfRecovery.Options.beside().withInPlace()).changes();
    }
}
