package io.waymark.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.waymark.processor.Sources.compile;
import static io.waymark.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.Waymark;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.probe.Probe;
import io.waymark.spi.probe.ProbeRegistry;
import io.waymark.spi.probe.ProbeTarget;
import io.waymark.spi.probe.RegisteredProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Compiles a provider, loads the generated class and drives it through the real probe contract. */
class GeneratedBehaviourTest {

    /** Defines the compiled classes; api and spi come from the parent, so the registry is shared. */
    private static final class CompiledClassLoader extends ClassLoader {
        private final Map<String, byte[]> classes = new HashMap<>();

        CompiledClassLoader(Compilation compilation) throws IOException {
            super(GeneratedBehaviourTest.class.getClassLoader());
            for (JavaFileObject file : compilation.generatedFiles()) {
                if (file.getKind() == JavaFileObject.Kind.CLASS) {
                    String path = file.toUri().getPath();
                    String name = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length(),
                            path.length() - ".class".length()).replace('/', '.');
                    try (InputStream in = file.openInputStream()) {
                        classes.put(name, in.readAllBytes());
                    }
                }
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }

    @Test
    void generatedProviderRegistersItsSchemaAndDeliversEventsOnlyWhileOn() throws Exception {
        Compilation compilation = compile(source("behave.Payments",
                "package behave;",
                "import io.waymark.*;",
                "@TraceProvider(\"proctest.payments\") @Stable",
                "public interface Payments {",
                "    enum Method { CARD, INVOICE }",
                "    @Tracepoint(id = 7, level = Level.WARN)",
                "    void declined(long orderId, Method method, String reason, boolean retry, double amount, byte[] raw);",
                "    @Tracepoint(id = 8) @Unstable",
                "    void debug(char c);",
                "    @IsEnabled(\"declined\") boolean declinedEnabled();",
                "}"));
        assertThat(compilation).succeededWithoutWarnings();
        ClassLoader loader = new CompiledClassLoader(compilation);
        Class<?> iface = loader.loadClass("behave.Payments");
        Object provider = Waymark.provider(iface);

        RegisteredProvider registered = ProbeRegistry.providers().stream()
                .filter(p -> p.descriptor().name().equals("proctest.payments"))
                .findFirst().orElseThrow();
        assertEquals("behave.Payments", registered.descriptor().interfaceName());
        EventType declined = registered.descriptor().events().get(0);
        assertEquals(new EventType("proctest.payments", "declined", 7, Stability.STABLE, Level.WARN, List.of(
                FieldDescriptor.of("orderId", FieldType.LONG),
                FieldDescriptor.ofEnum("method", "behave.Payments$Method", List.of("CARD", "INVOICE")),
                FieldDescriptor.of("reason", FieldType.STRING),
                FieldDescriptor.of("retry", FieldType.BOOLEAN),
                FieldDescriptor.of("amount", FieldType.DOUBLE),
                FieldDescriptor.of("raw", FieldType.BYTES))), declined);
        assertEquals(Stability.UNSTABLE, registered.descriptor().events().get(1).stability());

        Class<?> methodEnum = loader.loadClass("behave.Payments$Method");
        Object invoice = methodEnum.getEnumConstants()[1];
        Method emit = iface.getMethod("declined", long.class, methodEnum, String.class, boolean.class, double.class, byte[].class);
        Method enabled = iface.getMethod("declinedEnabled");
        Probe probe = registered.probes().get(0);
        List<String> seen = new ArrayList<>();

        emit.invoke(provider, 1L, invoice, "off", false, 1.5, new byte[] {1});
        assertEquals(false, enabled.invoke(provider));
        assertTrue(seen.isEmpty());

        Probe.update(Map.of(probe, (ProbeTarget) record -> seen.add(record.toString())));
        try {
            assertEquals(true, enabled.invoke(provider));
            emit.invoke(provider, 42L, invoice, "insufficient funds", true, 19.99, new byte[] {1, 2});
            emit.invoke(provider, 43L, null, null, false, -0.0, null);
        } finally {
            Probe.update(Map.of(probe, ProbeTarget.NONE));
        }
        assertEquals(List.of("proctest.payments:declined[42, INVOICE, insufficient funds, true, 19.99, [1, 2]]",
                "proctest.payments:declined[43, null, null, false, -0.0, null]"), seen);

        assertFalse((Boolean) enabled.invoke(provider));
        emit.invoke(provider, 44L, invoice, "off again", false, 0.0, null);
        assertEquals(2, seen.size(), "nothing delivered after the probe was turned off");
    }
}
