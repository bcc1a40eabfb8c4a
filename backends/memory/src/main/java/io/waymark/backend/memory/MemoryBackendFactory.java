package io.waymark.backend.memory;

import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code "memory"} backend: each session gets its own {@link MemoryBackend}.
 *
 * <p>Settings:
 * <ul>
 *   <li>{@value #CAPACITY_SETTING}: how many events to keep, a positive integer,
 *       {@value #DEFAULT_CAPACITY} by default; later events are counted as dropped.</li>
 * </ul>
 * Any other setting is refused ({@link #settingNames()}).
 */
public final class MemoryBackendFactory implements BackendFactory {

    /** The backend's name. */
    public static final String NAME = "memory";
    /** The setting that bounds how many events a session's backend keeps. */
    public static final String CAPACITY_SETTING = "capacity";
    /** The capacity when the session does not set {@value #CAPACITY_SETTING}. */
    public static final int DEFAULT_CAPACITY = 100_000;

    /** For {@link java.util.ServiceLoader}, and for {@code SessionConfig.Builder.backend(BackendFactory)}. */
    public MemoryBackendFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String requestedSpiVersion() {
        return BackendFactory.SPI_VERSION;
    }

    /** {@value #CAPACITY_SETTING}; the runtime refuses any other setting before {@link #create} is called. */
    @Override
    public Optional<Set<String>> settingNames() {
        return Optional.of(Set.of(CAPACITY_SETTING));
    }

    /**
     * Creates a {@link MemoryBackend} for the session.
     *
     * @throws IllegalArgumentException when {@value #CAPACITY_SETTING} is not a positive integer
     */
    @Override
    public MemoryBackend create(BackendContext context) {
        return new MemoryBackend(context.clock(), capacity(context));
    }

    private static int capacity(BackendContext context) {
        String value = context.setting(CAPACITY_SETTING, null);
        if (value == null) {
            return DEFAULT_CAPACITY;
        }
        int capacity;
        try {
            capacity = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            capacity = 0;
        }
        if (capacity <= 0) {
            throw new IllegalArgumentException("memory backend of session '" + context.sessionName() + "': setting '"
                    + CAPACITY_SETTING + "' is '" + value + "', which is not a positive integer; set it to the number of "
                    + "events to keep (at most " + Integer.MAX_VALUE + "), or leave it unset for the default "
                    + DEFAULT_CAPACITY);
        }
        return capacity;
    }

    @Override
    public String toString() {
        return "MemoryBackendFactory[" + NAME + "]";
    }
}
