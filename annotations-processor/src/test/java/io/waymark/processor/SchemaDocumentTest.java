package io.waymark.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.waymark.processor.Compilations.classOutputResource;
import static io.waymark.processor.Compilations.compile;
import static io.waymark.processor.Compilations.generatedSource;
import static io.waymark.processor.Compilations.goodFixture;
import static io.waymark.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.waymark.processor.schema.ProviderSchema;
import io.waymark.processor.schema.SchemaJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The schema document a provider's compilation writes, and {@code @View} parameters (rules WM304 to WM306). */
class SchemaDocumentTest {

    private static final String DOCUMENT = "META-INF/waymark/shop.shipments.schema.json";

    @DisplayName("schema: the document equals the reviewed golden file (docs, view, since, default, deprecated, retired)")
    @Test
    void theDocumentEqualsTheGoldenFile() throws IOException {
        Compilation compilation = compile(goodFixture("Shipments"), goodFixture("Order"));
        assertThat(compilation).succeededWithoutWarnings();
        String actual = classOutputResource(compilation, DOCUMENT);
        String expected = resource("/golden/shop.shipments.schema.json");
        if (!expected.equals(actual)) {
            Path out = Paths.get("target", "golden-actual", "shop.shipments.schema.json");
            Files.createDirectories(out.getParent());
            Files.writeString(out, actual, StandardCharsets.UTF_8);
        }
        assertEquals(expected, actual);
    }

    @DisplayName("schema: the same sources give a byte-identical document, and it reads back to the same schema")
    @Test
    void theDocumentIsDeterministicAndReadsBack() {
        String first = classOutputResource(compile(goodFixture("Shipments"), goodFixture("Order")), DOCUMENT);
        String second = classOutputResource(compile(goodFixture("Order"), goodFixture("Shipments")), DOCUMENT);
        assertEquals(first, second);
        ProviderSchema schema = SchemaJson.readProvider(first);
        assertEquals(first, SchemaJson.write(schema));
    }

    @DisplayName("view: the generated code calls the accessors, flattening them into <param>_<accessor> fields")
    @Test
    void aViewIsFlattenedIntoFields() {
        Compilation compilation = compile(goodFixture("Shipments"), goodFixture("Order"));
        String generated = generatedSource(compilation, "com.acme.WaymarkShipments");
        assertTrue(generated.contains("writer.putLong(order == null ? 0L : order.id());"), generated);
        assertTrue(generated.contains("writer.putString(order == null ? null : order.sku(), "), generated);
        assertTrue(generated.contains("FieldDescriptor.of(\"order_id\", FieldType.LONG),"), generated);
        assertTrue(generated.contains("FieldDescriptor.of(\"parcels\", FieldType.INT).since(2).withDefault(\"1\")"), generated);
        assertTrue(generated.contains("public void shipped(Order order, Shipments.Carrier carrier, int parcels)"), generated);
    }

    @DisplayName("WM304: a view that is not an interface, on the annotation value")
    @Test
    void aViewIsAnInterface() {
        String line = "    @Tracepoint(id = 1) void shipped(@View(String.class) Object order);";
        JavaFileObject file = source("p.Events", "package p;", "import io.waymark.*;", "@TraceProvider(\"x\") @Stable",
                "public interface Events {", line, "}");
        Compilation compilation = compile(file);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[WM304] the view of parameter 'order' is not an interface")
                .inFile(file).onLine(5).atColumn(line.indexOf(".class") + 1);
    }

    @DisplayName("WM305: a view accessor the parameter's type lacks, or returns another type, on the parameter")
    @Test
    void theViewedTypeHasTheAccessors() {
        String line = "    @Tracepoint(id = 1) void shipped(@View(V.class) Thing thing);";
        JavaFileObject file = source("p.Events", "package p;", "import io.waymark.*;", "@TraceProvider(\"x\") @Stable",
                "public interface Events {",
                "    interface V { long id(); String name(); int size(); }",
                "    final class Thing { public long id() { return 1; } public Integer size() { return 2; } }",
                line, "}");
        Compilation compilation = compile(file);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("[WM305] type p.Events.Thing of @View(V) parameter 'thing' has no"
                + " no-argument method name()").inFile(file).onLine(7).atColumn(line.indexOf("thing") + 1);
        assertThat(compilation).hadErrorContaining("[WM305] type p.Events.Thing of @View(V) parameter 'thing' has a method"
                + " size() returning java.lang.Integer, which is not assignable to int").inFile(file).onLine(7);
    }

    @DisplayName("WM306: a view field named like another parameter, on the parameter")
    @Test
    void viewFieldNamesAreUnique() {
        String line = "    @Tracepoint(id = 1) void shipped(@View(V.class) Thing thing, long thing_id);";
        JavaFileObject file = source("p.Events", "package p;", "import io.waymark.*;", "@TraceProvider(\"x\") @Stable",
                "public interface Events {",
                "    interface V { long id(); }",
                "    final class Thing { public long id() { return 1; } }",
                line, "}");
        Compilation compilation = compile(file);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[WM306] field 'thing_id' of tracepoint shipped appears twice")
                .inFile(file).onLine(7).atColumn(line.indexOf("thing_id") + 1);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SchemaDocumentTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
