package io.waymark.core.internal;

import io.waymark.core.Tracing;
import io.waymark.spi.probe.RuntimeBootstrap;

/** Starts the runtime when the first provider registers (found by {@link java.util.ServiceLoader}). */
public final class CoreBootstrap implements RuntimeBootstrap {

    @Override
    public void start() {
        Tracing.providers(); // touching the facade builds and initializes the runtime once
    }
}
