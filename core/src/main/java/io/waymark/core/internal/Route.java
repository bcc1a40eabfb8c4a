package io.waymark.core.internal;

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
 * dispatch; a session whose filter compiled to an arguments test is dispatched to only when the test
 * passed, and re-tests at dispatch (another session's answer may have caused the encoding), unless it is
 * the only target to dispatch to: then the test was exact and the backend's in-place sink may be used.
 */
final class Route implements ProbeTarget {

    private final ProbeTarget dispatch;
    private final MethodHandle arguments;

    private Route(ProbeTarget dispatch, MethodHandle arguments) {
        this.dispatch = dispatch;
        this.arguments = arguments;
    }

    @Override
    public void dispatch(Event event) {
        dispatch.dispatch(event);
    }

    @Override
    public RecordSink recordSink(EventType type, int providerIndex) {
        return dispatch.recordSink(type, providerIndex);
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

    /** Collects one tracepoint's targets; {@link #build()} answers {@link ProbeTarget#NONE} when there are none. */
    static final class Builder {

        private final Probe probe;
        private final MethodType parameters;
        private final MethodHandle encode;
        private final List<ProbeTarget> dispatch = new ArrayList<>(2);
        /** The one exactly pre-filtered sink among {@link #dispatch}, if the only one is. */
        private final List<SessionSink> exactSinks = new ArrayList<>(1);
        private MethodHandle arguments;
        private boolean any;

        Builder(Probe probe) {
            this.probe = probe;
            this.parameters = probe.argumentsType();
            this.encode = MethodHandles.dropArguments(MethodHandles.constant(boolean.class, true), 0, parameters.parameterList());
        }

        /** A session's target for the tracepoint: its sink, or its sink behind a filter ({@link FilteringTarget}). */
        void session(SessionSink sink, ProbeTarget target) {
            any = true;
            EventType type = probe.type();
            FilteringTarget filtering = target instanceof FilteringTarget ? (FilteringTarget) target : null;
            MethodHandle test = filtering == null ? null : compile(filtering, type);
            if (filtering != null && test == null) { // a filter only the encoded event can answer
                dispatch.add(target);
                exactSinks.add(null);
                add(encode);
                return;
            }
            MethodHandle consumer = sink.argumentConsumer(type, parameters);
            if (consumer != null) {
                add(test == null ? consumer : MethodHandles.guardWithTest(test, consumer, never()));
                return;
            }
            dispatch.add(target);
            exactSinks.add(test == null ? null : sink);
            add(test == null ? encode : test);
        }

        /** Another target (an aggregation): consumes the arguments when it offers a handle, else takes the encoded event. */
        void other(ProbeTarget target) {
            any = true;
            MethodHandle handle;
            try {
                handle = target.argumentsHandle(probe.type(), probe.providerIndex(), parameters);
                handle = handle == null ? null : handle.asType(parameters.changeReturnType(boolean.class));
            } catch (RuntimeException e) {
                handle = null;
            }
            if (handle != null) {
                add(handle);
            } else {
                dispatch.add(target);
                exactSinks.add(null);
                add(encode);
            }
        }

        ProbeTarget build() {
            if (!any) {
                return ProbeTarget.NONE;
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
            // Nothing but "always encode": no handle at all, so the constant true folds as it did before.
            return new Route(target, arguments == encode ? null : arguments);
        }

        private void add(MethodHandle handle) {
            if (arguments == null) {
                arguments = handle;
            } else if (arguments == encode && handle == encode) {
                // still nothing to call
            } else {
                arguments = Probe.either(arguments, handle);
            }
        }

        private MethodHandle never() {
            return MethodHandles.dropArguments(MethodHandles.constant(boolean.class, false), 0, parameters.parameterList());
        }

        private MethodHandle compile(FilteringTarget filtering, EventType type) {
            try {
                MethodHandle test = ArgumentFilters.compile(filtering.filter(), type, parameters);
                return test == null ? null : test.asType(parameters.changeReturnType(boolean.class));
            } catch (RuntimeException e) {
                return null; // the encoded-event evaluator answers instead
            }
        }
    }
}
