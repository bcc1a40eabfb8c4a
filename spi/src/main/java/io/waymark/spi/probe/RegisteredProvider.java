package io.waymark.spi.probe;

import io.waymark.spi.ProviderDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider whose generated class has loaded, with one probe per event in declaration order.
 */
public final class RegisteredProvider {

    /** Where the annotation processor puts each provider's schema document, by provider name. */
    public static final String SCHEMA_RESOURCE_PREFIX = "META-INF/waymark/";

    private final ProviderDescriptor descriptor;
    private final int index;
    private final List<Probe> probes;
    /** Weak: the registry lives as long as the JVM and must not pin an application's class loader. */
    private final WeakReference<ClassLoader> loader;

    RegisteredProvider(ProviderDescriptor descriptor, int index, List<Probe> probes, ClassLoader loader) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.index = index;
        this.probes = List.copyOf(probes);
        this.loader = new WeakReference<>(loader);
    }

    /** The provider's declaration: its event types with versions, fields, defaults. */
    public ProviderDescriptor descriptor() {
        return descriptor;
    }

    /**
     * The provider index written into the headers of its records: registration order, from 0
     * (providers beyond 65535 share index 65535).
     */
    public int index() {
        return index;
    }

    /** The probes, index-aligned with {@link ProviderDescriptor#events()}. */
    public List<Probe> probes() {
        return probes;
    }

    /**
     * The provider's schema document ({@code docs/schema-format.md}) as the annotation processor
     * wrote it into the application's jar, {@code META-INF/waymark/<provider>.schema.json}; empty when
     * the resource is not there (a jar built without it, or a class loader that has gone).
     *
     * @throws UncheckedIOException when the resource exists but cannot be read
     */
    public Optional<String> schemaDocument() {
        ClassLoader classLoader = loader.get();
        if (classLoader == null) {
            return Optional.empty();
        }
        try (InputStream in = classLoader.getResourceAsStream(SCHEMA_RESOURCE_PREFIX + descriptor.name() + ".schema.json")) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema document of provider " + descriptor.name(), e);
        }
    }

    @Override
    public String toString() {
        return "RegisteredProvider[" + descriptor.name() + ", index " + index + ", " + probes.size() + " probes]";
    }
}
