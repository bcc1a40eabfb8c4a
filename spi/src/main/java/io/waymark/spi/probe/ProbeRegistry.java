package io.waymark.spi.probe;

import io.waymark.spi.EventType;
import io.waymark.spi.ProviderDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * Every provider whose generated class has loaded in this JVM. Generated code calls
 * {@link #register(ProviderDescriptor)} from its static initializer; the runtime
 * {@linkplain #subscribe subscribes} and learns of every provider, those registered before it
 * subscribed (replayed in order) and those that load later.
 */
public final class ProbeRegistry {

    private static final Object LOCK = new Object();
    private static final List<RegisteredProvider> PROVIDERS = new ArrayList<>();
    private static final List<Consumer<RegisteredProvider>> LISTENERS = new ArrayList<>();
    private static boolean bootstrapped;

    private ProbeRegistry() {}

    /**
     * Registers a provider and returns its probes, index-aligned with its events. Called by generated
     * code from a static initializer; never throws for a valid descriptor.
     */
    public static Probe[] register(ProviderDescriptor descriptor) {
        Objects.requireNonNull(descriptor, "descriptor");
        bootstrapRuntimeOnce();
        Probe[] probes = new Probe[descriptor.events().size()];
        synchronized (LOCK) {
            int index = Math.min(PROVIDERS.size(), 0xFFFF);
            int i = 0;
            for (EventType type : descriptor.events()) {
                probes[i++] = new Probe(type, index);
            }
            RegisteredProvider provider = new RegisteredProvider(descriptor, index, List.of(probes));
            PROVIDERS.add(provider);
            for (Consumer<RegisteredProvider> listener : LISTENERS) {
                notify(listener, provider);
            }
        }
        return probes;
    }

    /** The providers registered so far, in registration order. */
    public static List<RegisteredProvider> providers() {
        synchronized (LOCK) {
            return List.copyOf(PROVIDERS);
        }
    }

    /**
     * Calls {@code listener} for every provider registered so far, then for each one registered
     * later, never concurrently with itself. For the runtime.
     */
    public static void subscribe(Consumer<RegisteredProvider> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (LOCK) {
            for (RegisteredProvider provider : PROVIDERS) {
                notify(listener, provider);
            }
            LISTENERS.add(listener);
        }
    }

    private static void notify(Consumer<RegisteredProvider> listener, RegisteredProvider provider) {
        try {
            listener.accept(provider);
        } catch (Throwable t) {
            // A broken runtime must not fail the application's class initialization.
            System.err.println("waymark: runtime failed to take provider " + provider.descriptor().name() + ": " + t);
        }
    }

    private static void bootstrapRuntimeOnce() {
        synchronized (ProbeRegistry.class) {
            if (bootstrapped) {
                return;
            }
            bootstrapped = true;
        }
        try {
            for (RuntimeBootstrap bootstrap : ServiceLoader.load(RuntimeBootstrap.class, ProbeRegistry.class.getClassLoader())) {
                bootstrap.start();
            }
        } catch (Throwable t) {
            System.err.println("waymark: tracing runtime failed to start, tracepoints stay dormant: " + t);
        }
    }
}
