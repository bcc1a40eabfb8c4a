package io.waymark.backend.jfr.internal;

import io.waymark.spi.EventType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.FlightRecorder;

/**
 * The JFR event classes of this JVM, one per Waymark event type, shared by every session of the JFR backend (JFR's
 * event types are global to the JVM: two classes of one name would show as two event types). Generated and
 * registered with JFR on first use.
 */
final class JfrEventClasses {

    /**
     * One generated event class: its JFR type, its emitter (an instance that commits new instances from an event
     * view) and its static {@code record} method (commits a new instance from the tracepoint's arguments, each enum
     * as its label).
     */
    record Generated(EventType type, String jfrName, Class<?> eventClass, jdk.jfr.EventType jfrType, Emitter emitter,
            MethodHandle record, boolean stackTrace) {}

    private static final Map<EventType, Generated> BY_TYPE = new HashMap<>();
    private static final Map<String, EventType> BY_NAME = new HashMap<>();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private JfrEventClasses() {}

    /**
     * The event class of {@code type}, generated and registered with JFR on first use; the first caller's
     * {@code stackTrace} default wins.
     *
     * @param warnings receives a line for each thing a user should know (a renamed event)
     */
    static synchronized Generated of(EventType type, boolean stackTrace, java.util.function.Consumer<String> warnings) {
        Generated known = BY_TYPE.get(type);
        if (known != null) {
            return known;
        }
        String base = JfrNames.eventName(type);
        String name = base;
        for (int n = 2; BY_NAME.containsKey(name); n++) { // another event type (another schema, say) took the name
            name = base + "_" + n;
        }
        if (!name.equals(base)) {
            warnings.accept("event " + type.qualifiedName() + " is recorded as JFR event " + name + ", since " + base
                    + " is taken by another declaration of " + BY_NAME.get(base).qualifiedName()
                    + " (another class loader or schema version)");
        }
        String internalName = JfrEventClasses.class.getPackageName().replace('.', '/') + "/WaymarkJfrEvent_"
                + SEQUENCE.incrementAndGet();
        byte[] bytes = EventClassGenerator.generate(type, internalName, name, stackTrace);
        Class<?> eventClass;
        Emitter emitter;
        MethodHandle record;
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            eventClass = lookup.defineClass(bytes);
            emitter = (Emitter) eventClass.getConstructor().newInstance();
            record = lookup.findStatic(eventClass, EventClassGenerator.RECORD,
                    MethodType.fromMethodDescriptorString(EventClassGenerator.recordDescriptor(type),
                            JfrEventClasses.class.getClassLoader()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot define the JFR event class of " + type.qualifiedName() + ": " + e, e);
        }
        @SuppressWarnings("unchecked")
        Class<? extends jdk.jfr.Event> jfrClass = (Class<? extends jdk.jfr.Event>) eventClass;
        FlightRecorder.register(jfrClass); // known to recording settings (and instrumented) before any recording starts
        Generated generated = new Generated(type, name, eventClass, jdk.jfr.EventType.getEventType(jfrClass), emitter,
                record, stackTrace);
        BY_TYPE.put(type, generated);
        BY_NAME.put(name, type);
        return generated;
    }
}
