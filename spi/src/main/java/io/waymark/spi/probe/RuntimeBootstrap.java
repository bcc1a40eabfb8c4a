package io.waymark.spi.probe;

/**
 * Starts the tracing runtime when the first provider registers. The runtime module provides one
 * with {@link java.util.ServiceLoader}; without a runtime on the class path every tracepoint stays
 * dormant and nothing is printed, so a library may declare tracepoints without imposing a runtime.
 */
public interface RuntimeBootstrap {

    /** Starts the runtime, which subscribes to {@link ProbeRegistry}. Must not throw. */
    void start();
}
