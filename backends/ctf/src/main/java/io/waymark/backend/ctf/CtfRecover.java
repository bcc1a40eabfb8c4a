package io.waymark.backend.ctf;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Repairs a CTF trace whose recording process died (for example killed with SIGKILL): drops a
 * metadata block cut short, and in each stream file keeps the intact packets, turns a packet cut
 * short into a complete one holding the events that fit (fixing {@code content_size},
 * {@code packet_size} and {@code timestamp_end}), and truncates what follows.
 *
 * <pre>
 * java -cp waymark-backend-ctf.jar:waymark-spi.jar:waymark-api.jar:picocli.jar:... io.waymark.backend.ctf.CtfRecover TRACE_DIR
 * </pre>
 *
 * Exit status 0 when the trace is (now) intact, 1 when it is not a Waymark CTF trace.
 */
@Command(name = "waymark-ctf-recover", mixinStandardHelpOptions = true,
        description = "Repairs a Waymark CTF trace left by a process that died while recording.")
public final class CtfRecover implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TRACE_DIR", description = "the trace directory (holds 'metadata')")
    private Path directory;

    /** For picocli. */
    public CtfRecover() {}

    /** Runs the command; see the class description. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new CtfRecover()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = new PrintWriter(System.out, true);
        try {
            for (String line : recover(directory)) {
                out.println(line);
            }
            return 0;
        } catch (CtfFormatException e) {
            System.err.println("waymark-ctf-recover: " + e.getMessage());
            return 1;
        }
    }

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
