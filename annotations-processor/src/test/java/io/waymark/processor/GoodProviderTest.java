package io.waymark.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static io.waymark.processor.Compilations.compile;
import static io.waymark.processor.Compilations.generatedSource;
import static io.waymark.processor.Compilations.goodFixture;
import static io.waymark.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Valid providers compile without warnings (the generated code included), and the generated source
 * declares what the interface says. Whitespace is ignored where a test checks a fragment; the golden
 * test checks the layout.
 */
class GoodProviderTest {

    /** Asserts that {@code source} contains {@code expected}, ignoring all whitespace. */
    private static void assertContainsCode(String source, String expected) {
        assertTrue(source.replaceAll("\\s+", "").contains(expected.replaceAll("\\s+", "")),
                () -> "expected the generated source to contain\n" + expected + "\nbut it is\n" + source);
    }

    private static void assertHasLine(String source, String line) {
        assertTrue(source.lines().anyMatch(line::equals), () -> "no line '" + line + "' in\n" + source);
    }

    @Test
    void everyFieldTypeIsDescribedAndStoredWithItsOwnPutMethod() {
        Compilation compilation = compile(goodFixture("AllFieldTypes"));

        assertThat(compilation).succeededWithoutWarnings();
        String source = generatedSource(compilation, "types.WaymarkAllFieldTypes");
        assertContainsCode(source, """
                private static EventType typePrimitives() {
                    return new EventType("test.types", "primitives", 1, 1, Stability.STABLE, Level.INFO, List.of(
                            FieldDescriptor.of("flag", FieldType.BOOLEAN),
                            FieldDescriptor.of("b", FieldType.BYTE),
                            FieldDescriptor.of("s", FieldType.SHORT),
                            FieldDescriptor.of("c", FieldType.CHAR),
                            FieldDescriptor.of("i", FieldType.INT),
                            FieldDescriptor.of("l", FieldType.LONG),
                            FieldDescriptor.of("f", FieldType.FLOAT),
                            FieldDescriptor.of("d", FieldType.DOUBLE)));
                }""");
        // enums by binary name (a nested one with '$'), with their constants in ordinal order
        assertContainsCode(source, """
                private static EventType typeReferences() {
                    return new EventType("test.types", "references", 2, 1, Stability.STABLE, Level.INFO, List.of(
                            FieldDescriptor.of("text", FieldType.STRING),
                            FieldDescriptor.ofEnum("unit", "java.util.concurrent.TimeUnit", List.of("NANOSECONDS",
                                    "MICROSECONDS", "MILLISECONDS", "SECONDS", "MINUTES", "HOURS", "DAYS")),
                            FieldDescriptor.ofEnum("color", "types.AllFieldTypes$Color", List.of("RED", "GREEN", "BLUE")),
                            FieldDescriptor.of("bytes", FieldType.BYTES)));
                }""");
        assertContainsCode(source, """
                new MethodType[] {
                MethodType.methodType(void.class, boolean.class, byte.class, short.class, char.class, int.class, long.class, float.class, double.class),
                MethodType.methodType(void.class, String.class, TimeUnit.class, AllFieldTypes.Color.class, byte[].class),
                MethodType.methodType(void.class, int.class, byte[].class)});""");
        assertContainsCode(source, """
                private static EventType typeVarargs() {
                    return new EventType("test.types", "varargs", 3, 1, Stability.STABLE, Level.INFO, List.of(
                            FieldDescriptor.of("count", FieldType.INT),
                            FieldDescriptor.of("payload", FieldType.BYTES)));
                }""");
        assertContainsCode(source, """
                private static void emitPrimitives(boolean flag, byte b, short s, char c, int i, long l, float f,
                        double d) throws Throwable {
                    if (!(boolean) PRIMITIVES_ARGS.invokeExact(flag, b, s, c, i, l, f, d)) {
                        return;
                    }
                    EventWriter writer = (EventWriter) PRIMITIVES_BEGIN.invokeExact();
                    if (writer == null) {
                        return;
                    }
                    try {
                        if (writer.reserve(30)) {
                            writer.putReservedBoolean(flag);
                            writer.putReservedByte(b);
                            writer.putReservedShort(s);
                            writer.putReservedChar(c);
                            writer.putReservedInt(i);
                            writer.putReservedLong(l);
                            writer.putReservedFloat(f);
                            writer.putReservedDouble(d);
                        }
                    } catch (Throwable t) {
                        PRIMITIVES.abort(writer);
                        return;
                    }
                    PRIMITIVES.commit(writer);
                }""");
        assertContainsCode(source, """
                public void references(String text, TimeUnit unit, AllFieldTypes.Color color, byte[] bytes) {""");
        // a string field also names its slot in the writer's string cache: numbered from a start the provider name gives
        assertContainsCode(source, """
                writer.putString(text, %d);
                if (writer.reserve(8)) {
                    writer.putReservedEnum(unit);
                    writer.putReservedEnum(color);
                }
                writer.putBytes(bytes);
                } catch (Throwable t) {
                    REFERENCES.abort(writer);
                    return;
                }
                REFERENCES.commit(writer);""".formatted("test.types".hashCode() & 0xFFFF));
        // the implementation of a varargs tracepoint is varargs too
        assertContainsCode(source, "public void varargs(int count, byte... payload) {");
        assertContainsCode(source, """
                writer.putInt(count);
                writer.putBytes(payload);""");
    }

    @Test
    void eachTracepointHasAProbeAndAnEnabledHandleNamedAfterItInUpperSnakeCase() {
        Compilation compilation = compile(goodFixture("OrderEvents"));

        assertThat(compilation).succeededWithoutWarnings();
        String source = generatedSource(compilation, "com.acme.WaymarkOrderEvents");
        assertContainsCode(source, "private static final Probe ORDER_PLACED = PROBES[0];");
        assertContainsCode(source, "private static final MethodHandle ORDER_PLACED_ON = ORDER_PLACED.enabledHandle();");
        assertContainsCode(source, "private static final Probe CACHE_MISS = PROBES[1];");
        assertContainsCode(source, "private static final MethodHandle CACHE_MISS_ON = CACHE_MISS.enabledHandle();");
        // and a constant begin handle (the probe's in-place sink bound in it), which the emit method invokes
        assertContainsCode(source, "private static final MethodHandle ORDER_PLACED_BEGIN = ORDER_PLACED.beginHandle();");
        assertContainsCode(source, "EventWriter writer = (EventWriter) ORDER_PLACED_BEGIN.invokeExact();");
        // the dormant check is the invokeExact on the static final handle, in the tracepoint method itself
        assertContainsCode(source, """
                public void orderPlaced(long orderId, int quantity, OrderEvents.Status status) {
                    boolean on;
                    try {
                        on = (boolean) ORDER_PLACED_ON.invokeExact();
                    } catch (Throwable t) {
                        return;
                    }
                    if (on) {
                        try {
                            emitOrderPlaced(orderId, quantity, status);
                        } catch (Throwable t) {
                            // tracing never lets anything reach the application, not even a StackOverflowError
                        }
                    }
                }""");
        // INSTANCE comes after the probes, so that it is never seen without them
        assertTrue(source.indexOf(" INSTANCE = ") > source.indexOf(" CACHE_MISS_ON = "), source);
    }

    @Test
    void eventNameDefaultsToTheMethodNameAndLevelToInfo() {
        Compilation compilation = compile(source("p.Naming",
                "package p;",
                "import io.waymark.*;",
                "@TraceProvider(\"test.naming\") @Stable",
                "public interface Naming {",
                "    @Tracepoint(id = 0)",
                "    void defaults();",
                "    @Tracepoint(id = 2, name = \"order_placed\", level = Level.ERROR)",
                "    void placed(long orderId);",
                "    @Tracepoint(id = 65535, name = \"_last\", level = Level.TRACE)",
                "    void last();",
                "    @Tracepoint(id = 3, level = Level.WARN) void warned();",
                "    @Tracepoint(id = 4, level = Level.DEBUG) void debugged();",
                "}"));

        assertThat(compilation).succeededWithoutWarnings();
        String source = generatedSource(compilation, "p.WaymarkNaming");
        assertContainsCode(source, "new EventType(\"test.naming\", \"defaults\", 0, 1, Stability.STABLE, Level.INFO, List.of())");
        assertContainsCode(source, "new EventType(\"test.naming\", \"order_placed\", 2, 1, Stability.STABLE, Level.ERROR, List.of(");
        assertContainsCode(source, "new EventType(\"test.naming\", \"_last\", 65535, 1, Stability.STABLE, Level.TRACE, List.of())");
        assertContainsCode(source, "new EventType(\"test.naming\", \"warned\", 3, 1, Stability.STABLE, Level.WARN, List.of())");
        assertContainsCode(source, "new EventType(\"test.naming\", \"debugged\", 4, 1, Stability.STABLE, Level.DEBUG, List.of())");
        // the method keeps its own name, and so do its probe and helpers
        assertContainsCode(source, "public void placed(long orderId) {");
        assertContainsCode(source, "private static final Probe PLACED = PROBES[1];");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "shop.orders", "A-1_b.c", "io.waymark.test-provider_2"})
    void wellFormedProviderNamesAreAccepted(String name) {
        Compilation compilation = compile(source("p.Named",
                "package p;",
                "import io.waymark.*;",
                "@TraceProvider(\"" + name + "\") @Stable",
                "public interface Named {",
                "    @Tracepoint(id = 1) void ping();",
                "}"));

        assertThat(compilation).succeededWithoutWarnings();
        assertContainsCode(generatedSource(compilation, "p.WaymarkNamed"),
                "new ProviderDescriptor(\"" + name + "\", \"p.Named\", List.of(");
    }

    @Test
    void theProvidersStabilityIsTheDefaultThatAMethodOverrides() {
        Compilation compilation = compile(
                source("p.Debugging",
                        "package p;",
                        "import io.waymark.*;",
                        "@TraceProvider(\"test.debugging\") @Unstable",
                        "public interface Debugging {",
                        "    @Tracepoint(id = 1) void scratch();",
                        "    @Tracepoint(id = 2) @Stable void published();",
                        "}"),
                source("p.Public",
                        "package p;",
                        "import io.waymark.*;",
                        "@TraceProvider(\"test.public\") @Stable",
                        "public interface Public {",
                        "    @Tracepoint(id = 1) void published();",
                        "    @Tracepoint(id = 2) @Unstable void scratch();",
                        "}"),
                source("p.PerMethod",
                        "package p;",
                        "import io.waymark.*;",
                        "@TraceProvider(\"test.permethod\")",
                        "public interface PerMethod {",
                        "    @Tracepoint(id = 1) @Stable void published();",
                        "    @Tracepoint(id = 2) @Unstable void scratch();",
                        "}"));

        assertThat(compilation).succeededWithoutWarnings();
        String debugging = generatedSource(compilation, "p.WaymarkDebugging");
        assertContainsCode(debugging, "new EventType(\"test.debugging\", \"scratch\", 1, 1, Stability.UNSTABLE, Level.INFO");
        assertContainsCode(debugging, "new EventType(\"test.debugging\", \"published\", 2, 1, Stability.STABLE, Level.INFO");
        String published = generatedSource(compilation, "p.WaymarkPublic");
        assertContainsCode(published, "new EventType(\"test.public\", \"published\", 1, 1, Stability.STABLE, Level.INFO");
        assertContainsCode(published, "new EventType(\"test.public\", \"scratch\", 2, 1, Stability.UNSTABLE, Level.INFO");
        String perMethod = generatedSource(compilation, "p.WaymarkPerMethod");
        assertContainsCode(perMethod, "new EventType(\"test.permethod\", \"published\", 1, 1, Stability.STABLE, Level.INFO");
        assertContainsCode(perMethod, "new EventType(\"test.permethod\", \"scratch\", 2, 1, Stability.UNSTABLE, Level.INFO");
    }

    @Test
    void anEnabledCheckReadsTheSwitchOfTheTracepointItNames() {
        Compilation compilation = compile(source("p.Checks",
                "package p;",
                "import io.waymark.*;",
                "@TraceProvider(\"test.checks\") @Stable",
                "public interface Checks {",
                "    @Tracepoint(id = 1) void first(int n);",
                "    @Tracepoint(id = 2) void second(int n);",
                "    @IsEnabled(\"second\") boolean secondEnabled();",
                "    @IsEnabled(\"first\") boolean firstOn();",
                "}"));

        assertThat(compilation).succeededWithoutWarnings();
        String source = generatedSource(compilation, "p.WaymarkChecks");
        assertContainsCode(source, """
                @Override
                public boolean secondEnabled() {
                    try {
                        return (boolean) SECOND_ON.invokeExact();
                    } catch (Throwable t) {
                        return false;
                    }
                }""");
        assertContainsCode(source, """
                @Override
                public boolean firstOn() {
                    try {
                        return (boolean) FIRST_ON.invokeExact();
                    } catch (Throwable t) {
                        return false;
                    }
                }""");
    }

    @Test
    void aNestedProviderIsImplementedByATopLevelClassNamedAfterItsEnclosingClasses() {
        Compilation compilation = compile(goodFixture("Outer"));

        assertThat(compilation).succeededWithoutWarnings();
        String inner = generatedSource(compilation, "nested.WaymarkOuter_Inner");
        assertHasLine(inner, "public final class WaymarkOuter_Inner implements Outer.Inner {");
        assertContainsCode(inner, "new ProviderDescriptor(\"proctest.nested.inner\", \"nested.Outer$Inner\", List.of(");
        // an enum nested in a class is named by its binary name, as Class.forName would take it
        assertContainsCode(inner, "FieldDescriptor.ofEnum(\"color\", \"nested.Outer$Color\", List.of(\"RED\", \"GREEN\"))");
        assertContainsCode(inner, "public void painted(Outer.Color color) {");
        String deep = generatedSource(compilation, "nested.WaymarkOuter_Middle_Deep");
        assertHasLine(deep, "final class WaymarkOuter_Middle_Deep implements Outer.Middle.Deep {");
        assertContainsCode(deep, "new ProviderDescriptor(\"proctest.nested.deep\", \"nested.Outer$Middle$Deep\", List.of(");
    }

    @Test
    void aPackagePrivateProviderGetsAPackagePrivateImplementation() {
        Compilation compilation = compile(source("p.Hidden",
                "package p;",
                "import io.waymark.*;",
                "@TraceProvider(\"test.hidden\") @Stable",
                "interface Hidden {",
                "    @Tracepoint(id = 1) void ping();",
                "}"));

        assertThat(compilation).succeededWithoutWarnings();
        String source = generatedSource(compilation, "p.WaymarkHidden");
        assertHasLine(source, "final class WaymarkHidden implements Hidden {");
        assertFalse(source.contains("public final class"), source);
        // INSTANCE stays public: Waymark.provider reads it reflectively, making it accessible when needed
        assertContainsCode(source, "public static final WaymarkHidden INSTANCE = new WaymarkHidden();");
    }

    @Test
    void aProviderInTheUnnamedPackageIsImplementedThere() {
        Compilation compilation = compile(source("Bare",
                "import io.waymark.*;",
                "@TraceProvider(\"test.bare\") @Stable",
                "public interface Bare {",
                "    @Tracepoint(id = 1) void ping();",
                "}"));

        assertThat(compilation).succeededWithoutWarnings();
        String source = generatedSource(compilation, "WaymarkBare");
        assertHasLine(source, "public final class WaymarkBare implements Bare {");
        assertContainsCode(source, "new ProviderDescriptor(\"test.bare\", \"Bare\", List.of(");
    }

    @Test
    void defaultStaticPrivateAndObjectMethodsOfTheInterfaceAreLeftAlone() {
        Compilation compilation = compile(source("p.UserMethods",
                "package p;",
                "import io.waymark.*;",
                "@TraceProvider(\"test.own\") @Stable",
                "public interface UserMethods {",
                "    @Tracepoint(id = 1) void saved(String key);",
                "    default void saveAll(String... keys) { for (String key : keys) saved(normalize(key)); }",
                "    static UserMethods events() { return Waymark.provider(UserMethods.class); }",
                "    private String normalize(String key) { return key.trim(); }",
                "    String toString(); // Object implements it",
                "    boolean equals(Object other);",
                "}"));

        assertThat(compilation).succeededWithoutWarnings();
        String source = generatedSource(compilation, "p.WaymarkUserMethods");
        assertContainsCode(source, "@Override public void saved(String key) {");
        assertEquals(1, source.split("@Override", -1).length - 1, source);
        for (String own : new String[] {"saveAll", "events", "normalize", "toString", "equals"}) {
            assertFalse(source.contains(own), own + " in\n" + source);
        }
    }

    @Test
    void parametersNamedLikeTheGeneratedLocalsGetLocalsOfTheirOwn() {
        Compilation compilation = compile(source("p.Locals",
                "package p;",
                "import io.waymark.*;",
                "@TraceProvider(\"test.locals\") @Stable",
                "public interface Locals {",
                "    @Tracepoint(id = 1) void clash(int writer, boolean on, String t, long $writer);",
                "    @IsEnabled(\"clash\") boolean clashEnabled();",
                "}"));

        assertThat(compilation).succeededWithoutWarnings();
        String source = generatedSource(compilation, "p.WaymarkLocals");
        assertContainsCode(source, """
                public void clash(int writer, boolean on, String t, long $writer) {
                    boolean $on;
                    try {
                        $on = (boolean) CLASH_ON.invokeExact();""");
        assertContainsCode(source, "} catch (Throwable $t) { return; }");
        assertContainsCode(source, """
                EventWriter $$writer = (EventWriter) CLASH_BEGIN.invokeExact();
                if ($$writer == null) {
                    return;
                }
                try {
                    if ($$writer.reserve(5)) {
                        $$writer.putReservedInt(writer);
                        $$writer.putReservedBoolean(on);
                    }
                $$writer.putString(t, %d);
                $$writer.putLong($writer);""".formatted("test.locals".hashCode() & 0xFFFF));
    }

    @Test
    void generatedMemberNamesClashWithNoOtherMemberNorParameter() {
        // A parameter named like the field its method reads would shadow it; orderPlaced and order_placed both want
        // ORDER_PLACED, and orderPlacedOn wants the name of orderPlaced's handle; probes and instance want PROBES and
        // INSTANCE; the interface's own emitX and typeX methods would be overridden by x's helpers.
        Compilation compilation = compile(source("p.Clashes",
                "package p;",
                "import io.waymark.*;",
                "@TraceProvider(\"test.clashes\") @Stable",
                "public interface Clashes {",
                "    @Tracepoint(id = 1) void orderPlaced(int ORDER_PLACED_ON);",
                "    @Tracepoint(id = 2) void order_placed();",
                "    @Tracepoint(id = 3) void orderPlacedOn();",
                "    @Tracepoint(id = 4) void probes();",
                "    @Tracepoint(id = 5) void instance();",
                "    @Tracepoint(id = 6) void x();",
                "    @Tracepoint(id = 7) void emitX();",
                "    default void typeX() {}",
                "    @Tracepoint(id = 8) void parseHTTPRequest();",
                "}"));

        assertThat(compilation).succeededWithoutWarnings();
        String source = generatedSource(compilation, "p.WaymarkClashes");
        assertContainsCode(source, "Probe ORDER_PLACED = PROBES[0];");
        assertContainsCode(source, "MethodHandle ORDER_PLACED_ON_2 = ORDER_PLACED.enabledHandle();");
        assertContainsCode(source, """
                public void orderPlaced(int ORDER_PLACED_ON) {
                    boolean on;
                    try {
                        on = (boolean) ORDER_PLACED_ON_2.invokeExact();""");
        assertContainsCode(source, "Probe ORDER_PLACED_2 = PROBES[1];");
        assertContainsCode(source, "MethodHandle ORDER_PLACED_2_ON = ORDER_PLACED_2.enabledHandle();");
        assertContainsCode(source, "Probe ORDER_PLACED_ON_3 = PROBES[2];");
        assertContainsCode(source, "Probe PROBES_2 = PROBES[3];");
        assertContainsCode(source, "Probe INSTANCE_2 = PROBES[4];");
        assertContainsCode(source, "Probe PARSE_HTTP_REQUEST = PROBES[7];");
        assertContainsCode(source, "emitX2();");
        assertContainsCode(source, "private static EventType typeX2()");
        assertContainsCode(source, "private static void emitEmitX()");
    }

    @Test
    void memberTypesOfTheProviderDoNotShadowTheTypesTheGeneratedCodeUses() {
        // The implementation inherits the interface's member types: Level, List, Probe and Generated must not hide
        // io.waymark.Level, java.util.List, the spi's Probe and javax.annotation.processing.Generated.
        Compilation compilation = compile(source("p.Shadows",
                "package p;",
                "import io.waymark.*;",
                "@TraceProvider(\"test.shadows\") @Stable",
                "public interface Shadows {",
                "    enum Level { LOW, HIGH }",
                "    interface List {}",
                "    final class Probe {}",
                "    @interface Generated {}",
                "    @Tracepoint(id = 1, level = io.waymark.Level.WARN) void battery(Level level);",
                "}"));

        assertThat(compilation).succeededWithoutWarnings();
        String source = generatedSource(compilation, "p.WaymarkShadows");
        assertContainsCode(source, "@javax.annotation.processing.Generated(\"io.waymark.processor.TracepointProcessor\")");
        assertContainsCode(source, "io.waymark.Level.WARN, java.util.List.of(");
        assertContainsCode(source, "FieldDescriptor.ofEnum(\"level\", \"p.Shadows$Level\", java.util.List.of(\"LOW\", \"HIGH\"))");
        assertContainsCode(source, "public void battery(Shadows.Level level) {");
    }

    @Test
    void generatedCodeIsCleanUnderEveryLintEvenForDeprecatedDeclarations() {
        // -Xlint:all includes 'processing' (annotations no processor claims, @Generated included) and
        // 'deprecation'/'removal' (the implementation overrides deprecated methods and names deprecated types).
        Compilation compilation = javac().withOptions("-Xlint:all").withProcessors(new TracepointProcessor()).compile(
                goodFixture("AllFieldTypes"),
                goodFixture("OrderEvents"),
                source("p.Legacy",
                        "package p;",
                        "import io.waymark.*;",
                        "@Deprecated(forRemoval = true)",
                        "@TraceProvider(\"test.legacy\") @Stable",
                        "public interface Legacy {",
                        "    @Deprecated enum Mode { OLD }",
                        "    @Deprecated @Tracepoint(id = 1) void used(Mode mode);",
                        "    @Deprecated @IsEnabled(\"used\") boolean usedEnabled();",
                        "}"));

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("p.WaymarkLegacy").isNotNull();
    }
}
