package io.waymark.core.management;

import java.util.List;
import javax.management.openmbean.CompositeData;

/**
 * Management interface of Waymark's tracing runtime, registered in the
 * {@linkplain java.lang.management.ManagementFactory#getPlatformMBeanServer() platform MBean server}
 * as {@value #OBJECT_NAME} when the runtime starts (unless {@code waymark.management=off}).
 *
 * <p>It shows the providers' tracepoints and the open sessions, and manages sessions as
 * {@code jdk.management.jfr.FlightRecorderMXBean} manages recordings: create a session with a
 * backend and its settings, enable and disable event patterns, start, stop, flush, take a snapshot
 * and close. A session created here is an ordinary session: the application sees it in
 * {@link io.waymark.core.Tracing#sessions()}, and this interface sees the application's sessions
 * (its operations work on them too). Sessions are named by their name, unique among open sessions.
 *
 * <p>Every type here is an open type, so that a client needs none of Waymark's classes: a generic
 * client (JConsole, JDK Mission Control, {@code MBeanServerConnection.getAttribute} and
 * {@code invoke}) reads the attributes by their names ({@code Version}, {@code Tracepoints}, ...)
 * and calls the operations by theirs.
 *
 * <h2>Errors</h2>
 * An operation validates its arguments before it changes anything and throws
 * {@link IllegalArgumentException} whose message names the argument, the value and the remedy; an
 * unknown session is {@code no session named 'x'; sessions: [a, b]}. What goes wrong in one session
 * stays there: no operation disturbs the application or its other sessions. When the application
 * set {@code waymark.management=readonly}, every operation throws {@link SecurityException}. A JMX
 * client receives these exceptions as the cause of a {@link javax.management.RuntimeMBeanException}
 * (or directly, through a {@link javax.management.JMX#newMXBeanProxy proxy}); they are always JDK
 * exception types, without Waymark classes in their causes.
 *
 * @see io.waymark.core.Tracing
 * @see io.waymark.core.Session
 */
public interface TracingMXBean {

    /** The object name this interface is registered under. */
    String OBJECT_NAME = "io.waymark:type=Tracing";

    /** The Waymark version of the runtime, for example {@code 0.1.0-SNAPSHOT}. */
    String getVersion();

    /** The names of the backends available to new sessions, sorted. */
    String[] getBackendNames();

    /**
     * The startup configuration's errors, one message per malformed value, and one for each session
     * filter that did not fit a provider loaded after it was set; empty when all is valid.
     */
    String[] getConfigurationErrors();

    /**
     * What this interface lets a client do: {@code on} (read and operate) or {@code readonly} (read
     * only; every operation throws {@link SecurityException}).
     */
    String getControl();

    /**
     * Every tracepoint of the providers registered so far, one per event, in registration order. A
     * generic JMX client receives a {@code CompositeData[]}; the items of each {@link CompositeData}:
     * <ul>
     *   <li>{@code provider} (String): the provider's name;</li>
     *   <li>{@code event} (String): the event's name;</li>
     *   <li>{@code id} (int): the event's id within its provider;</li>
     *   <li>{@code stability} (String): {@code STABLE} or {@code UNSTABLE};</li>
     *   <li>{@code level} (String): {@code TRACE}, {@code DEBUG}, {@code INFO}, {@code WARN} or {@code ERROR};</li>
     *   <li>{@code version} (int): the event's schema version;</li>
     *   <li>{@code enabled} (boolean): whether the tracepoint is on, that is, a running session receives it;</li>
     *   <li>{@code sessions} (String[]): the names of the running sessions that receive it.</li>
     * </ul>
     */
    List<TracepointInfo> getTracepoints();

    /**
     * The open sessions, the application's and those created through this interface, in order of
     * creation. A generic JMX client receives a {@code CompositeData[]}; the items of each
     * {@link CompositeData}:
     * <ul>
     *   <li>{@code name} (String);</li>
     *   <li>{@code state} (String): {@code CREATED}, {@code RUNNING} or {@code STOPPED};</li>
     *   <li>{@code backend} (String): the backend's name;</li>
     *   <li>{@code rules} (String[]): the rules in order, disabling ones prefixed with {@code '!'};</li>
     *   <li>{@code settings} (String[]): the backend settings as {@code key=value};</li>
     *   <li>{@code destination} (String): where the backend writes (a directory, for example), empty if
     *       nowhere or unknown;</li>
     *   <li>{@code recordedEvents} (long): events the backend kept, as it counts them; {@code -1} when it cannot
     *       say (the JFR and SLF4J backends);</li>
     *   <li>{@code discardedEvents} (long): events the session discarded, for any reason;</li>
     *   <li>{@code discardedByReason} ({@link javax.management.openmbean.TabularData}): one row per
     *       {@link io.waymark.spi.DiscardReason}, zeros included, with the items {@code key} (String, the reason's
     *       name) and {@code value} (long, the count); {@code docs/management.md} says what each reason means
     *       and its remedy;</li>
     *   <li>{@code backendFailures} (long): exceptions the backend threw;</li>
     *   <li>{@code backendDetached} (boolean): whether the backend failed so often that it was detached;</li>
     *   <li>{@code external} (boolean): whether the session was created through this interface.</li>
     * </ul>
     */
    List<SessionInfo> getSessions();

    /**
     * Creates a session, not yet started: enable patterns, then {@link #start(String)} it.
     *
     * @param name the session's name, not blank and not taken by an open session
     * @param backend the backend's name (one of {@link #getBackendNames()}), or empty for the
     *     default: the one backend available, or the one {@code waymark.backend} names
     * @param settings backend settings, each {@code key=value} (for the CTF backend, e.g.
     *     {@code directory=/tmp/trace} or {@code mode=overwrite}); may be empty
     * @throws IllegalArgumentException for a blank or taken name, an unknown backend, no default
     *     backend, a malformed or duplicate setting, or a setting the backend rejects
     */
    void createSession(String name, String backend, String[] settings);

    /**
     * Adds an enabling rule to a session: a pattern {@code provider:event} with globs ({@code *},
     * {@code ?}), or {@code provider} for all its events, optionally followed by a filter over the
     * events' fields ({@code shop.checkout:orderPlaced[items > 3]}, {@code docs/filters.md}). Takes
     * effect at once in a running session.
     *
     * @throws IllegalArgumentException for an unknown session, a malformed pattern or filter, or a
     *     filter that does not fit a loaded event the pattern matches (the message names the field,
     *     the types and the event's fields)
     */
    void enable(String session, String pattern);

    /**
     * Adds a disabling rule to a session, with the same pattern syntax; the last rule that matches an
     * event decides.
     *
     * @throws IllegalArgumentException for an unknown session or a malformed pattern
     */
    void disable(String session, String pattern);

    /**
     * Starts a session; starting a running session does nothing.
     *
     * @throws IllegalArgumentException for an unknown session
     */
    void start(String session);

    /**
     * Stops a session and flushes its backend; stopping a session that is not running does nothing.
     *
     * @throws IllegalArgumentException for an unknown session
     */
    void stop(String session);

    /**
     * Makes everything a session's backend received so far durable or visible, without stopping it.
     *
     * @throws IllegalArgumentException for an unknown session
     */
    void flush(String session);

    /**
     * Stops a session if it runs and closes it and its backend; its name is free again.
     *
     * @throws IllegalArgumentException for an unknown session
     */
    void close(String session);

    /**
     * Writes what a session's backend holds in memory as a complete trace while recording goes on,
     * the flight recorder's dump: for sessions whose backend keeps recent events in memory (the CTF
     * backend with {@code mode=overwrite}).
     *
     * @param session the session's name
     * @param path the directory to write, in the target JVM's file system: new, or empty; its parent
     *     must exist and be writable; a relative path is resolved against the target JVM's working
     *     directory
     * @return the absolute path of the directory written
     * @throws IllegalArgumentException for an unknown session, a bad path, or a backend that cannot take a
     *     snapshot in its configuration (the CTF backend in discard mode)
     * @throws UnsupportedOperationException when the session's backend takes no snapshots at all
     * @throws java.io.UncheckedIOException when writing the trace fails
     */
    String snapshot(String session, String path);

    /**
     * Adds an aggregation to a session ({@code docs/aggregations.md}), for example
     * {@code slow = shop:responseSent[status >= 500] hist(micros) by (method)}; checked against the loaded
     * event types, and its table's memory before anything is allocated. A session created with backend
     * {@code none} only aggregates.
     *
     * @return the aggregation's name
     * @throws IllegalArgumentException for an unknown session, a malformed aggregation, one that does not
     *     fit a loaded event, a name in use, or a table too big for the heap
     */
    String aggregate(String session, String spec);

    /**
     * A session's aggregations in canonical form, each {@code name = ...}.
     *
     * @throws IllegalArgumentException for an unknown session
     */
    String[] aggregations(String session);

    /**
     * The raw counters of one aggregation, cumulative (never reset here: each reader subtracts its
     * previous reading, so readers do not disturb one another).
     *
     * @throws IllegalArgumentException for an unknown session or aggregation
     */
    AggregationInfo aggregation(String session, String name);
}
