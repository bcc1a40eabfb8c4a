package io.waymark.spi.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.spi.Event;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link EventWriter} serves generated code and the backends that read a finished record, nobody else: its public
 * methods are the puts generated code calls (an ABI, marked {@code @GeneratedCodeAbi}, kept in the class files only,
 * so read here by name) and the record's views. Ending an event is {@link ThreadWriters}' (the per-thread lifecycle,
 * for {@code Probe}).
 */
class EventWriterAudienceTest {

    @Test
    void eventWritersPublicMethodsAreGeneratedCodesPutsAndTheRecordsViews() {
        List<String> others = new ArrayList<>();
        int puts = 0;
        for (Method m : EventWriter.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic() || m.isBridge()) {
                continue;
            }
            if (m.getName().startsWith("put") || m.getName().equals("reserve")) {
                puts++;
            } else if (!declaredBy(EncodedRecord.class, m) && !declaredBy(Event.class, m)) {
                others.add(m.getName());
            }
        }
        assertEquals(List.of(), others, "public EventWriter methods that are neither generated code's nor a view's");
        // 8 primitive puts, putEnum, putBytes, two putString, reserve and 9 putReserved: a put is never removed (an ABI);
        // one added for a new field type changes this count
        assertEquals(22, puts, "the puts generated code calls are public");
    }

    @Test
    void endingAnEventIsTheLifecyclesNotTheWriters() throws Exception {
        assertTrue(Modifier.isPublic(ThreadWriters.class.getMethod("finish", EventWriter.class).getModifiers()));
        assertTrue(Modifier.isPublic(ThreadWriters.class.getMethod("giveBack", EventWriter.class).getModifiers()));
        for (Method m : EventWriter.class.getDeclaredMethods()) {
            if (m.getName().equals("finish") || m.getName().equals("giveBack")) {
                assertTrue(!Modifier.isPublic(m.getModifiers()), m + " is for ThreadWriters only");
            }
        }
    }

    private static boolean declaredBy(Class<?> view, Method m) {
        try {
            view.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
