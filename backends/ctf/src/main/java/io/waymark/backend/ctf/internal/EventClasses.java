package io.waymark.backend.ctf.internal;

import io.waymark.spi.EventType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.wire.WireFormat;
import java.util.Arrays;

/**
 * The event classes a trace declares, found by a record's identity word
 * ({@link WireFormat#identityWord}, also the CTF event class id): one registration per provider
 * index. The backend asks {@link #accepts} for every record it takes through {@code onEvent}, and once per
 * tracepoint before it binds that tracepoint to its record sink, so a record whose class
 * the metadata does not declare never stays in a packet: babeltrace2 would stop at it. Declarations
 * are never withdrawn, so an answer once true stays true.
 *
 * <p>Registration ({@link #declare}) is rare and serialized by the backend; it publishes a new
 * table through a volatile field, so a thread that sees a class also sees its types.
 */
public final class EventClasses {

    /** By provider index: the registration's event types by event id ({@code null}: not declared). */
    private volatile EventType[][] byProvider = new EventType[0][];
    /** The descriptor registered at each provider index; read and written under the backend's lock. */
    private ProviderDescriptor[] providers = new ProviderDescriptor[0];

    /**
     * Whether the record whose identity word is {@code identityWord} belongs to a declared class,
     * and that class is {@code type} itself (not only a type of the same ids: two providers can
     * share the last provider index, and only the first of them is declared). Lock-free.
     */
    public boolean accepts(int identityWord, EventType type) {
        EventType[][] table = byProvider;
        int provider = identityWord & 0xFFFF;
        int event = identityWord >>> 16;
        if (provider >= table.length) {
            return false;
        }
        EventType[] types = table[provider];
        return types != null && event < types.length && types[event] == type;
    }

    /** The registration declared at {@code providerIndex}, or {@code null}. Under the backend's lock. */
    public ProviderDescriptor provider(int providerIndex) {
        return providerIndex < providers.length ? providers[providerIndex] : null;
    }

    /**
     * Makes the classes of {@code provider} at {@code providerIndex} known to {@link #accepts}; the
     * index must be free ({@link #provider} {@code null}). Under the backend's lock, after the
     * metadata declaring them is written.
     */
    public void declare(ProviderDescriptor provider, int providerIndex) {
        if (provider(providerIndex) != null) {
            throw new IllegalStateException("provider index " + providerIndex + " is declared already");
        }
        int maxId = -1;
        for (EventType type : provider.events()) {
            maxId = Math.max(maxId, type.id());
        }
        EventType[] types = new EventType[maxId + 1];
        for (EventType type : provider.events()) {
            types[type.id()] = type;
        }
        int length = Math.max(providers.length, providerIndex + 1);
        providers = Arrays.copyOf(providers, length);
        providers[providerIndex] = provider;
        EventType[][] table = Arrays.copyOf(byProvider, length);
        table[providerIndex] = types;
        byProvider = table;
    }
}
