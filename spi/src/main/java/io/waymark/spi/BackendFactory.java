package io.waymark.spi;

import java.util.Optional;
import java.util.Set;

/**
 * The service a backend jar provides, found with {@link java.util.ServiceLoader}. Register the
 * implementation in {@code META-INF/services/io.waymark.spi.BackendFactory} and, for the module
 * path, with {@code provides io.waymark.spi.BackendFactory with ...} in {@code module-info.java}.
 * Implementations need a public no-argument constructor.
 *
 * <p>Version handshake: every factory returns, from {@link #requestedSpiVersion()}, the SPI version it was
 * compiled against, by returning the constant {@link #SPI_VERSION} (the compiler copies its value into the
 * backend's class file). The runtime refuses a backend built for another major version, or for a newer minor
 * version than it provides, with one line naming the backend, both versions and the remedy, instead of failing
 * later with a linkage error on an application thread. A backend built before the handshake existed lacks the
 * method and is refused the same way.
 */
public interface BackendFactory {

    /**
     * The version of this SPI, {@code "major.minor"}: the minor version grows when a backend built for the
     * previous one still works, the major version when it would not. Return it from
     * {@link #requestedSpiVersion()}.
     */
    String SPI_VERSION = "2.0";

    /**
     * The SPI version this backend was built for: implement it as {@code return BackendFactory.SPI_VERSION;}
     * and never compute it, so that the value is the one the backend was compiled against.
     */
    String requestedSpiVersion();

    /**
     * The backend's name, by which configuration selects it ({@code waymark.backend}); lower case,
     * for example {@code "memory"} or {@code "ctf"}.
     */
    String name();

    /**
     * The names of the settings this backend understands, or empty when it does not say. The runtime
     * checks every session's settings against a declared set before calling {@link #create}: a name
     * outside it is refused with an error naming the setting, the declared names and the closest
     * one, so that a misspelt setting is never silently ignored. Declare an empty set when the
     * backend takes no settings at all.
     *
     * <p>The default, {@link Optional#empty()}, declares nothing: every setting reaches
     * {@link #create} unchecked, as before backends could declare them. Only a backend that reads
     * settings it cannot name in advance (a prefix, say) should keep it.
     */
    default Optional<Set<String>> settingNames() {
        return Optional.empty();
    }

    /**
     * Creates the backend of one session. A set-up call: it validates the context's settings and
     * throws {@link IllegalArgumentException} naming the setting, the value and the remedy.
     */
    Backend create(BackendContext context);
}
