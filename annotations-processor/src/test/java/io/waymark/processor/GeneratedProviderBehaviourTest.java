package io.waymark.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.waymark.processor.Compilations.compile;
import static io.waymark.processor.Compilations.goodFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.Waymark;
import io.waymark.spi.DiscardCounter;
import io.waymark.spi.DiscardReason;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.probe.Probe;
import io.waymark.spi.probe.ProbeRegistry;
import io.waymark.spi.probe.ProbeTarget;
import io.waymark.spi.probe.RegisteredProvider;
import io.waymark.spi.wire.EventDecoder;
import io.waymark.spi.wire.EventWriter;
import io.waymark.spi.wire.RecordSink;
import io.waymark.spi.wire.ThreadWriters;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compiles fixtures in memory, loads the generated classes and drives them through the real probe
 * contract: the schema they register, the values they deliver while on, and silence while off.
 *
 * <p>The probe registry is global to the JVM, so each fixture is loaded once, its provider names are
 * used by no other test, and every test turns the probes it enabled off again.
 */
class GeneratedProviderBehaviourTest {

    private static final String PAYMENTS = "proctest.behaviour.payments";

    private static Class<?> payments;
    private static Class<?> paymentMethod;
    private static Object provider;
    private static RegisteredProvider registered;
    private static Class<?> outer;

    @BeforeAll
    static void compileAndLoad() throws Exception {
        Compilation compilation = compile(goodFixture("Payments"));
        assertThat(compilation).succeededWithoutWarnings();
        CompiledClasses classes = new CompiledClasses(compilation);
        payments = classes.loadClass("behaviour.Payments");
        paymentMethod = classes.loadClass("behaviour.Payments$Method");
        provider = Waymark.provider(payments);
        registered = registeredProvider(PAYMENTS);

        Compilation nested = compile(goodFixture("Outer"));
        assertThat(nested).succeededWithoutWarnings();
        outer = new CompiledClasses(nested).loadClass("nested.Outer");
    }

    /** The one provider registered under {@code name}. */
    private static RegisteredProvider registeredProvider(String name) {
        List<RegisteredProvider> found = ProbeRegistry.providers().stream()
                .filter(p -> p.descriptor().name().equals(name))
                .toList();
        assertEquals(1, found.size(), () -> "providers named " + name + ": " + found);
        return found.get(0);
    }

    private static Object invoke(String method, Object... args) throws Exception {
        for (Method candidate : payments.getMethods()) {
            if (candidate.getName().equals(method)) {
                return candidate.invoke(provider, args);
            }
        }
        throw new AssertionError("no method " + method);
    }

    private static Object method(String constant) {
        for (Object value : paymentMethod.getEnumConstants()) {
            if (((Enum<?>) value).name().equals(constant)) {
                return value;
            }
        }
        throw new AssertionError(constant);
    }

    private static Probe probe(String eventName) {
        List<EventType> events = registered.descriptor().events();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).name().equals(eventName)) {
                return registered.probes().get(i);
            }
        }
        throw new AssertionError("no event " + eventName);
    }

    /** Turns the probes on with a target that records each event as its toString, runs {@code calls}, turns them off. */
    private static List<String> recordWhileOn(List<Probe> probes, ThrowingRunnable calls) throws Exception {
        return recordWhileOn(probes, DiscardCounter.NONE, calls);
    }

    /** {@link #recordWhileOn(List, ThrowingRunnable)}, counting the probes' discards in {@code discards}. */
    private static List<String> recordWhileOn(List<Probe> probes, DiscardCounter discards, ThrowingRunnable calls)
            throws Exception {
        List<String> seen = new ArrayList<>();
        Map<Probe, ProbeTarget> on = new HashMap<>();
        Map<Probe, ProbeTarget> off = new HashMap<>();
        for (Probe probe : probes) {
            on.put(probe, new ProbeTarget() {
                @Override
                public void dispatch(io.waymark.spi.Event record) {
                    seen.add(record.toString());
                }

                @Override
                public DiscardCounter discards() {
                    return discards;
                }
            });
            off.put(probe, ProbeTarget.NONE);
        }
        Probe.update(on);
        try {
            calls.run();
        } finally {
            Probe.update(off);
        }
        return seen;
    }

    /** Where a target's in-place records went, as {@link #recordWhileOnWithSink} counts them. */
    private record InPlace(List<String> dispatched, List<String> inPlace, int claims) {}

    /**
     * Like {@link #recordWhileOn}, with a target that offers a {@link RecordSink}: events written in
     * place are decoded from the sink's memory, events dispatched are kept apart.
     */
    private static InPlace recordWhileOnWithSink(Probe probe, ThrowingRunnable calls) throws Exception {
        List<String> dispatched = new ArrayList<>();
        List<String> inPlace = new ArrayList<>();
        int[] claims = {0};
        RecordSink sink = record -> {
            // RecordSink 2.0: the finished record, from the thread's own writer, at commit
            claims[0]++;
            inPlace.add(new EventDecoder().wrap(probe.type(), record.recordBytes(), record.recordStart(), record.encodedSize())
                    .toString());
        };
        Probe.update(Map.of(probe, new ProbeTarget() {
            @Override
            public void dispatch(Event event) {
                dispatched.add(event.toString());
            }

            @Override
            public RecordSink recordSink(EventType type, int providerIndex) {
                return sink;
            }
        }));
        try {
            calls.run();
        } finally {
            Probe.update(Map.of(probe, ProbeTarget.NONE));
        }
        return new InPlace(dispatched, inPlace, claims[0]);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void theProviderIsTheGeneratedSingleton() {
        assertEquals("behaviour.WaymarkPayments", provider.getClass().getName());
        assertTrue(payments.isInstance(provider));
        assertTrue(Modifier.isPublic(provider.getClass().getModifiers()));
        assertTrue(Modifier.isFinal(provider.getClass().getModifiers()));
        assertSame(provider, Waymark.provider(payments));
    }

    @Test
    void theRegisteredDescriptorIsTheDeclaration() {
        assertEquals(new ProviderDescriptor(PAYMENTS, "behaviour.Payments", List.of(
                new EventType(PAYMENTS, "declined", 7, Stability.STABLE, Level.WARN, List.of(
                        FieldDescriptor.of("orderId", FieldType.LONG),
                        FieldDescriptor.ofEnum("method", "behaviour.Payments$Method", List.of("CARD", "INVOICE", "CASH")),
                        FieldDescriptor.of("reason", FieldType.STRING),
                        FieldDescriptor.of("retry", FieldType.BOOLEAN),
                        FieldDescriptor.of("amount", FieldType.DOUBLE),
                        FieldDescriptor.of("raw", FieldType.BYTES))),
                new EventType(PAYMENTS, "primitive_values", 8, Stability.UNSTABLE, Level.DEBUG, List.of(
                        FieldDescriptor.of("b", FieldType.BYTE),
                        FieldDescriptor.of("s", FieldType.SHORT),
                        FieldDescriptor.of("c", FieldType.CHAR),
                        FieldDescriptor.of("i", FieldType.INT),
                        FieldDescriptor.of("f", FieldType.FLOAT))),
                new EventType(PAYMENTS, "chunk", 9, Stability.STABLE, Level.INFO, List.of(
                        FieldDescriptor.of("index", FieldType.INT),
                        FieldDescriptor.of("payload", FieldType.BYTES))))), registered.descriptor());
        // the enum labels are the enum's constants, in ordinal order
        List<String> constants = new ArrayList<>();
        for (Object constant : paymentMethod.getEnumConstants()) {
            constants.add(((Enum<?>) constant).name());
        }
        assertEquals(constants, registered.descriptor().events().get(0).field(1).enumLabels());
        // one probe per event, index-aligned
        assertEquals(3, registered.probes().size());
        for (int i = 0; i < 3; i++) {
            assertSame(registered.descriptor().events().get(i), registered.probes().get(i).type());
        }
    }

    @Test
    void aDormantTracepointDeliversNothingAndItsCheckAnswersFalse() throws Exception {
        List<String> seen = new ArrayList<>();
        // another tracepoint of the provider is on: the dormant calls below must not reach its target either
        Probe chunk = probe("chunk");
        Probe.update(Map.of(chunk, (ProbeTarget) record -> seen.add(record.toString())));
        try {
            assertFalse(probe("declined").isEnabled());
            invoke("declined", 1L, method("CARD"), "dormant", false, 1.5, new byte[] {1});
            invoke("primitives", (byte) 1, (short) 2, 'c', 3, 4f);
            invoke("declineCard", 2L);
            assertEquals(false, invoke("declinedEnabled"));
            assertEquals(false, invoke("primitivesEnabled"));
        } finally {
            Probe.update(Map.of(chunk, ProbeTarget.NONE));
        }
        assertEquals(List.of(), seen);
    }

    @Test
    void anEnabledTracepointDeliversExactlyTheValuesPassed() throws Exception {
        List<String> seen = recordWhileOn(List.of(probe("declined")), () -> {
            assertEquals(true, invoke("declinedEnabled"));
            // the check reads its own tracepoint's switch, not another's
            assertEquals(false, invoke("primitivesEnabled"));
            invoke("declined", 42L, method("INVOICE"), "insufficient funds", true, 19.99, new byte[] {1, 2});
            invoke("declined", Long.MIN_VALUE, null, null, false, -0.0, null);
            invoke("declined", 0L, method("CASH"), "", true, Double.NaN, new byte[0]);
            // the application's default method calls the generated implementation
            invoke("declineCard", 5L);
            // a tracepoint that is still off delivers nothing
            invoke("primitives", (byte) 1, (short) 2, 'c', 3, 4f);
        });

        assertEquals(List.of(
                PAYMENTS + ":declined[42, INVOICE, insufficient funds, true, 19.99, [1, 2]]",
                PAYMENTS + ":declined[-9223372036854775808, null, , false, -0.0, []]",
                PAYMENTS + ":declined[0, CASH, , true, NaN, []]",
                PAYMENTS + ":declined[5, CARD, card, false, 0.0, []]"), seen);
    }

    @Test
    void anEventWithoutViewFieldsIsWrittenInPlaceWhenItsTargetOffersASink() throws Exception {
        InPlace seen = recordWhileOnWithSink(probe("declined"), () -> {
            invoke("declined", 42L, method("INVOICE"), "insufficient funds", true, 19.99, new byte[] {1, 2});
            invoke("declined", Long.MIN_VALUE, null, null, false, -0.0, null);
        });
        assertEquals(List.of(
                PAYMENTS + ":declined[42, INVOICE, insufficient funds, true, 19.99, [1, 2]]",
                PAYMENTS + ":declined[-9223372036854775808, null, , false, -0.0, []]"), seen.inPlace());
        assertEquals(2, seen.claims());
        assertEquals(List.of(), seen.dispatched());
    }

    @Test
    void everyPrimitiveTypeAndVarargsArriveUnchanged() throws Exception {
        List<String> seen = recordWhileOn(List.of(probe("primitive_values"), probe("chunk")), () -> {
            assertEquals(true, invoke("primitivesEnabled"));
            invoke("primitives", Byte.MIN_VALUE, Short.MAX_VALUE, '\u00e9', Integer.MIN_VALUE, -1.25f);
            invoke("primitives", (byte) -1, (short) -1, '\u0000', -1, Float.MAX_VALUE);
            invoke("chunk", 3, new byte[] {-128, 0, 127});
        });

        assertEquals(List.of(
                PAYMENTS + ":primitive_values[-128, 32767, \u00e9, -2147483648, -1.25]",
                PAYMENTS + ":primitive_values[-1, -1, \u0000, -1, 3.4028235E38]",
                PAYMENTS + ":chunk[3, [-128, 0, 127]]"), seen);
    }

    @Test
    void turningATracepointOffAgainSilencesItAndItsCheck() throws Exception {
        List<String> seen = new ArrayList<>();
        Probe declined = probe("declined");
        Probe.update(Map.of(declined, (ProbeTarget) record -> seen.add(record.toString())));
        try {
            invoke("declined", 1L, method("CARD"), "on", false, 1.0, null);
        } finally {
            Probe.update(Map.of(declined, ProbeTarget.NONE));
        }
        assertFalse(declined.isEnabled());
        assertEquals(false, invoke("declinedEnabled"));
        invoke("declined", 2L, method("CARD"), "off again", false, 2.0, null);

        assertEquals(List.of(PAYMENTS + ":declined[1, CARD, on, false, 1.0, []]"), seen);
    }

    @Test
    void theRuntimeFindsTheImplementationsOfNestedAndPackagePrivateProviders() throws Exception {
        Class<?> inner = Class.forName("nested.Outer$Inner", false, outer.getClassLoader());
        Class<?> deep = Class.forName("nested.Outer$Middle$Deep", false, outer.getClassLoader());

        Object innerProvider = Waymark.provider(inner);
        Object deepProvider = Waymark.provider(deep);

        assertEquals("nested.WaymarkOuter_Inner", innerProvider.getClass().getName());
        assertEquals("nested.WaymarkOuter_Middle_Deep", deepProvider.getClass().getName());
        assertFalse(Modifier.isPublic(deepProvider.getClass().getModifiers()));
        assertEquals("nested.Outer$Inner", registeredProvider("proctest.nested.inner").descriptor().interfaceName());
        RegisteredProvider deepRegistered = registeredProvider("proctest.nested.deep");
        assertEquals("nested.Outer$Middle$Deep", deepRegistered.descriptor().interfaceName());

        RegisteredProvider innerRegistered = registeredProvider("proctest.nested.inner");
        Class<?> color = Class.forName("nested.Outer$Color", false, outer.getClassLoader());
        Method painted = inner.getMethod("painted", color);
        Method reached = deep.getMethod("reached", int.class);
        reached.setAccessible(true); // Deep is package-private
        List<String> seen = recordWhileOn(List.of(innerRegistered.probes().get(0), deepRegistered.probes().get(0)), () -> {
            painted.invoke(innerProvider, color.getEnumConstants()[1]);
            reached.invoke(deepProvider, 3);
        });
        assertEquals(List.of("proctest.nested.inner:painted[GREEN]", "proctest.nested.deep:reached[3]"), seen);
    }

    /**
     * A view parameter is recorded as the view's fields, extracted by the generated code from the
     * application object; a {@code null} object records what the encoding writes for null and zero.
     */
    @Test
    void aViewParameterRecordsTheViewsFieldsExtractedFromTheApplicationObject() throws Exception {
        Compilation compilation = compile(goodFixture("Shipments"), goodFixture("Order"));
        assertThat(compilation).succeeded();
        CompiledClasses classes = new CompiledClasses(compilation);
        Class<?> shipments = classes.loadClass("com.acme.Shipments");
        Class<?> order = classes.loadClass("com.acme.Order");
        Class<?> carrier = classes.loadClass("com.acme.Shipments$Carrier");
        Object provider = Waymark.provider(shipments);
        List<RegisteredProvider> named = ProbeRegistry.providers().stream()
                .filter(p -> p.descriptor().name().equals("shop.shipments")).toList();
        RegisteredProvider shipmentsRegistered = named.get(named.size() - 1); // the one this class loader registered

        EventType shipped = shipmentsRegistered.descriptor().events().get(0);
        assertEquals(List.of("order_id", "order_sku", "carrier", "parcels"),
                shipped.fields().stream().map(FieldDescriptor::name).toList());
        assertEquals(2, shipped.version());

        Method method = shipments.getMethod("shipped", order, carrier, int.class);
        java.lang.reflect.Constructor<?> newOrder = order.getConstructor(long.class, String.class);
        Object[] carriers = carrier.getEnumConstants();
        List<String> seen = recordWhileOn(List.of(shipmentsRegistered.probes().get(0)), () -> {
            method.invoke(provider, newOrder.newInstance(7L, "SKU-7"), carriers[0], 2);
            method.invoke(provider, null, carriers[1], 1);
        });
        assertEquals(List.of("shop.shipments:shipped[7, SKU-7, POST, 2]", "shop.shipments:shipped[0, , COURIER, 1]"), seen);

        // an accessor that throws loses its event (counted) and gives the writer back: more failures in a
        // row than a thread has writers, and the thread's next event is still recorded
        List<DiscardReason> discards = java.util.Collections.synchronizedList(new ArrayList<>());
        int failures = 3 * ThreadWriters.MAX_DEPTH;
        List<String> afterFailures = recordWhileOn(List.of(shipmentsRegistered.probes().get(0)), discards::add, () -> {
            for (int i = 0; i < failures; i++) {
                method.invoke(provider, newOrder.newInstance(8L, "unreadable"), carriers[0], 1);
            }
            method.invoke(provider, newOrder.newInstance(9L, "SKU-9"), carriers[1], 3);
        });
        assertEquals(List.of("shop.shipments:shipped[9, SKU-9, COURIER, 3]"), afterFailures);
        assertEquals(java.util.Collections.nCopies(failures, DiscardReason.FIELD_ACCESSOR_FAILED), discards,
                "each counted once, in the probe's counter, with its reason");

        // accessors are application code: never run while a backend's memory is claimed
        InPlace buffered = recordWhileOnWithSink(shipmentsRegistered.probes().get(0),
                () -> method.invoke(provider, newOrder.newInstance(7L, "SKU-7"), carriers[0], 2));
        assertEquals(0, buffered.claims());
        assertEquals(List.of("shop.shipments:shipped[7, SKU-7, POST, 2]"), buffered.dispatched());
    }
}
