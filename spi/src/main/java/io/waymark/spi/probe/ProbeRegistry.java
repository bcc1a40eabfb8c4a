package io.waymark.spi.probe;

import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.abi.GeneratedCodeAbi;
import java.lang.invoke.MethodType;
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
    @GeneratedCodeAbi
    public static Probe[] register(ProviderDescriptor descriptor) {
        return register(descriptor, null);
    }

    /**
     * Registers a provider whose generated code also asks for each tracepoint's
     * {@link Probe#argumentsHandle()}: {@code arguments[i]} is the {@code (P1, ..., Pn)void} parameter list
     * of the {@code i}-th event's tracepoint, one parameter per field in field order, or {@code null} for an
     * event whose fields are not all parameters (view fields). Called by generated code from a static
     * initializer.
     *
     * <p>Parameter types that do not match the events' fields (generated code from a processor that disagrees with
     * this runtime) are reported on standard error and ignored: those tracepoints keep the encoded path, and the
     * application's class initialization is never failed by it.
     */
    @GeneratedCodeAbi
    public static Probe[] register(ProviderDescriptor descriptor, MethodType[] arguments) {
        Objects.requireNonNull(descriptor, "descriptor");
        boolean[] routable = arguments == null ? null : checkArguments(descriptor, arguments);
        ClassLoader loader = callerLoader();
        bootstrapRuntimeOnce();
        Probe[] probes = new Probe[descriptor.events().size()];
        RegisteredProvider provider;
        List<Consumer<RegisteredProvider>> listeners;
        synchronized (LOCK) {
            int index = Math.min(PROVIDERS.size(), 0xFFFF);
            int i = 0;
            for (EventType type : descriptor.events()) {
                probes[i] = arguments == null ? new Probe(type, index)
                        : new Probe(type, index, i < arguments.length ? arguments[i] : null, routable[i]);
                i++;
            }
            provider = new RegisteredProvider(descriptor, index, List.of(probes), loader);
            PROVIDERS.add(provider);
            listeners = List.copyOf(LISTENERS);
        }
        // Outside the lock: a listener takes the runtime's lock and calls backends, and a backend that
        // loads another provider class must not find this lock held (a lock-order deadlock otherwise).
        for (Consumer<RegisteredProvider> listener : listeners) {
            notify(listener, provider);
        }
        return probes;
    }

    /** Which events' parameter lists match their fields; a mismatch is reported, never thrown into class initialization. */
    private static boolean[] checkArguments(ProviderDescriptor descriptor, MethodType[] arguments) {
        List<EventType> events = descriptor.events();
        boolean[] routable = new boolean[events.size()];
        if (arguments.length != events.size()) {
            System.err.println("waymark: provider " + descriptor.name() + " registered " + arguments.length
                    + " parameter lists for " + events.size() + " events; its events are encoded before any backend sees them."
                    + " Recompile it with the annotation processor of this Waymark version");
            return routable;
        }
        for (int i = 0; i < arguments.length; i++) {
            MethodType parameters = arguments[i];
            if (parameters == null) {
                continue;
            }
            EventType type = events.get(i);
            List<FieldDescriptor> fields = type.fields();
            boolean fits = parameters.returnType() == void.class && parameters.parameterCount() == fields.size();
            for (int f = 0; fits && f < fields.size(); f++) {
                fits = fits(fields.get(f), parameters.parameterType(f));
            }
            if (fits) {
                routable[i] = true;
            } else {
                System.err.println("waymark: provider " + descriptor.name() + ": parameters " + parameters
                        + " do not match the fields of " + type.qualifiedName() + " " + fields
                        + "; its events are encoded before any backend sees them. Recompile it with the annotation processor of this Waymark version");
            }
        }
        return routable;
    }

    private static boolean fits(FieldDescriptor field, Class<?> parameter) {
        switch (field.type()) {
            case BOOLEAN: return parameter == boolean.class;
            case BYTE: return parameter == byte.class;
            case SHORT: return parameter == short.class;
            case CHAR: return parameter == char.class;
            case INT: return parameter == int.class;
            case LONG: return parameter == long.class;
            case FLOAT: return parameter == float.class;
            case DOUBLE: return parameter == double.class;
            case STRING: return parameter == String.class;
            case BYTES: return parameter == byte[].class;
            case ENUM: return parameter.isEnum() && parameter.getName().equals(field.enumType());
            default: return false;
        }
    }

    /**
     * The class loader of the generated class calling {@link #register} from its static initializer:
     * it holds the provider's schema document. {@code null} when it cannot be found, which only costs
     * {@link RegisteredProvider#schemaDocument()} its answer.
     */
    private static ClassLoader callerLoader() {
        try {
            return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass().getClassLoader();
        } catch (RuntimeException e) { // IllegalCallerException, SecurityException
            return null;
        }
    }

    /** The providers registered so far, in registration order. */
    public static List<RegisteredProvider> providers() {
        synchronized (LOCK) {
            return List.copyOf(PROVIDERS);
        }
    }

    /**
     * Calls {@code listener} exactly once for every provider: for those registered so far (in
     * registration order, on the calling thread) and for each one registered later (on the
     * registering thread). Calls happen outside the registry's lock and may be concurrent, so the
     * listener synchronizes itself. For the runtime.
     */
    public static void subscribe(Consumer<RegisteredProvider> listener) {
        Objects.requireNonNull(listener, "listener");
        List<RegisteredProvider> existing;
        synchronized (LOCK) {
            existing = List.copyOf(PROVIDERS);
            LISTENERS.add(listener);
        }
        for (RegisteredProvider provider : existing) {
            notify(listener, provider);
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
