package io.waymark.core;

import io.waymark.spi.Backend;
import io.waymark.spi.EventType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A tracing session: one backend and one enabled set. Obtain one with
 * {@link Tracing#createSession(SessionConfig)}. All methods are thread-safe; they are the slow path
 * and may take a lock, never the tracepoints.
 */
public interface Session extends AutoCloseable {

    /** The session's name, unique among open sessions. */
    String name();

    /** The current state. */
    SessionState state();

    /** Starts delivering enabled events to the backend. Starting a running session does nothing. */
    void start();

    /** Stops delivering events and flushes the backend. Stopping a session that is not running does nothing. */
    void stop();

    /** Stops the session if running and closes its backend. Closing twice does nothing. */
    @Override
    void close();

    /**
     * Adds an enabling rule, a pattern {@code provider:event} with globs ({@code *} any run of
     * characters, {@code ?} one character); a pattern without {@code ':'} means every event of the
     * matching providers. Takes effect at once if the session is running. The pattern is the rule
     * grammar of {@code docs/rules.md} without its {@code '!'} prefix, which {@link #disable} stands for.
     * It may end with a filter over the events' fields ({@code docs/filters.md}), such as
     * {@code shop.checkout:orderPlaced[items > 3 && customer == "a*"]}: the session then records only
     * the events that pass it. The filter is checked now against every loaded event type the pattern
     * matches, and against providers that load later when they register (a filter that does not fit
     * one is reported, listed by {@link Tracing#configurationErrors()}, and the session receives none
     * of that event).
     *
     * @throws IllegalArgumentException when the pattern is malformed, starts with {@code '!'} or is
     *     longer than 1024 characters, or its filter is malformed or does not fit a loaded event it
     *     matches (naming the field, the types and the event's fields); the rules are then unchanged
     * @throws IllegalStateException when the session is closed
     */
    void enable(String pattern);

    /**
     * Adds a disabling rule with the same pattern syntax, without filter. Rules apply in order: an
     * event is enabled when the last rule that matches it is an enabling one (and passes its filter).
     *
     * @throws IllegalArgumentException when the pattern is malformed, starts with {@code '!'}, has a
     *     filter or is longer than 1024 characters
     * @throws IllegalStateException when the session is closed
     */
    void disable(String pattern);

    /**
     * The rules in order, as strings: enabling rules as given, disabling ones prefixed with {@code '!'},
     * filters in canonical form ({@code shop:x[items>3]} reads back as {@code shop:x[items > 3]}).
     */
    List<String> rules();

    /**
     * Whether this session wants events of {@code type} (its rules, level and stability filter): also
     * when the deciding rule's filter lets only some through; not when that filter does not fit the type.
     */
    boolean wants(EventType type);

    /** The event types of registered providers that this session wants. */
    List<EventType> enabledEventTypes();

    /**
     * Writes what the session's backend holds in memory as a complete trace into {@code target} (a
     * directory that does not exist yet or is empty), while recording goes on: the flight recorder's
     * dump. The CTF backend in overwrite mode ({@code mode=overwrite}) takes snapshots.
     *
     * @return the absolute path of the directory written
     * @throws UnsupportedOperationException naming the backend when the session's backend takes no snapshots
     * @throws IllegalStateException when the session is closed, or its backend cannot take one in its
     *     configuration (the CTF backend in discard mode), saying why
     * @throws IOException when the trace cannot be written
     */
    Path snapshot(Path target) throws IOException;

    /** The session's backend, for example to read what an in-memory backend recorded. */
    Backend backend();

    /** The session's counters. */
    SessionStatistics statistics();

    /**
     * Adds an aggregation while the session is open ({@code docs/aggregations.md}), checked now against
     * the event types loaded, and its table's memory before anything is allocated.
     *
     * @return the aggregation's name (given before {@code =}, else {@code agg<n>})
     * @throws IllegalArgumentException for a malformed aggregation, one that does not fit a loaded event
     *     type (naming the field, the types and the event's fields), a name in use, or a table too big for the heap
     */
    String aggregate(String spec);

    /** The session's aggregations in canonical form, each with its name. */
    List<String> aggregations();

    /**
     * The raw counters of the aggregation called {@code name}: cumulative since it was created; take
     * intervals with {@link AggregationSnapshot#since}.
     *
     * @throws IllegalArgumentException when the session has no aggregation of that name, listing the ones it has
     */
    AggregationSnapshot aggregation(String name);
}
