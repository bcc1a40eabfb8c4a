package io.waymark.tools.internal;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.management.openmbean.CompositeData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The commands that change one session of a JVM: {@code create}, {@code enable}, {@code disable}, {@code start},
 * {@code stop}, {@code flush}, {@code close} and {@code snapshot}. Each prints one line, or with {@code --json}
 * {@code {"pid": ..., "session": {...}}} (the session as {@code sessions --json} shows it, after the change).
 */
public final class SessionCommands {

    private SessionCommands() {}

    /** A command on the session {@code <session>} of JVM {@code <pid>}. */
    abstract static class OnSession extends AttachingCommand {

        @Parameters(index = "1", paramLabel = "<session>", description = "The session's name ('waymark sessions <pid>' lists them).")
        String session;

        /** Prints the session as it is now: {@code summary} as a line, or the JSON shape. */
        void printSession(TracingClient client, PrintWriter out, String summary) throws CommandException {
            CompositeData data = client.session(session);
            if (json) {
                Output.json(out, generator -> {
                    generator.writeStartObject();
                    generator.writeNumberField("pid", pid);
                    generator.writeFieldName("session");
                    Output.session(generator, data);
                    generator.writeEndObject();
                });
            } else {
                String state = Output.string(data, "state");
                // only a running session receives tracepoints; before, its rules select nothing yet
                out.println(summary + " (state " + state + (state.equals("RUNNING") ? ", " + receiving(client) + " tracepoints" : "") + ")");
            }
        }

        /** How many tracepoints the session receives now. */
        long receiving(TracingClient client) throws CommandException {
            return client.tracepoints().stream()
                    .filter(tracepoint -> Arrays.asList(Output.strings(tracepoint, "sessions")).contains(session))
                    .count();
        }
    }

    /** {@code waymark create <pid> <session> [--backend B] [--set key=value]...}. */
    @Command(name = "create",
            mixinStandardHelpOptions = true,
            description = {"Creates session <session> in JVM <pid>, not started: enable patterns, then start it.",
                "The ctf backend's settings: directory (relative paths are taken from this shell's directory), "
                        + "mode=discard|overwrite, subbuffer-size, subbuffer-count, streams, flush-interval-ms, file-mode (e.g. 0640)."})
    public static final class Create extends OnSession {

        @Option(names = "--backend", paramLabel = "<backend>", defaultValue = "",
                description = "The backend, e.g. ctf; by default the JVM's default backend.")
        private String backend;

        @Option(names = "--set", paramLabel = "<key=value>", description = "A backend setting; repeat for several.")
        private List<String> settings = new ArrayList<>();

        private final List<String> checked = new ArrayList<>();

        /** For picocli. */
        public Create() {}

        /** The settings {@link #check()} accepted, as they are sent. */
        List<String> checked() {
            return List.copyOf(checked);
        }

        @Override
        void check() throws CommandException {
            for (String setting : settings) {
                int equals = setting.indexOf('=');
                if (equals <= 0 || setting.substring(0, equals).isBlank()) {
                    throw new CommandException("malformed setting '" + setting + "': use --set key=value, e.g. --set mode=overwrite");
                }
                String key = setting.substring(0, equals).trim();
                String value = setting.substring(equals + 1); // as given, as the MXBean and SessionConfig keep it
                if (key.equals("directory") && !value.isBlank()) {
                    // the target's working directory is not the user's: a relative path means this shell's
                    value = Path.of(value).toAbsolutePath().normalize().toString();
                }
                checked.add(key + "=" + value);
            }
        }

        @Override
        void run(TracingClient client, PrintWriter out) throws CommandException {
            client.createSession(session, backend.trim(), checked);
            CompositeData data = client.session(session);
            if (json) {
                printSession(client, out, "");
                return;
            }
            String destination = Output.string(data, "destination");
            out.println("Session '" + session + "' created in JVM " + pid + " (backend " + Output.string(data, "backend")
                    + (destination.isEmpty() ? "" : ", destination " + destination) + "); next: waymark enable " + pid + " "
                    + session + " '<pattern>', then waymark start " + pid + " " + session);
        }
    }

    /** {@code waymark enable <pid> <session> <pattern>}. */
    @Command(name = "enable", mixinStandardHelpOptions = true,
            description = "Enables the events matching <pattern> (provider[:event], globs * and ?, then an optional filter in "
                    + "brackets over the events' fields, docs/filters.md) in session <session>.")
    public static final class Enable extends OnSession {

        @Parameters(index = "2", paramLabel = "<pattern>", description = "provider or provider:event, e.g. 'shop.checkout:*', "
                + "or with a filter, e.g. 'shop.checkout:orderPlaced[items > 3 && customer == \"a*\"]' (quote it in the shell).")
        private String pattern;

        /** For picocli. */
        public Enable() {}

        @Override
        void check() throws CommandException {
            CommandException.eventPattern(pattern);
        }

        @Override
        void run(TracingClient client, PrintWriter out) throws CommandException {
            client.session(session); // an unknown name is refused with the sessions and the remedy
            client.operation("enable", session, pattern.trim());
            printSession(client, out, "Session '" + session + "' of JVM " + pid + ": enabled '" + pattern.trim() + "'");
        }
    }

    /** {@code waymark disable <pid> <session> <pattern>}. */
    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disables the events matching <pattern> (provider[:event], globs * and ?) in session <session>.")
    public static final class Disable extends OnSession {

        @Parameters(index = "2", paramLabel = "<pattern>", description = "provider or provider:event, e.g. 'shop.checkout:priceCacheMiss'.")
        private String pattern;

        /** For picocli. */
        public Disable() {}

        @Override
        void check() throws CommandException {
            if (CommandException.eventPattern(pattern).filter().isPresent()) {
                throw new CommandException("pattern '" + pattern.trim() + "': disable takes no filter; to record only some events "
                        + "of a type, enable it with a filter, such as 'shop.checkout:orderPlaced[!(items > 3)]'");
            }
        }

        @Override
        void run(TracingClient client, PrintWriter out) throws CommandException {
            client.session(session); // an unknown name is refused with the sessions and the remedy
            client.operation("disable", session, pattern.trim());
            printSession(client, out, "Session '" + session + "' of JVM " + pid + ": disabled '" + pattern.trim() + "'");
        }
    }

    /** A session operation that takes no argument and reports the session afterwards: start, stop, flush. */
    abstract static class SessionLifecycle extends OnSession {

        private final String operation;
        private final String done;

        SessionLifecycle(String operation, String done) {
            this.operation = operation;
            this.done = done;
        }

        @Override
        void run(TracingClient client, PrintWriter out) throws CommandException {
            client.session(session); // an unknown name is refused with the sessions and the remedy
            client.operation(operation, session);
            printSession(client, out, "Session '" + session + "' of JVM " + pid + " " + done);
        }
    }

    /** {@code waymark start <pid> <session>}. */
    @Command(name = "start", mixinStandardHelpOptions = true, description = "Starts recording in session <session>.")
    public static final class Start extends SessionLifecycle {

        /** For picocli. */
        public Start() {
            super("start", "started");
        }
    }

    /** {@code waymark stop <pid> <session>}. */
    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stops recording in session <session>; what it recorded is written out; start resumes it.")
    public static final class Stop extends SessionLifecycle {

        /** For picocli. */
        public Stop() {
            super("stop", "stopped");
        }
    }

    /** {@code waymark flush <pid> <session>}. */
    @Command(name = "flush", mixinStandardHelpOptions = true,
            description = "Writes out what session <session> has buffered, without stopping it.")
    public static final class Flush extends SessionLifecycle {

        /** For picocli. */
        public Flush() {
            super("flush", "flushed");
        }
    }

    /** {@code waymark close <pid> <session>}. */
    @Command(name = "close", mixinStandardHelpOptions = true,
            description = "Closes session <session>: stops it, completes its trace and forgets it.")
    public static final class Close extends OnSession {

        /** For picocli. */
        public Close() {}

        @Override
        void run(TracingClient client, PrintWriter out) throws CommandException {
            String destination = Output.string(client.session(session), "destination");
            client.operation("close", session);
            if (json) {
                Output.json(out, generator -> {
                    generator.writeStartObject();
                    generator.writeNumberField("pid", pid);
                    generator.writeStringField("session", session);
                    generator.writeStringField("state", "CLOSED");
                    generator.writeStringField("destination", destination);
                    generator.writeEndObject();
                });
            } else {
                out.println("Session '" + session + "' of JVM " + pid + " closed"
                        + (destination.isEmpty() ? "" : "; its trace: " + destination));
            }
        }
    }

    /** {@code waymark snapshot <pid> <session> <path>}. */
    @Command(name = "snapshot", mixinStandardHelpOptions = true,
            description = "Writes what overwrite-mode session <session> holds in memory (a flight recorder) as a trace "
                    + "in directory <path> (new or empty; relative to this shell's directory); the session keeps recording.")
    public static final class Snapshot extends OnSession {

        @Parameters(index = "2", paramLabel = "<path>", description = "The trace directory to write.")
        private Path path;

        /** For picocli. */
        public Snapshot() {}

        @Override
        void check() throws CommandException {
            path = path.toAbsolutePath().normalize();
            Path parent = path.getParent();
            String problem = parent == null ? "it has no parent directory"
                    : !Files.exists(parent) ? "its parent directory " + parent + " does not exist"
                    : !Files.isDirectory(parent) ? "its parent " + parent + " is not a directory"
                    : !Files.isWritable(parent) ? "its parent directory " + parent + " is not writable"
                    : Files.exists(path) && !Files.isDirectory(path) ? "it is a file" : null;
            if (problem != null) {
                throw new CommandException("cannot write a snapshot to " + path + ": " + problem + "; name a new or empty "
                        + "directory in an existing directory that the JVM's user can write");
            }
        }

        @Override
        void run(TracingClient client, PrintWriter out) throws CommandException {
            client.session(session);
            String written = client.snapshot(session, path.toString());
            if (json) {
                Output.json(out, generator -> {
                    generator.writeStartObject();
                    generator.writeNumberField("pid", pid);
                    generator.writeStringField("session", session);
                    generator.writeStringField("path", written);
                    generator.writeEndObject();
                });
            } else {
                out.println("Snapshot of session '" + session + "' of JVM " + pid + " written to " + written
                        + " (read it with babeltrace2 " + written + ")");
            }
        }
    }
}
