package io.waymark.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.waymark.processor.Sources.compile;
import static io.waymark.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class GenerationTest {

    private static String generated(Compilation compilation, String qualifiedName) {
        try {
            return compilation.generatedSourceFile(qualifiedName).orElseThrow(
                    () -> new AssertionError("no generated " + qualifiedName + " in " + compilation.generatedSourceFiles()))
                    .getCharContent(false).toString();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static final JavaFileObject GOLDEN = source("com.acme.OrderEvents",
            "package com.acme;",
            "",
            "import io.waymark.*;",
            "",
            "@TraceProvider(\"shop.orders\")",
            "@Stable",
            "public interface OrderEvents {",
            "    enum Status { NEW, PAID }",
            "",
            "    @Tracepoint(id = 1)",
            "    void orderPlaced(long orderId, int quantity, Status status);",
            "",
            "    @Tracepoint(id = 2, name = \"miss\", level = Level.DEBUG)",
            "    @Unstable",
            "    void cacheMiss(String key, byte[] raw);",
            "",
            "    @IsEnabled(\"orderPlaced\")",
            "    boolean orderPlacedEnabled();",
            "}");

    @Test
    void generatedSourceMatchesTheReviewedGoldenFile() throws IOException {
        Compilation compilation = compile(GOLDEN);
        assertThat(compilation).succeededWithoutWarnings();
        String expected;
        try (InputStream in = GenerationTest.class.getResourceAsStream("/golden/WaymarkOrderEvents.java")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(expected, generated(compilation, "com.acme.WaymarkOrderEvents"));
    }

    @Test
    void outputIsDeterministic() {
        assertEquals(generated(compile(GOLDEN), "com.acme.WaymarkOrderEvents"),
                generated(compile(GOLDEN), "com.acme.WaymarkOrderEvents"));
    }

    @Test
    void everyFieldTypeIsGenerated() {
        Compilation compilation = compile(source("p.AllTypes",
                "package p;",
                "import io.waymark.*;",
                "@TraceProvider(\"all.types\") @Stable",
                "public interface AllTypes {",
                "    @Tracepoint(id = 1)",
                "    void all(boolean a, byte b, short c, char d, int e, long f, float g, double h, String i,",
                "             java.util.concurrent.TimeUnit j, byte[] k);",
                "    @Tracepoint(id = 2)",
                "    void varargs(int n, byte... payload);",
                "}"));
        assertThat(compilation).succeededWithoutWarnings();
        String source = generated(compilation, "p.WaymarkAllTypes");
        for (String expected : new String[] {
                "FieldDescriptor.of(\"a\", FieldType.BOOLEAN)", "FieldDescriptor.of(\"b\", FieldType.BYTE)",
                "FieldDescriptor.of(\"c\", FieldType.SHORT)", "FieldDescriptor.of(\"d\", FieldType.CHAR)",
                "FieldDescriptor.of(\"e\", FieldType.INT)", "FieldDescriptor.of(\"f\", FieldType.LONG)",
                "FieldDescriptor.of(\"g\", FieldType.FLOAT)", "FieldDescriptor.of(\"h\", FieldType.DOUBLE)",
                "FieldDescriptor.of(\"i\", FieldType.STRING)",
                "FieldDescriptor.ofEnum(\"j\", \"java.util.concurrent.TimeUnit\", List.of(\"NANOSECONDS\", \"MICROSECONDS\", "
                        + "\"MILLISECONDS\", \"SECONDS\", \"MINUTES\", \"HOURS\", \"DAYS\"))",
                "FieldDescriptor.of(\"k\", FieldType.BYTES)", "FieldDescriptor.of(\"payload\", FieldType.BYTES)",
                "record.putBoolean(0, a);", "record.putByte(1, b);", "record.putShort(2, c);", "record.putChar(3, d);",
                "record.putInt(4, e);", "record.putLong(5, f);", "record.putFloat(6, g);", "record.putDouble(7, h);",
                "record.putString(8, i);", "record.putEnum(9, j);", "record.putBytes(10, k);",
                "public void varargs(int n, byte... payload)"}) {
            assertTrue(source.contains(expected), "missing: " + expected + "\n" + source);
        }
    }

    @Test
    void nestedProviderAndNestedEnumUseBinaryNames() {
        Compilation compilation = compile(source("p.Outer",
                "package p;",
                "import io.waymark.*;",
                "public class Outer {",
                "    public enum Color { RED, GREEN }",
                "    @TraceProvider(\"nested\") @Unstable",
                "    public interface Events {",
                "        @Tracepoint(id = 1) void painted(Color color);",
                "    }",
                "}"));
        assertThat(compilation).succeededWithoutWarnings();
        String source = generated(compilation, "p.WaymarkOuter_Events");
        assertTrue(source.contains("public final class WaymarkOuter_Events implements Outer.Events"), source);
        assertTrue(source.contains("FieldDescriptor.ofEnum(\"color\", \"p.Outer$Color\", List.of(\"RED\", \"GREEN\"))"), source);
        assertTrue(source.contains("Stability.UNSTABLE"), source);
    }

    @Test
    void packagePrivateProviderGetsPackagePrivateImplementation() {
        Compilation compilation = compile(source("p.Hidden",
                "package p;",
                "import io.waymark.*;",
                "@TraceProvider(\"hidden\") @Stable",
                "interface Hidden {",
                "    @Tracepoint(id = 1) void ping();",
                "}"));
        assertThat(compilation).succeededWithoutWarnings();
        assertTrue(generated(compilation, "p.WaymarkHidden").contains("\nfinal class WaymarkHidden implements Hidden"));
    }

    @Test
    void methodStabilityOverridesTheProviderDefaultAndLevelIsKept() {
        Compilation compilation = compile(source("p.Mixed",
                "package p;",
                "import io.waymark.*;",
                "@TraceProvider(\"mixed\") @Unstable",
                "public interface Mixed {",
                "    @Tracepoint(id = 1, level = Level.ERROR) @Stable void crashed(String why);",
                "    @Tracepoint(id = 2) void debug(int n);",
                "}"));
        assertThat(compilation).succeededWithoutWarnings();
        String source = generated(compilation, "p.WaymarkMixed");
        assertTrue(source.contains("new EventType(\"mixed\", \"crashed\", 1, Stability.STABLE, Level.ERROR"), source);
        assertTrue(source.contains("new EventType(\"mixed\", \"debug\", 2, Stability.UNSTABLE, Level.INFO"), source);
    }

    @Test
    void defaultAndStaticMethodsAreLeftAloneAndParameterNamesCannotClash() {
        Compilation compilation = compile(source("p.Clash",
                "package p;",
                "import io.waymark.*;",
                "@TraceProvider(\"clash\") @Stable",
                "public interface Clash {",
                "    @Tracepoint(id = 1) void clash(int record, int on, int t, int $record);",
                "    default void helper() { clash(1, 2, 3, 4); }",
                "    static Clash get() { return Waymark.provider(Clash.class); }",
                "}"));
        assertThat(compilation).succeededWithoutWarnings();
        String source = generated(compilation, "p.WaymarkClash");
        assertFalse(source.contains("helper"), source);
        assertTrue(source.contains("EventRecord $$record = WaymarkClash.PROBE_clash.begin();"), source);
        assertTrue(source.contains("boolean $on;"), source);
    }

    @Test
    void largeProviderKeepsItsStaticInitializerSmall() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 1500; i++) {
            body.append("    @Tracepoint(id = ").append(i).append(") void e").append(i).append("(long a, int b, String c);\n");
        }
        Compilation compilation = compile(com.google.testing.compile.JavaFileObjects.forSourceString("p.Large",
                "package p;\nimport io.waymark.*;\n@TraceProvider(\"large\") @Stable\npublic interface Large {\n" + body + "}\n"));
        assertThat(compilation).succeededWithoutWarnings();
    }
}
