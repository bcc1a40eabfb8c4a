package io.waymark.tools.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanException;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import javax.management.RuntimeMBeanException;
import javax.management.RuntimeOperationsException;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;

/**
 * The {@code io.waymark:type=Tracing} MXBean of one JVM, reached by name over JMX: attributes and operations
 * by their names and signatures, values as open types, so the tools link against no class of core and an
 * older or newer runtime still answers. Every failure becomes a {@link CommandException} with one line.
 */
final class TracingClient implements AutoCloseable {

    /** The MXBean's name. */
    static final ObjectName NAME;

    static {
        try {
            NAME = new ObjectName("io.waymark:type=Tracing");
        } catch (MalformedObjectNameException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final String STRING = String.class.getName();
    private static final String STRINGS = String[].class.getName();

    private final Jvm jvm;
    private final JMXConnector connector;
    private final MBeanServerConnection connection;

    TracingClient(Jvm jvm, JMXConnector connector) throws IOException {
        this.jvm = jvm;
        this.connector = connector;
        this.connection = connector.getMBeanServerConnection();
    }

    /** The JVM this client is connected to. */
    Jvm jvm() {
        return jvm;
    }

    /** {@code on} or {@code readonly}. */
    String control() throws CommandException {
        return (String) attribute("Control");
    }

    /** The Waymark version of the runtime. */
    String version() throws CommandException {
        return (String) attribute("Version");
    }

    /** The providers' tracepoints (items: provider, event, id, stability, level, version, enabled, sessions). */
    List<CompositeData> tracepoints() throws CommandException {
        return composites(attribute("Tracepoints"));
    }

    /** The open sessions (items: name, state, backend, rules, settings, destination, counters, external). */
    List<CompositeData> sessions() throws CommandException {
        return composites(attribute("Sessions"));
    }

    /** The session named {@code name}, or a {@link CommandException} listing the sessions. */
    CompositeData session(String name) throws CommandException {
        List<CompositeData> sessions = sessions();
        List<String> names = new ArrayList<>();
        for (CompositeData session : sessions) {
            if (name.trim().equals(session.get("name"))) { // the MXBean trims names as it creates sessions
                return session;
            }
            names.add((String) session.get("name"));
        }
        throw new CommandException("JVM " + jvm.describe() + " has no session named '" + name + "'; sessions: " + names
                + " ('waymark sessions " + jvm.pid() + "' lists them)");
    }

    void createSession(String name, String backend, List<String> settings) throws CommandException {
        invoke("createSession", new Object[] {name, backend, settings.toArray(String[]::new)}, STRING, STRING, STRINGS);
    }

    /** Runs {@code enable}, {@code disable}, {@code start}, {@code stop}, {@code flush} or {@code close} with string arguments. */
    void operation(String operation, String... arguments) throws CommandException {
        String[] signature = new String[arguments.length];
        java.util.Arrays.fill(signature, STRING);
        invoke(operation, arguments, signature);
    }

    /** Adds an aggregation to a session; returns its name. */
    String aggregate(String session, String spec) throws CommandException {
        return (String) invoke("aggregate", new Object[] {session, spec}, STRING, STRING);
    }

    /** A session's aggregations, each {@code name = spec}. */
    String[] aggregations(String session) throws CommandException {
        return (String[]) invoke("aggregations", new Object[] {session}, STRING);
    }

    /** One aggregation's raw counters (items in AggregationInfo's Javadoc). */
    CompositeData aggregation(String session, String name) throws CommandException {
        return (CompositeData) invoke("aggregation", new Object[] {session, name}, STRING, STRING);
    }

    /** Writes a snapshot of an overwrite-mode session; returns the absolute path written. */
    String snapshot(String session, String path) throws CommandException {
        return (String) invoke("snapshot", new Object[] {session, path}, STRING, STRING);
    }

    private Object attribute(String name) throws CommandException {
        try {
            return connection.getAttribute(NAME, name);
        } catch (JMException | IOException | RuntimeException e) {
            throw failure("reading " + name, e);
        }
    }

    private Object invoke(String operation, Object[] arguments, String... signature) throws CommandException {
        try {
            return connection.invoke(NAME, operation, arguments, signature);
        } catch (JMException | IOException | RuntimeException e) {
            throw failure(operation, e);
        }
    }

    private static List<CompositeData> composites(Object value) {
        return value == null ? List.of() : List.of((CompositeData[]) value);
    }

    /** The target's own message (it names the argument, the value and the remedy), or what went wrong on the way. */
    private CommandException failure(String what, Exception e) {
        Throwable cause = e;
        if (e instanceof RuntimeMBeanException runtime && runtime.getTargetException() != null) {
            cause = runtime.getTargetException();
        } else if (e instanceof RuntimeOperationsException runtime && runtime.getTargetException() != null) {
            cause = runtime.getTargetException();
        } else if (e instanceof MBeanException mbean && mbean.getTargetException() != null) {
            cause = mbean.getTargetException();
        } else if (e instanceof ReflectionException reflection && reflection.getTargetException() != null) {
            cause = reflection.getTargetException();
        }
        String prefix = "JVM " + jvm.describe() + ": ";
        if (e instanceof InstanceNotFoundException) {
            return new CommandException(prefix + "Waymark " + jvm.waymarkVersion() + " runs but has no " + NAME
                    + " MXBean (management off, or a Waymark older than the command line); its owner can allow outside "
                    + "control with -Dwaymark.management=on", e);
        }
        if (cause instanceof SecurityException) {
            return new CommandException(prefix + LocalJvms.oneLine(cause) + "; its owner can allow it with -Dwaymark.management=on", e);
        }
        if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException
                || cause instanceof UnsupportedOperationException) {
            return new CommandException(prefix + LocalJvms.oneLine(cause), e);
        }
        if (e instanceof IOException) {
            return new CommandException(prefix + "the connection failed while " + what + ": " + LocalJvms.oneLine(e)
                    + "; check that the JVM is still running and retry", e);
        }
        return new CommandException(prefix + what + " failed: " + cause.getClass().getSimpleName() + ": "
                + LocalJvms.oneLine(cause) + "; check that the command line and the application run the same Waymark version", e);
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException e) {
            // the answer is in; a connection that does not close cleanly changes nothing
        }
    }
}
