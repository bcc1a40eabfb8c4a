package io.waymark.backend.slf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.slf4jtest.ShopEvents;
import io.waymark.slf4jtest.ShopEvents.Color;
import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.ProviderDescriptor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.event.KeyValuePair;

/**
 * The record taken from a tracepoint's arguments ({@code Backend.argumentConsumer}) is the record the backend
 * writes from the encoded event ({@code onEvent}): same logger, level, message, markers, keys, values and value
 * classes, same formatted line, for every field type, {@code null}s and values that need escaping included.
 *
 * <p>Two sessions on the same tracepoints, each into a Logback context of its own: one whose backend offers no
 * argument consumer (the runtime encodes and calls {@code onEvent}), one with the backend as it is (the runtime
 * calls its handle, and never {@code onEvent}). The handle is also invoked directly with the same values.
 */
class ArgumentsPathTest {

    private static final ShopEvents SHOP = Waymark.provider(ShopEvents.class);
    private static final String PATTERN = "[%thread] %-5level %logger %marker - %msg %kvp";

    @AfterEach
    void closeSessions() {
        Tracing.sessions().forEach(Session::close);
    }

    static Stream<Arguments> settings() {
        return Stream.of(
                Arguments.of((Object) new String[0]),
                Arguments.of((Object) new String[] {Slf4jBackendFactory.ESCAPE, "none"}),
                Arguments.of((Object) new String[] {Slf4jBackendFactory.MARKER, "waymark"}),
                Arguments.of((Object) new String[] {Slf4jBackendFactory.TIME_KEY, "true"}));
    }

    /** Every field type, with nulls, line breaks, quotes, backslashes, control characters and extreme numbers. */
    private static final List<Object[]> VALUES = List.of(
            new Object[] {true, (byte) -7, (short) -300, '\uFF21', Integer.MIN_VALUE, Long.MAX_VALUE, 1.5f, -0.25,
                    "héllo ✓\nsecond line \"quoted\" \\ \u0000 \u2028", Color.BLUE, new byte[] {1, -2, 127, 0, -128}},
            new Object[] {false, (byte) 0, (short) 0, '\n', 0, Long.MIN_VALUE, Float.NaN, Double.NEGATIVE_INFINITY, null, null, null},
            new Object[] {true, Byte.MAX_VALUE, Short.MIN_VALUE, '"', 1000, 42L, -0.0f, Double.MIN_VALUE, "", Color.RED, new byte[0]},
            new Object[] {false, Byte.MIN_VALUE, Short.MAX_VALUE, '\\', -1, -1L, Float.MAX_VALUE, 1e300, "plain SKU-1", Color.GREEN,
                    new byte[] {(byte) 0xFB, (byte) 0xFF}},
            new Object[] {true, (byte) 1, (short) 1, '\u0085', 7, 7L, 7f, 7d, "tab\there\r\n", null, new byte[] {0}});

    @ParameterizedTest
    @MethodSource("settings")
    void theArgumentsPathWritesTheRecordTheEncodedPathWrites(String[] settings) throws Throwable {
        Capture encoded = new Capture();
        Capture arguments = new Capture();
        Wrapping encodedBackend = new Wrapping(new Slf4jBackendFactory(encoded.context), false);
        Wrapping argumentsBackend = new Wrapping(new Slf4jBackendFactory(arguments.context), true);
        start("encoded", encodedBackend, settings);
        start("arguments", argumentsBackend, settings);

        Method everyType = Arrays.stream(ShopEvents.class.getMethods()).filter(m -> m.getName().equals("everyType"))
                .findFirst().orElseThrow();
        for (Object[] values : VALUES) {
            everyType.invoke(SHOP, values);
        }
        SHOP.orderPlaced(42, 3, "SKU-000000000001");
        SHOP.heartbeat();
        SHOP.cacheMiss("not logged: DEBUG is below the level");

        List<String> expected = encoded.records();
        assertEquals(VALUES.size() + 2, expected.size(), String.join("\n", expected));
        assertEquals(expected, arguments.records(), "through the tracepoint");
        assertTrue(encodedBackend.onEvents.get() > 0);

        // the handle itself, with the same values, on the emitting thread
        arguments.appender.list.clear();
        EventType type = encodedBackend.types.stream().filter(t -> t.name().equals("everyType")).findFirst().orElseThrow();
        MethodHandle handle = argumentsBackend.delegate.argumentConsumer(type, MethodType.methodType(void.class, everyType.getParameterTypes()));
        assertNotNull(handle, "the backend offers an argument consumer");
        for (Object[] values : VALUES) {
            handle.invokeWithArguments(values);
        }
        assertEquals(expected.subList(0, VALUES.size()), arguments.records(), "invoked directly");

        // parameters that are not the fields': no handle (the runtime then encodes), never a wrong record
        assertNull(argumentsBackend.delegate.argumentConsumer(type, MethodType.methodType(void.class, int.class)));
        Class<?>[] wrong = everyType.getParameterTypes().clone();
        wrong[4] = long.class;
        assertNull(argumentsBackend.delegate.argumentConsumer(type, MethodType.methodType(void.class, wrong)));

        assertEquals(0, argumentsBackend.onEvents.get(), "the runtime calls the arguments handle, never onEvent");
    }

    private static void start(String name, Wrapping backend, String[] settings) {
        SessionConfig.Builder builder = SessionConfig.builder(name).backend(backend).enable("slf4jtest.shop:*");
        for (int i = 0; i < settings.length; i += 2) {
            builder.setting(settings[i], settings[i + 1]);
        }
        Session session = Tracing.createSession(builder.build());
        session.start();
    }

    /** A Logback context of the test's own, INFO, into a list; records formatted with {@link #PATTERN} plus every pair's class. */
    private static final class Capture {
        final LoggerContext context = new LoggerContext();
        final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        final PatternLayout layout = new PatternLayout();

        Capture() {
            context.start();
            appender.setContext(context);
            appender.start();
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.addAppender(appender);
            root.setLevel(Level.INFO);
            layout.setContext(context);
            layout.setPattern(PATTERN);
            layout.start();
        }

        List<String> records() {
            List<String> records = new ArrayList<>();
            for (ILoggingEvent event : appender.list) {
                StringBuilder record = new StringBuilder(layout.doLayout(event)).append(" | markers ").append(event.getMarkerList());
                for (KeyValuePair pair : event.getKeyValuePairs()) {
                    record.append(" | ").append(pair.key).append(' ')
                            .append(pair.value == null ? "null" : pair.value.getClass().getSimpleName() + " " + pair.value);
                }
                // each session has a clock anchor of its own: the time key is checked for its form, not its digits
                records.add(record.toString().replaceAll("waymark\\.time(=\"| Long )\\d{19}", "waymark.time$1<nanos>"));
            }
            return records;
        }
    }

    /**
     * The SLF4J backend, with or without its argument consumer; counts {@code onEvent} calls and keeps the event
     * types it saw there.
     */
    private static final class Wrapping implements BackendFactory {
        private final Slf4jBackendFactory factory;
        private final boolean offerArguments;
        final AtomicInteger onEvents = new AtomicInteger();
        final List<EventType> types = new java.util.concurrent.CopyOnWriteArrayList<>();
        Backend delegate;

        Wrapping(Slf4jBackendFactory factory, boolean offerArguments) {
            this.factory = factory;
            this.offerArguments = offerArguments;
        }

        @Override
        public String name() {
            return factory.name();
        }

        @Override
        public String requestedSpiVersion() {
            return factory.requestedSpiVersion();
        }

        @Override
        public Optional<Set<String>> settingNames() {
            return factory.settingNames();
        }

        @Override
        public Backend create(BackendContext context) {
            delegate = factory.create(context);
            return new Backend() {
                @Override
                public void onEvent(Event event) {
                    onEvents.incrementAndGet();
                    if (!types.contains(event.type())) {
                        types.add(event.type());
                    }
                    delegate.onEvent(event);
                }

                @Override
                public void onProviderRegistered(ProviderDescriptor provider, int providerIndex) {
                    delegate.onProviderRegistered(provider, providerIndex);
                }

                @Override
                public boolean wants(EventType type) {
                    return delegate.wants(type);
                }

                @Override
                public MethodHandle argumentConsumer(EventType type, MethodType arguments) {
                    return offerArguments ? delegate.argumentConsumer(type, arguments) : null;
                }

                @Override
                public void flush() {
                    delegate.flush();
                }

                @Override
                public void close() {
                    delegate.close();
                }
            };
        }
    }
}
