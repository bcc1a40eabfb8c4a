package io.waymark.core.internal;

import io.waymark.spi.BackendFactory;
import java.security.CodeSource;
import java.util.Optional;

/**
 * The version handshake with a backend ({@link BackendFactory#requestedSpiVersion()}): a backend is accepted
 * when it was built for this runtime's major SPI version and for a minor version no newer than this runtime's.
 * Anything else, a backend built before the handshake existed included, is refused with one line naming the
 * backend, where it came from, both versions and the remedy, before any of its methods runs on an application
 * thread.
 */
final class SpiHandshake {

    private SpiHandshake() {}

    /** Why {@code factory} cannot be used by this runtime, or empty when it can. */
    static Optional<String> refusal(BackendFactory factory) {
        String requested;
        try {
            requested = factory.requestedSpiVersion();
        } catch (AbstractMethodError e) {
            return Optional.of(describe(factory) + " was built for a Waymark SPI older than " + BackendFactory.SPI_VERSION
                    + " (it has no requestedSpiVersion()); use a version of that backend built for Waymark SPI "
                    + BackendFactory.SPI_VERSION);
        } catch (LinkageError | RuntimeException e) {
            return Optional.of(describe(factory) + " cannot say which Waymark SPI it was built for (" + e
                    + "); use a version of that backend built for Waymark SPI " + BackendFactory.SPI_VERSION);
        }
        if (compatible(requested, BackendFactory.SPI_VERSION)) {
            return Optional.empty();
        }
        return Optional.of(describe(factory) + " was built for Waymark SPI " + EnablementRule.shorten(String.valueOf(requested))
                + " but this runtime provides SPI " + BackendFactory.SPI_VERSION + "; use a version of that backend built for SPI "
                + major(BackendFactory.SPI_VERSION) + ".x (up to " + BackendFactory.SPI_VERSION
                + "), or the Waymark version it was built for");
    }

    /** Same major version, and the backend's minor version at most the runtime's. */
    static boolean compatible(String requested, String provided) {
        int[] r = parse(requested);
        int[] p = parse(provided);
        return r != null && p != null && r[0] == p[0] && r[1] <= p[1];
    }

    private static int[] parse(String version) {
        if (version == null) {
            return null;
        }
        String[] parts = version.split("\\.", -1);
        if (parts.length != 2) {
            return null;
        }
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = Integer.parseInt(parts[1]);
            return major < 0 || minor < 0 ? null : new int[] {major, minor};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String major(String version) {
        return version.substring(0, version.indexOf('.'));
    }

    private static String describe(BackendFactory factory) {
        String name;
        try {
            name = "'" + factory.name() + "' ";
        } catch (LinkageError | RuntimeException e) {
            name = "";
        }
        return "backend " + name + "(" + factory.getClass().getName() + location(factory.getClass()) + ")";
    }

    private static String location(Class<?> type) {
        try {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            return source == null || source.getLocation() == null ? "" : " from " + source.getLocation();
        } catch (SecurityException e) {
            return "";
        }
    }
}
