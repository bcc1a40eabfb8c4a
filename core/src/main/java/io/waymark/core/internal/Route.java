package io.waymark.core.internal;

import io.waymark.spi.DiscardCounter;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.probe.Probe;
import io.waymark.spi.probe.ProbeTarget;
import io.waymark.spi.wire.RecordSink;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/**
 * The immutable target of a tracepoint whose generated code hands its arguments to the runtime
 * ({@link Probe#argumentsHandle()}): what takes the event straight from the arguments (backends'
 * argument consumers, compiled filters, aggregations), combined into one handle, and the targets that
 * still need the encoded event, to which {@link #dispatch} goes. Built by {@link Builder} under the
 * runtime's lock.
 *
 * <p>An event reaches each session once: a session whose backend consumes arguments is left out of the
 * dispatch, and so is an aggregation that updates from the arguments; a session whose filter compiled to an
 * arguments test is dispatched to only when the test passed, and re-tests at dispatch (another session's
 * answer may have caused the encoding), unless it is the only target to dispatch to: then the test was exact
 * and the backend's in-place sink may be used. What an event racing a re-target sees is in
 * docs/architecture.md ("Straight from the arguments").
 */
final class Route implements ProbeTarget {

    /** {@code (boolean, boolean)boolean}: the or of two answers. */
    private static final MethodHandle OR;
    /** {@code (boolean)boolean}: a consumer's answer, whatever it was: nothing left to encode for it. */
    private static final MethodHandle CONSUMED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            OR = lookup.findStatic(Route.class, "or", MethodType.methodType(boolean.class, boolean.class, boolean.class));
            CONSUMED = MethodHandles.dropArguments(MethodHandles.constant(boolean.class, false), 0, boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ProbeTarget dispatch;
    private final MethodHandle arguments;
    /** What the route was built from, by identity: an equal key builds an equal route, so the previous one is kept. */
    private final List<Object> key;

    private Route(ProbeTarget dispatch, MethodHandle arguments, List<Object> key) {
        this.dispatch = dispatch;
        this.arguments = arguments;
        this.key = key;
    }

    @Override
    public void dispatch(Event event) {
        dispatch.dispatch(event);
    }

    @Override
    public RecordSink recordSink(EventType type, int providerIndex) {
        return dispatch.recordSink(type, providerIndex);
    }

    /** The sessions the encoded path dispatches to count what the probe discards: those consuming arguments lose nothing there. */
    @Override
    public DiscardCounter discards() {
        return dispatch.discards();
    }

    @Override
    public MethodHandle argumentsHandle(EventType type, int providerIndex, MethodType parameters) {
        return arguments;
    }

    /** The target events still encoded go to (for tests). */
    ProbeTarget dispatchTarget() {
        return dispatch;
    }

    @Override
    public String toString() {
        return "Route[dispatch " + dispatch + (arguments == null ? "" : ", arguments handle") + "]";
    }

    /**
     * {@code (P1, ..., Pn)boolean} that runs {@code first}, then {@code second}, and answers whether either
     * answered {@code true}: both run, since a consumer's handle has effects.
     */
    static MethodHandle either(MethodHandle first, MethodHandle second) {
        MethodHandle secondAfter = MethodHandles.collectArguments(OR, 1, second); // (boolean, P...)boolean
        return MethodHandles.foldArguments(secondAfter, first);
    }

    private static boolean or(boolean a, boolean b) {
        return a | b;
    }

    /** Collects one tracepoint's targets; {@link #build} answers {@link ProbeTarget#NONE} when there are none. */
    static final class Builder {

        private final Probe probe;
        private final MethodType parameters;
        private final MethodHandle encode;
        private final MethodHandle never;
        private final List<ProbeTarget> dispatch = new ArrayList<>(2);
        /** Per {@link #dispatch} entry: its session's sink when its arguments test decides exactly, else {@code null}. */
        private final List<SessionSink> exactSinks = new ArrayList<>(1);
        private final List<Object> key = new ArrayList<>();
        private final List<MethodHandle> handles = new ArrayList<>(2);
        private boolean any;

        Builder(Probe probe) {
            this.probe = probe;
            this.parameters = probe.argumentsType();
            this.encode = MethodHandles.dropArguments(MethodHandles.constant(boolean.class, true), 0, parameters.parameterList());
            this.never = MethodHandles.dropArguments(MethodHandles.constant(boolean.class, false), 0, parameters.parameterList());
        }

        /** A session's target for the tracepoint: its sink, or its sink behind a filter ({@link FilteringTarget}). */
        void session(SessionSink sink, ProbeTarget target) {
            any = true;
            EventType type = probe.type();
            FilteringTarget filtering = target instanceof FilteringTarget ? (FilteringTarget) target : null;
            MethodHandle test = filtering == null ? null : compile(filtering, type);
            key.add(sink);
            key.add(filtering == null ? "unfiltered" : filtering.filter());
            if (filtering != null && test == null) { // a filter only the encoded event can answer
                key.add("encoded");
                dispatch.add(target);
                exactSinks.add(null);
                handles.add(encode);
                return;
            }
            MethodHandle consumer = sink.argumentConsumer(type, probe.providerIndex(), parameters);
            key.add(consumer == null ? "encoded" : consumer);
            if (consumer != null) {
                handles.add(test == null ? consumer : MethodHandles.guardWithTest(test, consumer, never));
                return;
            }
            dispatch.add(target);
            exactSinks.add(test == null ? null : sink);
            handles.add(test == null ? encode : test);
        }

        /**
         * Another target (an aggregation): when it offers an arguments handle it takes the event from the arguments
         * and is left out of the dispatch (its answer is not asked for: nothing is encoded for it); else it takes the
         * encoded event.
         */
        void other(ProbeTarget target) {
            any = true;
            key.add(target);
            MethodHandle handle;
            try {
                handle = target.argumentsHandle(probe.type(), probe.providerIndex(), parameters);
                handle = handle == null ? null : guard(MethodHandles.filterReturnValue(
                        handle.asType(parameters.changeReturnType(boolean.class)), CONSUMED));
            } catch (RuntimeException | LinkageError e) {
                handle = null;
            }
            if (handle != null) {
                handles.add(handle);
            } else {
                dispatch.add(target);
                exactSinks.add(null);
                handles.add(encode);
            }
        }

        /** The route; {@code previous} itself when it was built from the same parts (so the probe's call sites need no change). */
        ProbeTarget build(Route previous) {
            if (!any) {
                return ProbeTarget.NONE;
            }
            List<Object> parts = List.copyOf(key);
            if (previous != null && sameParts(previous.key, parts)) {
                return previous;
            }
            ProbeTarget target;
            if (dispatch.isEmpty()) {
                target = event -> {}; // everything consumed the arguments; only tools dispatch here
            } else if (dispatch.size() == 1) {
                // the only encoded target: its arguments test (if any) decided exactly, so it need not re-test
                target = exactSinks.get(0) != null ? exactSinks.get(0) : dispatch.get(0);
            } else {
                target = new Fanout(dispatch.toArray(new ProbeTarget[0]));
            }
            MethodHandle arguments = null;
            for (MethodHandle handle : handles) {
                if (handle != encode || arguments != null) {
                    arguments = arguments == null ? handle : either(arguments, handle);
                } else {
                    arguments = encode;
                }
            }
            // Nothing but "always encode": no handle at all, so the constant true folds as it did before.
            return new Route(target, arguments == encode ? null : arguments, parts);
        }

        private static boolean sameParts(List<Object> a, List<Object> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                Object x = a.get(i);
                Object y = b.get(i);
                if (x != y && !(x instanceof String && x.equals(y))) {
                    return false;
                }
            }
            return true;
        }

        /** A filter's arguments test, or {@code null} when only the encoded event can answer it; a throw answers "no". */
        private MethodHandle compile(FilteringTarget filtering, EventType type) {
            try {
                MethodHandle test = ArgumentFilters.compile(filtering.filter(), type, parameters);
                return test == null ? null : guard(test.asType(parameters.changeReturnType(boolean.class)));
            } catch (RuntimeException | LinkageError e) {
                return null; // the encoded-event evaluator answers instead
            }
        }

        /** {@code handle}, answering {@code false} instead of throwing (a checked filter or a table update should not). */
        private MethodHandle guard(MethodHandle handle) {
            MethodHandle no = MethodHandles.dropArguments(never, 0, Throwable.class);
            return MethodHandles.catchException(handle, Throwable.class, no);
        }
    }
}
