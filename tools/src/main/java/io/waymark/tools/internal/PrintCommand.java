package io.waymark.tools.internal;

import io.waymark.backend.ctf.CtfTraceReader;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.EventPattern;
import io.waymark.spi.EventType;
import io.waymark.tools.WaymarkCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code waymark print <trace-dir>}: the events of a CTF trace recorded by Waymark, read with
 * {@link CtfTraceReader} (no native tool needed), as babeltrace2's text or as JSON lines, filtered by
 * event pattern and time range.
 */
@Command(name = "print",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the events of a Waymark CTF trace in timestamp order: one line an event, as babeltrace2 prints "
                    + "them (time of day, delta, host, event name, context and payload), or one JSON object a line."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:printed (possibly no event)",
            "2:usage or input error (no trace in the directory, malformed pattern or time)",
            "3:internal error"})
public final class PrintCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<trace-dir>", description = "The trace directory (holds 'metadata' and the stream files).")
    private Path directory;

    @Option(names = "--json", description = "One JSON object a line (time, epochNanos, event, tid, version, fields).")
    private boolean json;

    @Option(names = "--event", paramLabel = "<pattern>",
            description = "Only events matching the pattern: provider[:event] with globs * and ?, as session rules "
                    + "(for example 'shop.checkout:*'); repeatable, the last matching pattern decides, '!' excludes.")
    private List<String> events = new ArrayList<>();

    @Option(names = "--from", paramLabel = "<time>",
            description = "Only events at or after this wall-clock time: an ISO-8601 instant (2026-12-03T14:29:38.5Z, "
                    + "an offset instead of Z allowed) or nanoseconds since the Unix epoch.")
    private String from;

    @Option(names = "--to", paramLabel = "<time>", description = "Only events at or before this time, in the same forms as --from.")
    private String to;

    @Option(names = "--clock-gmt", description = "Text: print times of day in UTC rather than the local time zone.")
    private boolean gmt;

    @Option(names = "--clock-date", description = "Text: print the date before the time of day.")
    private boolean date;

    /** For picocli. */
    public PrintCommand() {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EventFilter filter;
        long fromNanos;
        long toNanos;
        CtfTraceReader trace;
        try {
            filter = new EventFilter(events);
            fromNanos = from == null ? Long.MIN_VALUE : epochNanos("--from", from);
            toNanos = to == null ? Long.MAX_VALUE : epochNanos("--to", to);
            if (fromNanos > toNanos) {
                throw new InputException("--from " + from + " is after --to " + to + ": give an earlier --from or a later --to");
            }
            trace = TraceDirectory.open(directory);
        } catch (InputException | IllegalArgumentException e) {
            err.println("waymark print: " + e.getMessage());
            return WaymarkCli.EXIT_USAGE;
        }
        ClockAnchor clock = trace.clock();
        try {
            if (json) {
                try (JsonEvents writer = new JsonEvents(out)) {
                    trace.forEach(event -> {
                        long nanos = clock.toEpochNanos(event.timestampNanos());
                        if (nanos >= fromNanos && nanos <= toNanos && filter.accepts(event.type())) {
                            try {
                                writer.write(event, nanos);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                    });
                }
            } else {
                BabeltraceText text = new BabeltraceText(trace.hostName(), BabeltraceText.zone(gmt), date);
                trace.forEach(event -> {
                    long nanos = clock.toEpochNanos(event.timestampNanos());
                    if (nanos >= fromNanos && nanos <= toNanos && filter.accepts(event.type())) {
                        out.write(text.format(event, nanos));
                        out.write('\n');
                    }
                });
            }
            // the reader skips damaged, foreign or misplaced packets; say so, or the output looks complete
            for (CtfTraceReader.Skipped skipped : trace.skippedPackets()) {
                err.println("waymark print: skipped " + skipped + " (waymark recover repairs the trace)");
            }
        } catch (UncheckedIOException e) {
            err.println("waymark print: " + directory + ": cannot read the trace: " + e.getCause());
            return WaymarkCli.EXIT_USAGE;
        } catch (IOException e) {
            err.println("waymark print: " + directory + ": cannot read the trace: " + e);
            return WaymarkCli.EXIT_USAGE;
        }
        out.flush();
        return WaymarkCli.EXIT_OK;
    }

    /** Parses a time bound: digits are nanoseconds since the epoch, anything else an ISO-8601 instant. */
    static long epochNanos(String option, String text) throws InputException {
        String value = text.trim();
        if (value.matches("-?\\d+")) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new InputException(option + " " + text + ": nanoseconds since the epoch out of range");
            }
        }
        try {
            Instant instant = Instant.parse(value);
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new InputException(option + " " + text + ": not a time; give an ISO-8601 instant such as "
                    + "2026-12-03T14:29:38.5Z (or with an offset, +01:00) or nanoseconds since the Unix epoch");
        }
    }

    /**
     * The {@code --event} patterns: an event passes when the last pattern that matches it includes it; an
     * event no pattern matches passes only when the first pattern is an exclusion (so {@code '!a:b'} alone
     * prints everything but {@code a:b}), and every event passes when there is no pattern.
     */
    static final class EventFilter {
        private final List<EventPattern> patterns = new ArrayList<>();
        private final Map<EventType, Boolean> decided = new IdentityHashMap<>();

        EventFilter(List<String> texts) {
            for (String text : texts) {
                EventPattern pattern = EventPattern.parse(text);
                if (pattern.filter().isPresent()) {
                    throw new IllegalArgumentException("--event '" + pattern + "': print selects events by name only; a filter "
                            + "('[...]') applies to a session's events as they are emitted (waymark enable, docs/filters.md): "
                            + "give '" + pattern.patternText() + "'");
                }
                patterns.add(pattern);
            }
        }

        boolean accepts(EventType type) {
            return decided.computeIfAbsent(type, t -> {
                boolean accepted = patterns.isEmpty() || patterns.get(0).excluding();
                for (EventPattern pattern : patterns) {
                    if (pattern.matches(t)) {
                        accepted = !pattern.excluding();
                    }
                }
                return accepted;
            });
        }
    }
}
