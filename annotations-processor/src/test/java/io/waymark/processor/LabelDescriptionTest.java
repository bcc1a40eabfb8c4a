package io.waymark.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.waymark.processor.Compilations.compile;
import static io.waymark.processor.Compilations.generatedSource;
import static io.waymark.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * {@code @Tracepoint(label, description)} reach the event model, the Javadoc's first paragraph standing in for a
 * missing description; an event with neither keeps the short constructor (the golden file is unchanged).
 */
class LabelDescriptionTest {

    private static void assertContainsCode(String source, String expected) {
        assertTrue(source.replaceAll("\\s+", "").contains(expected.replaceAll("\\s+", "")),
                () -> "expected the generated source to contain\n" + expected + "\nbut it is\n" + source);
    }

    @Test
    void labelDescriptionAndJavadocReachTheEventType() {
        Compilation compilation = compile(source("docs.Documented",
                "package docs;",
                "import io.waymark.*;",
                "@TraceProvider(\"docs.events\") @Stable",
                "public interface Documented {",
                "    /**",
                "     * Order accepted by the {@code shop},",
                "     * after payment.",
                "     *",
                "     * Second paragraph, not shown.",
                "     * @param orderId the order",
                "     */",
                "    @Tracepoint(id = 1, label = \"Order Placed\")",
                "    void placed(long orderId);",
                "    /** Ignored: the annotation's description wins. */",
                "    @Tracepoint(id = 2, description = \"Written out.\")",
                "    void written(long orderId);",
                "    @Tracepoint(id = 3)",
                "    void plain(long orderId);",
                "}"));

        assertThat(compilation).succeededWithoutWarnings();
        String generated = generatedSource(compilation, "docs.WaymarkDocumented");
        assertContainsCode(generated, "FieldDescriptor.of(\"orderId\", FieldType.LONG)), \"Order Placed\", "
                + "\"Order accepted by the shop, after payment.\");");
        assertContainsCode(generated, "FieldDescriptor.of(\"orderId\", FieldType.LONG)), \"\", \"Written out.\");");
        assertContainsCode(generated, "return new EventType(\"docs.events\", \"plain\", 3, 1, Stability.STABLE, Level.INFO, "
                + "List.of(FieldDescriptor.of(\"orderId\", FieldType.LONG)));");
    }
}
