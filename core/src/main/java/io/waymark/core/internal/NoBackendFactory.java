package io.waymark.core.internal;

import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import io.waymark.spi.EventType;

/**
 * The backend of a session that only aggregates (no rules, no backend named): it records nothing and
 * wants nothing, so the session works without any backend on the class path.
 */
final class NoBackendFactory implements BackendFactory {

    static final NoBackendFactory INSTANCE = new NoBackendFactory();

    @Override
    public String requestedSpiVersion() {
        return BackendFactory.SPI_VERSION;
    }

    @Override
    public String name() {
        return "none";
    }

    @Override
    public Backend create(BackendContext context) {
        return new Backend() {
            @Override
            public void onEvent(io.waymark.spi.Event event) {}

            @Override
            public boolean wants(EventType type) {
                return false;
            }
        };
    }
}
