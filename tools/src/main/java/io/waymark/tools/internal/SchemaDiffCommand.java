package io.waymark.tools.internal;

import io.waymark.processor.schema.SchemaChange;
import io.waymark.processor.schema.SchemaCompatibility;
import io.waymark.tools.WaymarkCli;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code waymark schema-diff <old> <new>}: every schema change from one build to the next, classified by the
 * versioning rules, as {@code buf breaking} does for protobuf. Exits with {@link WaymarkCli#EXIT_BREAKING}
 * when a change breaks consumers of a stable event.
 */
@Command(name = "schema-diff",
        mixinStandardHelpOptions = true,
        description = {
            "Compares the event schemas of two builds and classifies every change as COMPATIBLE or BREAKING "
                    + "by the Waymark versioning rules (WM1xx breaking, WM2xx compatible).",
            "Each input is a jar (its META-INF/waymark/*.schema.json entries), a directory of compiled classes, "
                    + "a provider's schema document or a baseline lock file."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no breaking change (compatible changes are listed)",
            "1:at least one breaking change",
            "2:usage or input error (missing file, no schemas found, malformed document)",
            "3:internal error"})
public final class SchemaDiffCommand implements Callable<Integer> {

    /** The output formats. */
    enum Format { text, json }

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<old>", description = "The baseline: jar, class directory, schema document or lock file.")
    private String old;

    @Parameters(index = "1", paramLabel = "<new>", description = "The build checked against it, in any of the same forms.")
    private String current;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "Output format: text (one change a line, then a summary line) or json. Default: ${DEFAULT-VALUE}.")
    private Format format;

    /** For picocli. */
    public SchemaDiffCommand() {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SchemaInputs.Input oldInput;
        SchemaInputs.Input newInput;
        try {
            oldInput = SchemaInputs.read(old);
            newInput = SchemaInputs.read(current);
        } catch (InputException e) {
            err.println("waymark schema-diff: " + e.getMessage());
            return WaymarkCli.EXIT_USAGE;
        }
        List<SchemaChange> changes = SchemaCompatibility.compare(oldInput.schemas(), newInput.schemas());
        DiffReport report = new DiffReport(oldInput, newInput, changes);
        if (format == Format.json) {
            report.printJson(out);
        } else {
            report.printText(out);
        }
        return report.breakingCount() > 0 ? WaymarkCli.EXIT_BREAKING : WaymarkCli.EXIT_OK;
    }
}
