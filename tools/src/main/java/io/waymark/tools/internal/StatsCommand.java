package io.waymark.tools.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.management.openmbean.CompositeData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code waymark stats <pid> [session]}: the counters of the JVM's sessions. */
@Command(name = "stats",
        mixinStandardHelpOptions = true,
        description = "Shows the counters of the sessions of JVM <pid> (or of one session): tracepoints it receives, "
                + "events recorded and discarded, backend failures, whether the backend was detached; then one line "
                + "per reason a session discarded events for, with its remedy.")
public final class StatsCommand extends AttachingCommand {

    @Parameters(index = "1", arity = "0..1", paramLabel = "<session>", description = "Only this session.")
    private String session;

    /** For picocli. */
    public StatsCommand() {}

    /** A session's counters; {@code recordedEvents} -1 when the backend cannot say. */
    private record Stats(String name, String state, long tracepoints, long recordedEvents, long discardedEvents,
            Map<String, Long> discardedByReason, long backendFailures, boolean backendDetached) {}

    @Override
    void run(TracingClient client, PrintWriter out) throws CommandException {
        List<CompositeData> sessions = session == null ? client.sessions() : List.of(client.session(session));
        print(pid, json, sessions, client.tracepoints(), out);
    }

    /** Writes the counters of {@code sessions} (the MXBean's composite values) as text or JSON. */
    static void print(long pid, boolean json, List<CompositeData> sessions, List<CompositeData> tracepoints, PrintWriter out) {
        List<Stats> stats = new ArrayList<>();
        for (CompositeData data : sessions) {
            String name = Output.string(data, "name");
            long receiving = tracepoints.stream()
                    .filter(tracepoint -> Arrays.asList(Output.strings(tracepoint, "sessions")).contains(name))
                    .count();
            stats.add(new Stats(name, Output.string(data, "state"), receiving, Output.recorded(data),
                    Output.number(data, "discardedEvents"), Output.reasons(data), Output.number(data, "backendFailures"),
                    Output.bool(data, "backendDetached")));
        }
        if (json) {
            Output.json(out, generator -> {
                generator.writeStartObject();
                generator.writeNumberField("pid", pid);
                generator.writeArrayFieldStart("sessions");
                for (Stats stat : stats) {
                    generator.writeStartObject();
                    generator.writeStringField("name", stat.name());
                    generator.writeStringField("state", stat.state());
                    generator.writeNumberField("tracepoints", stat.tracepoints());
                    generator.writeNumberField("recordedEvents", stat.recordedEvents());
                    generator.writeNumberField("discardedEvents", stat.discardedEvents());
                    Output.reasons(generator, "discardedByReason", stat.discardedByReason());
                    generator.writeNumberField("backendFailures", stat.backendFailures());
                    generator.writeBooleanField("backendDetached", stat.backendDetached());
                    generator.writeEndObject();
                }
                generator.writeEndArray();
                generator.writeEndObject();
            });
            return;
        }
        Output.Table table = new Output.Table("SESSION", "STATE", "TRACEPOINTS", "RECORDED", "DISCARDED", "BACKEND FAILURES",
                "DETACHED");
        for (Stats stat : stats) {
            table.row(stat.name(), stat.state(), stat.tracepoints(), stat.recordedEvents() < 0 ? "-" : stat.recordedEvents(),
                    stat.discardedEvents(), stat.backendFailures(), stat.backendDetached() ? "yes" : "no");
        }
        table.print(out);
        Output.Table reasons = new Output.Table("SESSION", "DISCARDED", "REASON", "REMEDY");
        boolean any = false;
        for (Stats stat : stats) {
            for (Map.Entry<String, Long> reason : stat.discardedByReason().entrySet()) {
                if (reason.getValue() != 0) {
                    reasons.row(stat.name(), reason.getValue(), reason.getKey(), Output.remedy(reason.getKey()));
                    any = true;
                }
            }
        }
        if (any) {
            out.println();
            reasons.print(out);
        }
    }
}
