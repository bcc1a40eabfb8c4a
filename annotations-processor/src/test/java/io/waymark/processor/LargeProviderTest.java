package io.waymark.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.waymark.processor.Compilations.compile;
import static io.waymark.processor.Compilations.generatedSource;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.waymark.Waymark;
import io.waymark.spi.EventType;
import io.waymark.spi.probe.Probe;
import io.waymark.spi.probe.ProbeRegistry;
import io.waymark.spi.probe.ProbeTarget;
import io.waymark.spi.probe.RegisteredProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Providers whose static initializer would outgrow the JVM's 64 KiB method limit if it built every event
 * type inline: each event type is built in a method of its own.
 */
class LargeProviderTest {

    private static final int TRACEPOINTS = 300;
    private static final String NAME = "proctest.large";

    @Test
    void threeHundredTracepointsCompileLoadAndRegister() throws Exception {
        StringBuilder source = new StringBuilder()
                .append("package large;\n")
                .append("import io.waymark.*;\n")
                .append("@TraceProvider(\"").append(NAME).append("\") @Stable\n")
                .append("public interface Large {\n")
                .append("    enum Kind { A, B, C }\n");
        for (int i = 0; i < TRACEPOINTS; i++) {
            source.append("    @Tracepoint(id = ").append(i).append(", level = Level.DEBUG)")
                    .append(" void event").append(i).append("(long a, int b, String c, Kind d, byte[] e);\n");
        }
        source.append("}\n");

        Compilation compilation = compile(JavaFileObjects.forSourceString("large.Large", source.toString()));

        assertThat(compilation).succeededWithoutWarnings();
        String generated = generatedSource(compilation, "large.WaymarkLarge");
        // the static initializer only calls one small method per event type
        Matcher typeMethods = Pattern.compile("private static EventType typeEvent(\\d+)\\(\\) \\{").matcher(generated);
        int count = 0;
        while (typeMethods.find()) {
            assertEquals(String.valueOf(count), typeMethods.group(1));
            count++;
        }
        assertEquals(TRACEPOINTS, count);
        assertEquals(TRACEPOINTS, generated.split("new EventType\\(", -1).length - 1, "EventType constructions");

        // the class initializes: all event types register, in declaration order
        Class<?> large = new CompiledClasses(compilation).loadClass("large.Large");
        Object provider = Waymark.provider(large);
        RegisteredProvider registered = ProbeRegistry.providers().stream()
                .filter(p -> p.descriptor().name().equals(NAME)).findFirst().orElseThrow();
        List<EventType> events = registered.descriptor().events();
        assertEquals(TRACEPOINTS, events.size());
        for (int i = 0; i < TRACEPOINTS; i++) {
            assertEquals("event" + i, events.get(i).name());
            assertEquals(i, events.get(i).id());
            assertEquals(5, events.get(i).fieldCount());
        }

        // and the last tracepoint reaches its own probe
        Probe last = registered.probes().get(TRACEPOINTS - 1);
        List<String> seen = new ArrayList<>();
        Probe.update(Map.of(last, (ProbeTarget) record -> seen.add(record.toString())));
        try {
            Object kindC = Class.forName("large.Large$Kind", true, large.getClassLoader()).getEnumConstants()[2];
            for (var method : large.getMethods()) {
                if (method.getName().equals("event" + (TRACEPOINTS - 1)) || method.getName().equals("event0")) {
                    method.invoke(provider, 1L, 2, "three", kindC, new byte[] {4});
                }
            }
        } finally {
            Probe.update(Map.of(last, ProbeTarget.NONE));
        }
        assertEquals(List.of(NAME + ":event299[1, 2, three, C, [4]]"), seen);
    }

    @Test
    void manyTracepointsTakingALargeEnumCompile() {
        // 40 tracepoints, each with a field of a 250-constant enum: inline in the static initializer, the labels
        // alone would take some 80 KiB of bytecode ("code too large"); one method per event type keeps it small.
        StringBuilder source = new StringBuilder()
                .append("package large;\n")
                .append("import io.waymark.*;\n")
                .append("@TraceProvider(\"proctest.large.enum\") @Stable\n")
                .append("public interface Countries {\n")
                .append("    enum Country {");
        for (int i = 0; i < 250; i++) {
            source.append(i == 0 ? " C" : ", C").append(i);
        }
        source.append(" }\n");
        for (int i = 0; i < 40; i++) {
            source.append("    @Tracepoint(id = ").append(i).append(") void visited").append(i).append("(Country country);\n");
        }
        source.append("}\n");

        Compilation compilation = compile(JavaFileObjects.forSourceString("large.Countries", source.toString()));

        assertThat(compilation).succeededWithoutWarnings();
        String generated = generatedSource(compilation, "large.WaymarkCountries");
        assertEquals(40, generated.split("\"C249\"", -1).length - 1, "one label list per event type");
    }
}
