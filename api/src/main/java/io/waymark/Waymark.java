package io.waymark;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Objects;

/**
 * Entry point of the Waymark API.
 *
 * <p>{@link #provider(Class)} returns the implementation that the Waymark annotation processor
 * generated for a {@link TraceProvider} interface. Obtain it once (a {@code static final} field is
 * ideal) and call its tracepoint methods on the hot path. Providers work whether or not a tracing
 * runtime is present: without one, every tracepoint simply stays dormant.
 */
public final class Waymark {

    /** Prefix of the generated implementation's simple name, as in {@code WaymarkOrderEvents}. */
    static final String GENERATED_PREFIX = "Waymark";

    private Waymark() {}

    /**
     * Returns the generated implementation of a provider interface. This is a set-up call: it uses
     * reflection once and throws when the class is not a usable provider.
     *
     * @param providerInterface an interface annotated with {@link TraceProvider}
     * @return the provider's single instance
     * @throws IllegalArgumentException when no generated implementation exists, with the remedy
     */
    public static <T> T provider(Class<T> providerInterface) {
        Objects.requireNonNull(providerInterface, "providerInterface");
        if (!providerInterface.isInterface()) {
            throw new IllegalArgumentException(providerInterface.getName()
                    + " is not an interface; a provider is an interface annotated with @TraceProvider");
        }
        String generatedName = generatedClassName(providerInterface);
        Class<?> generated;
        try {
            generated = Class.forName(generatedName, true, providerInterface.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("No generated implementation " + generatedName + " for "
                    + providerInterface.getName() + ": annotate the interface with @TraceProvider and put "
                    + "io.waymark:waymark-annotations-processor on the compiler's processor path", e);
        }
        try {
            Field instance = generated.getDeclaredField("INSTANCE");
            if (!Modifier.isPublic(generated.getModifiers())) {
                instance.setAccessible(true);
            }
            return providerInterface.cast(instance.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("Cannot access " + generatedName + ".INSTANCE: " + e
                    + "; in a named module, export or open the provider's package to io.waymark.api", e);
        }
    }

    /**
     * The binary name of the implementation the processor generates for a provider interface: the
     * interface's package, then {@code Waymark} followed by its enclosing class names and its own,
     * joined by {@code '_'} (so {@code com.acme.App.Events} gives {@code com.acme.WaymarkApp_Events}).
     */
    static String generatedClassName(Class<?> providerInterface) {
        String packageName = providerInterface.getPackageName();
        String binaryName = providerInterface.getName();
        String nested = packageName.isEmpty() ? binaryName : binaryName.substring(packageName.length() + 1);
        String simple = GENERATED_PREFIX + nested.replace('$', '_');
        return packageName.isEmpty() ? simple : packageName + "." + simple;
    }
}
