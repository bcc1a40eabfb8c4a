package io.waymark.tools.internal;

import io.waymark.tools.WaymarkCli;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A command that attaches to the JVM {@code <pid>} and talks to its Waymark MXBean. Its arguments are checked
 * first ({@link #check()}), so that bad input never reaches the target; any problem ends in one line on standard
 * error and {@link WaymarkCli#EXIT_USAGE}.
 */
abstract class AttachingCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<pid>", description = "The process id of the JVM ('waymark list' shows them).")
    long pid;

    @Option(names = "--json", description = "Print JSON (shapes in docs/command-line.md) instead of aligned columns.")
    boolean json;

    @Override
    public final Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            check();
            try (TracingClient client = LocalJvms.connect(pid)) {
                run(client, spec.commandLine().getOut());
            }
            return WaymarkCli.EXIT_OK;
        } catch (CommandException e) {
            err.println("waymark " + spec.name() + ": " + e.getMessage());
            return WaymarkCli.EXIT_USAGE;
        }
    }

    /** Checks the arguments before attaching; the default has nothing to check. */
    void check() throws CommandException {}

    /** Does the command's work through {@code client} and prints its outcome. */
    abstract void run(TracingClient client, PrintWriter out) throws CommandException;
}
