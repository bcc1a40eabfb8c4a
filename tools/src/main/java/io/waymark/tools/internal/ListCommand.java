package io.waymark.tools.internal;

import io.waymark.tools.WaymarkCli;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code waymark list}: the local JVMs of this user that run Waymark, found by the system property
 * {@code io.waymark.version} read through the Attach API; it starts nothing in them.
 */
@Command(name = "list",
        mixinStandardHelpOptions = true,
        description = {"Lists the local JVMs of this user that run Waymark: pid, Waymark version, whether they accept "
                + "outside control (waymark.management) and main class. Reads their system properties through the "
                + "Attach API; starts no agent and opens no port in them."})
public final class ListCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--all", description = "Also list the JVMs without Waymark (WAYMARK column '-').")
    private boolean all;

    @Option(names = "--json", description = "Print JSON: {\"jvms\": [{\"pid\", \"mainClass\", \"command\", \"waymarkVersion\", \"management\"}]}.")
    private boolean json;

    /** For picocli. */
    public ListCommand() {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Jvm> jvms = LocalJvms.list(all, spec.commandLine().getErr());
        if (json) {
            Output.json(out, generator -> {
                generator.writeStartObject();
                generator.writeArrayFieldStart("jvms");
                for (Jvm jvm : jvms) {
                    generator.writeStartObject();
                    generator.writeNumberField("pid", jvm.pid());
                    generator.writeStringField("mainClass", jvm.mainClass());
                    generator.writeStringField("command", jvm.command());
                    if (jvm.hasWaymark()) {
                        generator.writeStringField("waymarkVersion", jvm.waymarkVersion());
                        generator.writeStringField("management", jvm.management());
                    } else {
                        generator.writeNullField("waymarkVersion");
                        generator.writeNullField("management");
                    }
                    generator.writeEndObject();
                }
                generator.writeEndArray();
                generator.writeEndObject();
            });
        } else {
            Output.Table table = new Output.Table("PID", "WAYMARK", "MANAGEMENT", "MAIN CLASS");
            for (Jvm jvm : jvms) {
                table.row(jvm.pid(), jvm.hasWaymark() ? jvm.waymarkVersion() : "-", jvm.hasWaymark() ? jvm.management() : "-",
                        jvm.mainClass());
            }
            table.print(out);
        }
        return WaymarkCli.EXIT_OK;
    }
}
