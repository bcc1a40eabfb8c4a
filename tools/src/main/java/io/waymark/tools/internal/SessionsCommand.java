package io.waymark.tools.internal;

import java.io.PrintWriter;
import java.util.List;
import javax.management.openmbean.CompositeData;
import picocli.CommandLine.Command;

/** {@code waymark sessions <pid>}: the open sessions of the JVM, its own and those created from outside. */
@Command(name = "sessions",
        mixinStandardHelpOptions = true,
        description = "Lists the open sessions of JVM <pid>, the application's own and those created from outside: "
                + "state, backend, origin, rules, settings and destination.")
public final class SessionsCommand extends AttachingCommand {

    /** For picocli. */
    public SessionsCommand() {}

    @Override
    void run(TracingClient client, PrintWriter out) throws CommandException {
        List<CompositeData> sessions = client.sessions();
        if (json) {
            String version = client.version();
            String control = client.control();
            Output.json(out, generator -> {
                generator.writeStartObject();
                generator.writeNumberField("pid", pid);
                generator.writeStringField("waymarkVersion", version);
                generator.writeStringField("control", control);
                generator.writeArrayFieldStart("sessions");
                for (CompositeData session : sessions) {
                    Output.session(generator, session);
                }
                generator.writeEndArray();
                generator.writeEndObject();
            });
            return;
        }
        Output.Table table = new Output.Table("SESSION", "STATE", "BACKEND", "ORIGIN", "RULES", "SETTINGS", "DESTINATION");
        for (CompositeData session : sessions) {
            table.row(Output.string(session, "name"), Output.string(session, "state"), Output.string(session, "backend"),
                    Output.bool(session, "external") ? "external" : "application", orDash(Output.strings(session, "rules")),
                    orDash(Output.strings(session, "settings")), Output.string(session, "destination").isEmpty() ? "-"
                            : Output.string(session, "destination"));
        }
        table.print(out);
    }

    static String orDash(String[] values) {
        return values.length == 0 ? "-" : String.join(",", values);
    }
}
