package io.waymark.tools.internal;

import io.waymark.backend.ctf.CtfRecover;
import io.waymark.tools.WaymarkCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code waymark recover <trace-dir>}: repairs, in place, a CTF trace whose recording process died
 * ({@link CtfRecover}), so that babeltrace2 and other tools read it.
 */
@Command(name = "recover",
        mixinStandardHelpOptions = true,
        description = {
            "Repairs a Waymark CTF trace left by a process that died while recording: drops a metadata block cut short, "
                    + "keeps the intact packets, turns a packet cut short into a complete one holding its complete events "
                    + "and truncates the rest. Prints one line a repair; an intact trace prints nothing."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the trace is intact (now)",
            "1:the directory holds no Waymark CTF trace, or a file of it cannot be read or written",
            "2:usage error"})
public final class RecoverCommand implements Callable<Integer> {

    /** The directory holds no Waymark CTF trace or cannot be repaired: the exit code the recovery command always had. */
    static final int EXIT_NOT_RECOVERED = 1;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<trace-dir>", description = "The trace directory (holds 'metadata').")
    private Path directory;

    /** For picocli. */
    public RecoverCommand() {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            for (String line : CtfRecover.recover(directory)) {
                out.println(line);
            }
            return WaymarkCli.EXIT_OK;
        } catch (IllegalArgumentException e) {
            err.println("waymark recover: " + e.getMessage());
            return EXIT_NOT_RECOVERED;
        } catch (IOException e) {
            err.println("waymark recover: " + directory + ": cannot repair the trace: " + e);
            return EXIT_NOT_RECOVERED;
        }
    }
}
