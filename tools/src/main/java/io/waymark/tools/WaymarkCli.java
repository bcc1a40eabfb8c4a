package io.waymark.tools;

import io.waymark.tools.internal.AggCommands;
import io.waymark.tools.internal.ListCommand;
import io.waymark.tools.internal.PrintCommand;
import io.waymark.tools.internal.RecoverCommand;
import io.waymark.tools.internal.SchemaDiffCommand;
import io.waymark.tools.internal.SessionCommands;
import io.waymark.tools.internal.SessionsCommand;
import io.waymark.tools.internal.StatsCommand;
import io.waymark.tools.internal.TracepointsCommand;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code waymark} command and its subcommands:
 *
 * <pre>
 * waymark schema-diff [--format=text|json] &lt;old&gt; &lt;new&gt;
 * waymark print [--json] [--event=&lt;pattern&gt;]... [--from=&lt;time&gt;] [--to=&lt;time&gt;] &lt;trace-dir&gt;
 * waymark recover &lt;trace-dir&gt;
 * waymark list [--all] [--json]
 * waymark tracepoints|sessions|stats &lt;pid&gt; ... [--json]
 * waymark create|enable|disable|start|stop|flush|snapshot|close &lt;pid&gt; &lt;session&gt; ... [--json]
 * waymark aggregate &lt;pid&gt; &lt;session&gt; &lt;spec&gt;
 * waymark agg &lt;pid&gt; [session] [--interval &lt;d&gt; [--count &lt;n&gt;]] [--json]
 * </pre>
 *
 * <p>Exit codes: {@link #EXIT_OK}, {@link #EXIT_BREAKING}, {@link #EXIT_USAGE}, {@link #EXIT_INTERNAL}.
 */
@Command(name = "waymark",
        mixinStandardHelpOptions = true,
        versionProvider = WaymarkCli.Version.class,
        description = "Waymark tracing SDK tools.",
        subcommands = {
            SchemaDiffCommand.class,
            // attach to a running JVM (docs/command-line.md)
            ListCommand.class, TracepointsCommand.class, SessionsCommand.class, SessionCommands.Create.class,
            SessionCommands.Enable.class, SessionCommands.Disable.class, SessionCommands.Start.class,
            SessionCommands.Stop.class, SessionCommands.Flush.class, SessionCommands.Snapshot.class,
            SessionCommands.Close.class, StatsCommand.class, AggCommands.Aggregate.class, AggCommands.Agg.class,
            // offline commands: they read trace directories
            PrintCommand.class,
            RecoverCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success; for schema-diff: no breaking change",
            "1:schema-diff found breaking changes; recover found no Waymark CTF trace to repair",
            "2:usage or input error (missing or unreadable file, no schemas found, malformed document, pattern or time; "
                    + "unknown pid, JVM without Waymark, of another user or refusing outside control, argument the JVM rejects)",
            "3:internal error (please report it)"})
public final class WaymarkCli implements Callable<Integer> {

    /** Success; for {@code schema-diff}, no breaking change. */
    public static final int EXIT_OK = 0;
    /** {@code schema-diff} found at least one breaking change. */
    public static final int EXIT_BREAKING = 1;
    /** A usage or input error: bad arguments, a missing or unreadable file, no schemas, a malformed document. */
    public static final int EXIT_USAGE = 2;
    /** A defect of the tool itself; the message asks for a report. */
    public static final int EXIT_INTERNAL = 3;

    @Spec
    private CommandSpec spec;

    /** For picocli. */
    public WaymarkCli() {}

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        Charset charset = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, charset), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, charset), true);
        int code = execute(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs the command line in-process: output goes to {@code out}, diagnostics to {@code err}; both are
     * flushed before this returns.
     *
     * @return the exit code, one of the {@code EXIT_*} constants
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        CommandLine commandLine = new CommandLine(new WaymarkCli())
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((exception, command, parseResult) -> {
                    command.getErr().println("waymark: internal error: " + exception
                            + "; please report it with the command line and the input files");
                    exception.printStackTrace(command.getErr());
                    return EXIT_INTERNAL;
                });
        int code;
        try {
            code = commandLine.execute(args);
        } catch (RuntimeException | Error e) {
            // picocli lets an Error (OutOfMemoryError, say) through; it must not end the JVM with exit 1, "breaking"
            err.println("waymark: internal error: " + e + "; please report it with the command line and the input files");
            e.printStackTrace(err);
            code = EXIT_INTERNAL;
        }
        out.flush();
        err.flush();
        return code;
    }

    /** {@code waymark} without a subcommand is a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: try 'waymark schema-diff <old> <new>'");
    }

    /** The version from the jar manifest ({@code Implementation-Version}) or, on the module path, the module's. */
    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = WaymarkCli.class.getPackage().getImplementationVersion();
            java.lang.module.ModuleDescriptor module = WaymarkCli.class.getModule().getDescriptor();
            if (version == null && module != null) {
                version = module.rawVersion().orElse(null);
            }
            return new String[] {"waymark " + (version == null ? "(development build)" : version)};
        }
    }
}
