package io.waymark.spi;

import java.util.Optional;

/**
 * One session's backend: receives the events the session enabled. Created by a
 * {@link BackendFactory} for each session.
 *
 * <p>Contract: {@link #onEvent(Event)} is called concurrently from application threads and must not
 * block; it should not allocate when the backend promises an allocation-free path. An exception
 * thrown from any method never reaches the application: the runtime catches it, reports it once,
 * and detaches a backend that keeps failing from its session.
 */
public interface Backend {

    /** Receives one event; the view is valid only during this call. */
    void onEvent(Event event);

    /**
     * Tells the backend about a provider, once per provider and session: for every provider already
     * registered when the session first starts and for every provider that registers while it runs,
     * before that provider's first event.
     *
     * @param providerIndex the registration's index, which the headers of this provider's canonical records
     *     carry ({@link io.waymark.spi.wire.WireFormat#identityWord}); a backend that stores records verbatim
     *     keeps it to know each record's event by its header alone. Two registrations of one provider, from two
     *     class loaders, have two indexes.
     */
    default void onProviderRegistered(ProviderDescriptor provider, int providerIndex) {}

    /**
     * Whether this backend wants events of {@code type} now: {@code false} leaves the tracepoint dormant
     * for this session (it costs nothing and {@link #onEvent} never sees it), whatever the session's rules
     * say. The runtime asks when it re-targets tracepoints: when the session starts, when a provider
     * registers, when rules change, and soon after the backend calls {@link BackendContext#interestChanged()}.
     * Lets the consumer decide (a JFR recording that is not running, a logger whose level is off). Called
     * under the runtime's lock on a set-up thread, never per event: answer quickly, without blocking or
     * calling back into Waymark. An exception counts as a backend failure and as {@code false}. The default
     * wants every event the session's rules enable.
     */
    default boolean wants(EventType type) {
        return true;
    }

    /**
     * How many events this backend received but could not keep (for example because a buffer was
     * full in a discard mode), for the session's statistics. Must be cheap and thread-safe.
     */
    default long discardedEvents() {
        return 0;
    }

    /**
     * How many events this backend received but could not keep, for {@code reason}: those its own buffers or
     * destination lost ({@link DiscardReason#BUFFER_FULL}, {@link DiscardReason#WRITE_FAILED},
     * {@link DiscardReason#EVENT_TOO_LARGE} for a record its format cannot hold). Discards the runtime counts
     * itself (before the backend saw the event, or because it threw) are not the backend's to count. Must be
     * cheap and thread-safe. The default reports {@link #discardedEvents()} as {@code BUFFER_FULL}, for
     * backends written before reasons existed.
     */
    default long discardedEvents(DiscardReason reason) {
        return reason == DiscardReason.BUFFER_FULL ? discardedEvents() : 0;
    }

    /**
     * How many events this backend kept (stored, written, or handed on to where it delivers them), for the
     * session's statistics: with {@link #discardedEvents(DiscardReason)} over every reason and the runtime's
     * own discard counts it adds up to the events the session received, exactly once the emitting threads
     * are quiet and the backend flushed. {@code -1} (the default) when the backend cannot say (its
     * destination filters or counts on its own, as a logging framework or JFR does). Must be cheap and
     * thread-safe; never called on a tracepoint's path.
     */
    default long recordedEvents() {
        return -1;
    }

    /**
     * Tells the backend that the runtime discarded one event of this backend's session before the backend
     * saw it ({@code reason}: no writer to be had, a record too large, a consumer that threw, ...). The
     * session's statistics count it already: a backend must not add it to {@link #discardedEvents(DiscardReason)}.
     * A backend whose output carries a discarded count of its own (the CTF trace's {@code events_discarded})
     * adds it there, so that the output's count equals the session's. Called on the application thread that
     * lost the event: must not block, allocate or throw. The default does nothing.
     */
    default void onDiscarded(DiscardReason reason) {}

    /**
     * Where emitting threads hand finished records of {@code type}, registered at {@code providerIndex},
     * straight from their writers ({@link io.waymark.spi.wire.RecordSink#commit}); or {@code null} (the
     * default): the backend then receives those events through {@link #onEvent}. A backend that stores
     * records verbatim offers one to skip the dispatch; the runtime uses it for tracepoints that this
     * backend's session alone receives, and still calls {@link #onEvent} for the others. Asked once per tracepoint whenever the runtime re-targets
     * it, never per event, so this is where a backend checks once what it would otherwise check for
     * every record (that it declared the event's class, say): answer {@code null} when in doubt.
     */
    default io.waymark.spi.wire.RecordSink recordSink(EventType type, int providerIndex) {
        return null;
    }

    /**
     * A handle that takes events of {@code type} straight from the tracepoint's arguments, before anything
     * is encoded; or {@code null} (the default): the backend then receives them through {@link #recordSink}
     * or {@link #onEvent}. A backend that turns each event into an object of another library (a JFR event, a
     * log record) offers one to skip encoding the canonical record and reading it back.
     *
     * <p>{@code arguments} is {@code (P1, ..., Pn)void}, one parameter per field of {@code type}, in field
     * order, typed as the tracepoint declares it: the primitive of a numeric, {@code boolean} or {@code char}
     * field, {@code String}, {@code byte[]}, or the field's own enum class. The handle must have that type or
     * one {@link java.lang.invoke.MethodHandle#asType} converts to it without boxing (an enum parameter may be
     * declared {@code Enum<?>} or {@code Object}). The event ABI's reading of absent values is the handle's to
     * apply: a {@code null} String or {@code byte[]} reads as empty; a {@code null} enum stays {@code null}.
     *
     * <p>The handle runs on the emitting thread, at the tracepoint, with that thread's context: it reads its
     * own clock if it needs one, must not block, and should not allocate more than the object it hands on.
     * An exception it throws counts as a backend failure; nothing reaches the application. Asked once per
     * tracepoint whenever the runtime re-targets it (as {@link #wants}: under the runtime's lock, possibly on a
     * thread initializing a provider class, so without blocking, loading providers or initializing application
     * classes), never per event; return the same handle for the same type and parameters (a new one makes the
     * runtime rebuild the tracepoint's route and the JIT recompile it); and only for
     * tracepoints whose fields are all parameters of the tracepoint method (an event with view fields, whose
     * accessors are application code, always takes the encoded path). Tracepoints compiled by an older
     * annotation processor do not ask: the encoded path must keep working.
     */
    default java.lang.invoke.MethodHandle argumentConsumer(EventType type, java.lang.invoke.MethodType arguments) {
        return null;
    }

    /**
     * {@link #argumentConsumer(EventType, java.lang.invoke.MethodType)} for the tracepoint of {@code type} whose
     * provider the runtime registered at {@code providerIndex} ({@link #onProviderRegistered}): what a backend that
     * writes the event's identity into its records (the record header's
     * {@link io.waymark.spi.wire.WireFormat#identityWord}) needs, since one provider loaded by two class loaders has
     * two indexes and equal types. The runtime calls this one; the default delegates to the two-argument form, with
     * the same contract.
     */
    default java.lang.invoke.MethodHandle argumentConsumer(EventType type, int providerIndex, java.lang.invoke.MethodType arguments) {
        return argumentConsumer(type, arguments);
    }

    /**
     * Where this backend keeps what it records, in words a user can act on: an absolute directory, a
     * URL, "memory". The runtime names it in the line that reports a started startup session, so a
     * user knows where to look. Empty (the default) when the backend has nothing useful to say.
     */
    default Optional<String> destination() {
        return Optional.empty();
    }

    /**
     * Writes what the backend holds in memory as a complete trace into {@code target}, the flight
     * recorder's dump, while recording goes on; returns where it wrote. A backend that keeps recent
     * events in memory (the CTF backend in overwrite mode) implements it; the default takes no
     * snapshots. The runtime calls it for {@code Session.snapshot(Path)} on any thread but never on a
     * tracepoint's path.
     *
     * @param target a directory that does not exist yet or is empty
     * @return the directory written
     * @throws UnsupportedOperationException when this backend takes no snapshots (the default)
     * @throws IllegalStateException when it cannot in its current configuration, saying why
     * @throws java.io.IOException when the trace cannot be written
     */
    default java.nio.file.Path snapshot(java.nio.file.Path target) throws java.io.IOException {
        throw new UnsupportedOperationException(getClass().getName() + " takes no snapshots");
    }

    /**
     * Makes everything received so far durable or visible; called when the session stops, and when a
     * tool asks for it through the management interface, which may be while events arrive.
     */
    default void flush() {}

    /**
     * Releases resources; called once when the session closes. No new event is dispatched to the
     * backend afterwards, but an event that another thread was already delivering when the session
     * stopped may still complete its {@link #onEvent} call: backends ignore (or count) such late
     * events rather than fail.
     */
    default void close() {}
}
