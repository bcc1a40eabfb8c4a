package io.waymark.tools.internal;

import io.waymark.spi.EventPattern;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import javax.management.openmbean.CompositeData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code waymark tracepoints <pid> [pattern]}: the tracepoints of the providers loaded in the JVM. */
@Command(name = "tracepoints",
        mixinStandardHelpOptions = true,
        description = "Lists the tracepoints of the providers loaded in JVM <pid>: id, level, stability, schema version, "
                + "whether on, and the sessions that receive each.")
public final class TracepointsCommand extends AttachingCommand {

    @Parameters(index = "1", arity = "0..1", paramLabel = "<pattern>",
            description = "Only the tracepoints matching provider[:event] (globs * and ?), e.g. 'shop.checkout:*'.")
    private String pattern;

    private EventPattern filter;

    /** For picocli. */
    public TracepointsCommand() {}

    @Override
    void check() throws CommandException {
        filter = pattern == null ? null : CommandException.eventPattern(pattern);
        if (filter != null && filter.filter().isPresent()) {
            throw new CommandException("pattern '" + filter + "': tracepoints selects by name only; a filter ('[...]') belongs in "
                    + "'waymark enable' (docs/filters.md): give '" + filter.patternText() + "'");
        }
    }

    @Override
    void run(TracingClient client, PrintWriter out) throws CommandException {
        List<CompositeData> tracepoints = new ArrayList<>();
        for (CompositeData tracepoint : client.tracepoints()) {
            if (filter == null || filter.matches(Output.string(tracepoint, "provider"), Output.string(tracepoint, "event"))) {
                tracepoints.add(tracepoint);
            }
        }
        if (json) {
            Output.json(out, generator -> {
                generator.writeStartObject();
                generator.writeNumberField("pid", pid);
                generator.writeArrayFieldStart("tracepoints");
                for (CompositeData tracepoint : tracepoints) {
                    generator.writeStartObject();
                    generator.writeStringField("provider", Output.string(tracepoint, "provider"));
                    generator.writeStringField("event", Output.string(tracepoint, "event"));
                    generator.writeNumberField("id", Output.number(tracepoint, "id"));
                    generator.writeStringField("level", Output.string(tracepoint, "level"));
                    generator.writeStringField("stability", Output.string(tracepoint, "stability"));
                    generator.writeNumberField("version", Output.number(tracepoint, "version"));
                    generator.writeBooleanField("enabled", Output.bool(tracepoint, "enabled"));
                    Output.strings(generator, "sessions", Output.strings(tracepoint, "sessions"));
                    generator.writeEndObject();
                }
                generator.writeEndArray();
                generator.writeEndObject();
            });
            return;
        }
        Output.Table table = new Output.Table("TRACEPOINT", "ID", "LEVEL", "STABILITY", "VERSION", "ENABLED", "SESSIONS");
        for (CompositeData tracepoint : tracepoints) {
            String[] sessions = Output.strings(tracepoint, "sessions");
            table.row(Output.string(tracepoint, "provider") + ":" + Output.string(tracepoint, "event"),
                    Output.number(tracepoint, "id"), Output.string(tracepoint, "level"), Output.string(tracepoint, "stability"),
                    Output.number(tracepoint, "version"), Output.bool(tracepoint, "enabled") ? "yes" : "no",
                    sessions.length == 0 ? "-" : String.join(",", sessions));
        }
        table.print(out);
    }
}
