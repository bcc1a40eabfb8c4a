package io.waymark.benchmarks;

import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import io.waymark.spi.Event;

/** A backend that drops every event: measures the runtime's own cost of an enabled tracepoint. */
public final class DiscardingBackendFactory implements BackendFactory {

    @Override
    public String name() {
        return "discard";
    }

    @Override
    public String requestedSpiVersion() {
        return BackendFactory.SPI_VERSION;
    }

    @Override
    public Backend create(BackendContext context) {
        return new Backend() {
            @Override
            public void onEvent(Event event) {
                // discarded on purpose
            }
        };
    }
}
