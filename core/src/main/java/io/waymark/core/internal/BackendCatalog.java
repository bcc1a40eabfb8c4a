package io.waymark.core.internal;

import io.waymark.spi.BackendFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** The backends found on the class path (or module path) with {@link ServiceLoader}, by name. */
public final class BackendCatalog {

    /** What messages recommend when no backend is found: the one that records traces (memory is for tests). */
    static final String RECOMMENDED = "io.waymark:waymark-backend-ctf";

    private final Map<String, BackendFactory> byName;
    private final List<String> names;
    /** Why each backend found but refused by the version handshake was refused, by class name. */
    private final List<String> refusals;

    /** A catalog of {@code factories}; each must pass the version handshake ({@link SpiHandshake}), or it is left out with a warning. */
    public BackendCatalog(List<BackendFactory> factories) {
        Map<String, BackendFactory> map = new LinkedHashMap<>();
        List<String> refused = new ArrayList<>();
        for (BackendFactory factory : factories) {
            Optional<String> refusal = SpiHandshake.refusal(factory);
            if (refusal.isPresent()) {
                Diagnostics.warn("skipping " + refusal.get());
                refused.add(refusal.get());
                continue;
            }
            BackendFactory previous = map.putIfAbsent(factory.name(), factory);
            if (previous != null && previous.getClass() != factory.getClass()) {
                Diagnostics.warn("two backends are called '" + factory.name() + "' (" + previous.getClass().getName() + " and "
                        + factory.getClass().getName() + "); using the first. Remove one of the jars.");
            }
        }
        this.byName = Map.copyOf(map);
        this.names = List.copyOf(map.keySet());
        this.refusals = List.copyOf(refused);
    }

    /** Why backends found on the class path were refused by the version handshake; one line each. */
    public List<String> refusals() {
        return refusals;
    }

    /** Loads every {@link BackendFactory} visible to the context class loader and to Waymark's own. */
    public static BackendCatalog load() {
        List<BackendFactory> factories = new ArrayList<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        collect(ServiceLoader.load(BackendFactory.class, context != null ? context : BackendCatalog.class.getClassLoader()), factories);
        collect(ServiceLoader.load(BackendFactory.class, BackendCatalog.class.getClassLoader()), factories);
        factories.sort((a, b) -> safeName(a).compareTo(safeName(b)));
        return new BackendCatalog(factories);
    }

    private static void collect(ServiceLoader<BackendFactory> loader, List<BackendFactory> into) {
        Iterator<BackendFactory> it = loader.iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return;
                }
                BackendFactory factory = it.next();
                if (into.stream().noneMatch(f -> f.getClass() == factory.getClass())) {
                    into.add(factory);
                }
            } catch (ServiceConfigurationError e) {
                Diagnostics.warn("skipping a backend that cannot be loaded: " + e.getMessage());
            }
        }
    }

    /** A factory's name for sorting; a backend built for another SPI may fail even here, and is refused later. */
    private static String safeName(BackendFactory factory) {
        try {
            return String.valueOf(factory.name());
        } catch (LinkageError | RuntimeException e) {
            return factory.getClass().getName();
        }
    }

    /** The names of the available backends, sorted. */
    public List<String> names() {
        return names;
    }

    /** The backend called {@code name}. */
    public Optional<BackendFactory> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The error for a {@code waymark.backend} that names no backend on the class path.
     *
     * @param origin what the user set, {@code system property waymark.backend} or {@code environment variable WAYMARK_BACKEND}
     */
    static String noSuchBackend(String origin, String configured, List<String> available) {
        String quoted = EnablementRule.shorten(configured); // a value may be megabytes: quote its start
        return origin + "='" + quoted + "' names no backend on the class path; available: "
                + (available.isEmpty() ? "none (add " + RECOMMENDED + " to record traces)" : available
                        + "; set it to one of them, or add the jar of backend '" + quoted + "'");
    }

    /** What to add to an error about a missing backend when backends were refused: they may be the one the user meant. */
    String refusedNote() {
        return refusals.isEmpty() ? "" : " (refused: " + String.join("; ", refusals) + ")";
    }

    /**
     * The backend a session gets when it names none: the configured one, else the only one.
     *
     * @param configured the name from {@code waymark.backend}, if any
     * @param origin where that name was set, as {@link StartupConfiguration#origin} says
     * @throws IllegalStateException explaining what is missing or ambiguous and how to choose
     */
    public BackendFactory defaultBackend(Optional<String> configured, String origin) {
        if (configured.isPresent()) {
            return byName(configured.get()).orElseThrow(() -> new IllegalStateException(
                    noSuchBackend(origin, configured.get(), names) + refusedNote()));
        }
        if (names.size() == 1) {
            return byName.get(names.get(0));
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("no Waymark backend on the class path: add " + RECOMMENDED + " to record traces "
                    + "(io.waymark:waymark-backend-memory in tests), or pass a BackendFactory to SessionConfig.Builder.backend");
        }
        throw new IllegalStateException("several Waymark backends on the class path " + names
                + ": choose one with -Dwaymark.backend=NAME (or WAYMARK_BACKEND), or SessionConfig.Builder.backend(NAME)");
    }
}
