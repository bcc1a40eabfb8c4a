package io.waymark.spi;

/**
 * The service a backend jar provides, found with {@link java.util.ServiceLoader}. Register the
 * implementation in {@code META-INF/services/io.waymark.spi.BackendFactory} and, for the module
 * path, with {@code provides io.waymark.spi.BackendFactory with ...} in {@code module-info.java}.
 * Implementations need a public no-argument constructor.
 */
public interface BackendFactory {

    /**
     * The backend's name, by which configuration selects it ({@code waymark.backend}); lower case,
     * for example {@code "memory"} or {@code "ctf"}.
     */
    String name();

    /**
     * Creates the backend of one session. A set-up call: it validates the context's settings and
     * throws {@link IllegalArgumentException} naming the setting, the value and the remedy.
     */
    Backend create(BackendContext context);
}
