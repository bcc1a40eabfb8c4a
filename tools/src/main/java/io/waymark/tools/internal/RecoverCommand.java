package io.waymark.tools.internal;

import io.waymark.backend.ctf.CtfFormatException;
import io.waymark.backend.ctf.CtfRecovery;
import io.waymark.tools.WaymarkCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code waymark recover <trace-dir> [--output DIR] [--in-place] [--dry-run]}: repairs a CTF trace a
 * process left damaged ({@link CtfRecovery}), so that babeltrace2 and other tools read it.
 */
@Command(name = "recover",
        mixinStandardHelpOptions = true,
        description = {
            "Repairs a Waymark CTF trace left damaged (a process killed while recording, a full disk, a bad copy): "
                    + "drops a metadata block cut short and damaged, foreign, duplicated or misplaced packets, keeps every "
                    + "intact packet and turns a packet cut short into a complete one holding its complete events; "
                    + "a trace of memory-mapped stream files (with .waymark/state) is cut back to its whole records. "
                    + "By default the repaired trace is written into <trace-dir>.recovered and the original is left as it is. "
                    + "Prints one line a repair, then where the repaired trace is."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the trace was repaired, or was intact",
            "1:not a Waymark CTF trace (or malformed), the output exists, or a file cannot be read or written",
            "2:usage error"})
public final class RecoverCommand implements Callable<Integer> {

    /** The trace could not be recovered: not a Waymark CTF trace, the output exists, reading or writing failed. */
    static final int EXIT_NOT_RECOVERED = 1;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<trace-dir>", description = "The trace directory (holds 'metadata').")
    private Path directory;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Write the repaired trace into DIR, which must not exist (default: <trace-dir>.recovered).")
    private Path output;

    @Option(names = "--in-place", description = "Replace the damaged files of the trace itself instead.")
    private boolean inPlace;

    @Option(names = "--dry-run", description = "Write nothing: only print what would be repaired.")
    private boolean dryRun;

    /** For picocli. */
    public RecoverCommand() {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (output != null && inPlace) {
            err.println("waymark recover: --output and --in-place exclude each other: give at most one");
            return WaymarkCli.EXIT_USAGE;
        }
        CtfRecovery.Options options = CtfRecovery.Options.beside();
        if (output != null) {
            options = options.withOutput(output);
        }
        if (inPlace) {
            options = options.withInPlace();
        }
        if (dryRun) {
            options = options.withDryRun();
        }
        CtfRecovery.Result result;
        try {
            result = CtfRecovery.recover(directory, options);
        } catch (CtfFormatException e) {
            err.println("waymark recover: " + e.getMessage());
            return EXIT_NOT_RECOVERED;
        } catch (FileAlreadyExistsException e) {
            err.println("waymark recover: " + e.getFile() + " exists: remove it, or choose another with --output DIR");
            return EXIT_NOT_RECOVERED;
        } catch (IOException e) {
            err.println("waymark recover: " + directory + ": cannot repair the trace: " + e);
            return EXIT_NOT_RECOVERED;
        }
        result.changes().forEach(out::println);
        if (!result.changed()) {
            out.println(directory + ": intact, nothing to repair");
        } else if (dryRun) {
            out.println(directory + ": dry run, nothing written");
        } else {
            out.println("repaired trace: " + result.output());
        }
        return WaymarkCli.EXIT_OK;
    }
}
