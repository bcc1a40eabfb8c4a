package io.waymark.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.waymark.processor.Sources.compile;
import static io.waymark.processor.Sources.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * One test per declaration rule: the build fails, the message says what is wrong and how to fix it,
 * and the error sits on the offending element's line.
 */
class ValidationTest {

    private static final String IMPORTS = "import io.waymark.*;";

    private static void assertError(JavaFileObject file, String message, int line) {
        Compilation compilation = compile(file);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining(message).inFile(file).onLine(line);
    }

    @Test
    void providerMustBeAnInterface() {
        assertError(source("p.Klass", "package p;", IMPORTS,
                "@TraceProvider(\"x\")",
                "public class Klass {}"),
                "@TraceProvider Klass is a class, not an interface; declare the provider as an interface", 4);
        assertError(source("p.Enumeration", "package p;", IMPORTS,
                "@TraceProvider(\"x\")",
                "public enum Enumeration { A }"),
                "Enumeration is a enum, not an interface", 4);
    }

    @Test
    void providerMustNotBeGeneric() {
        assertError(source("p.Gen", "package p;", IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Gen<T> {}"),
                "@TraceProvider Gen must not be generic; remove its type parameters", 4);
    }

    @Test
    void providerMustNotExtendAnotherInterface() {
        assertError(source("p.Ext", "package p;", IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Ext extends Runnable {}"),
                "a provider must not extend other interfaces", 4);
    }

    @Test
    void providerMustNotBePrivate() {
        assertError(source("p.Holder", "package p;", IMPORTS,
                "public class Holder {",
                "    @TraceProvider(\"x\") @Stable",
                "    private interface Secret {}",
                "}"),
                "because Secret is private; make it package-private or public", 5);
    }

    @Test
    void providerNameMustBeWellFormed() {
        assertError(source("p.BadName", "package p;", IMPORTS,
                "@TraceProvider(\"shop orders\") @Stable",
                "public interface BadName {}"),
                "provider name 'shop orders' is invalid: start with a letter and use only letters, digits, '_', '-' and '.'", 3);
    }

    @Test
    void everyAbstractMethodMustBeDeclared() {
        assertError(source("p.Plain", "package p;", IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Plain {",
                "    void forgotten(int n);",
                "}"),
                "method forgotten of provider Plain is neither @Tracepoint nor @IsEnabled; annotate it", 5);
    }

    @Test
    void methodCannotBeBothTracepointAndCheck() {
        assertError(source("p.Both", "package p;", IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Both {",
                "    @Tracepoint(id = 1) @IsEnabled(\"both\")",
                "    void both();",
                "}"),
                "method both is both @Tracepoint and @IsEnabled", 6);
    }

    @Test
    void tracepointMustReturnVoid() {
        assertError(source("p.Returns", "package p;", IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Returns {",
                "    @Tracepoint(id = 1)",
                "    int counted(int n);",
                "}"),
                "tracepoint counted returns int; a tracepoint returns nothing: declare it void", 6);
    }

    @Test
    void tracepointMustNotBeGeneric() {
        assertError(source("p.GenMethod", "package p;", IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface GenMethod {",
                "    @Tracepoint(id = 1)",
                "    <T extends Enum<T>> void generic(T value);",
                "}"),
                "tracepoint generic is generic; remove its type parameters", 6);
    }

    @Test
    void overloadsAreReportedOnTheLaterMethod() {
        assertError(source("p.Over", "package p;", IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Over {",
                "    @Tracepoint(id = 1)",
                "    void placed(long id);",
                "    @Tracepoint(id = 2)",
                "    void placed(long id, int quantity);",
                "}"),
                "method placed is overloaded; each tracepoint needs a method name of its own: rename this one", 8);
    }

    @Test
    void unsupportedParameterTypeIsReportedOnTheParameter() {
        JavaFileObject file = source("p.Types", "package p;", IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Types {",
                "    @Tracepoint(id = 1)",
                "    void placed(long id, java.util.List<String> items);",
                "}");
        Compilation compilation = compile(file);
        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("parameter 'items' of tracepoint placed has type java.util.List<java.lang.String>, which is not "
                        + "a tracepoint field type; use boolean, byte, short, char, int, long, float, double, String, an enum, or byte[]")
                .inFile(file).onLine(6).atColumn(49);
    }

    @Test
    void eventIdMustBeInRange() {
        assertError(source("p.Range", "package p;", IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Range {",
                "    @Tracepoint(id = 70000)",
                "    void big();",
                "}"),
                "event id 70000 of tracepoint big is outside 0..65535; choose an id in that range", 5);
    }

    @Test
    void duplicateIdIsReportedOnTheLaterMethodNamingTheFirst() {
        assertError(source("p.DupId", "package p;", IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface DupId {",
                "    @Tracepoint(id = 1)",
                "    void first();",
                "    @Tracepoint(id = 1)",
                "    void second();",
                "}"),
                "event id 1 of tracepoint second is already used by first; event ids are unique within a provider", 7);
    }

    @Test
    void eventNameMustBeWellFormed() {
        assertError(source("p.EvName", "package p;", IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface EvName {",
                "    @Tracepoint(id = 1, name = \"order-placed\")",
                "    void placed();",
                "}"),
                "event name 'order-placed' of tracepoint placed is invalid", 5);
    }

    @Test
    void duplicateEventNameIsReported() {
        assertError(source("p.DupName", "package p;", IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface DupName {",
                "    @Tracepoint(id = 1)",
                "    void placed();",
                "    @Tracepoint(id = 2, name = \"placed\")",
                "    void placedAgain();",
                "}"),
                "event name 'placed' of tracepoint placedAgain is already used by placed; event names are unique within a provider: "
                        + "set another name with @Tracepoint(name = ...)", 7);
    }

    @Test
    void missingStabilityIsReportedOnTheTracepoint() {
        assertError(source("p.NoStability", "package p;", IMPORTS,
                "@TraceProvider(\"x\")",
                "public interface NoStability {",
                "    @Tracepoint(id = 1)",
                "    void placed();",
                "}"),
                "tracepoint placed declares no stability; annotate it (or the provider) @Stable if consumers may rely on its name and "
                        + "fields, or @Unstable if it is a debug tracepoint that may change", 6);
    }

    @Test
    void conflictingStabilityIsReported() {
        assertError(source("p.Conflict", "package p;", IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Conflict {",
                "    @Tracepoint(id = 1) @Stable @Unstable",
                "    void placed();",
                "}"),
                "tracepoint placed is annotated both @Stable and @Unstable; keep one", 6);
        assertError(source("p.ConflictType", "package p;", IMPORTS,
                "@TraceProvider(\"x\") @Stable @Unstable",
                "public interface ConflictType {",
                "    @Tracepoint(id = 1)",
                "    void placed();",
                "}"),
                "provider ConflictType is annotated both @Stable and @Unstable", 4);
    }

    @Test
    void enabledCheckMustBeANoArgumentBoolean() {
        assertError(source("p.BadCheck", "package p;", IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface BadCheck {",
                "    @Tracepoint(id = 1)",
                "    void placed();",
                "    @IsEnabled(\"placed\")",
                "    int placedEnabled(int n);",
                "}"),
                "@IsEnabled method placedEnabled must be declared as 'boolean placedEnabled()'", 8);
    }

    @Test
    void enabledCheckMustNameATracepoint() {
        assertError(source("p.Unknown", "package p;", IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Unknown {",
                "    @Tracepoint(id = 1)",
                "    void placed();",
                "    @IsEnabled(\"shipped\")",
                "    boolean shippedEnabled();",
                "}"),
                "@IsEnabled(\"shipped\") names no @Tracepoint method of Unknown; use the method name of one of its tracepoints [placed]", 7);
    }

    @Test
    void allErrorsOfOneProviderAreReportedInOneBuild() {
        JavaFileObject file = source("p.Many", "package p;", IMPORTS,
                "@TraceProvider(\"x\")",
                "public interface Many {",
                "    @Tracepoint(id = 1) @Stable",
                "    int returns();",
                "    @Tracepoint(id = 2) @Stable",
                "    void typed(Object o);",
                "    @Tracepoint(id = 3)",
                "    void unstated();",
                "}");
        Compilation compilation = compile(file);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(3);
        assertThat(compilation).hadErrorContaining("returns int").inFile(file).onLine(6);
        assertThat(compilation).hadErrorContaining("parameter 'o'").inFile(file).onLine(8);
        assertThat(compilation).hadErrorContaining("declares no stability").inFile(file).onLine(10);
    }

    /** Notes, in the last round, which of the given types exist (generated ones included). */
    private static final class TypeObserver extends javax.annotation.processing.AbstractProcessor {
        private final java.util.Map<String, Boolean> seen = new java.util.TreeMap<>();

        TypeObserver(String... names) {
            for (String name : names) {
                seen.put(name, false);
            }
        }

        @Override
        public java.util.Set<String> getSupportedAnnotationTypes() {
            return java.util.Set.of("*");
        }

        @Override
        public javax.lang.model.SourceVersion getSupportedSourceVersion() {
            return javax.lang.model.SourceVersion.latestSupported();
        }

        @Override
        public boolean process(java.util.Set<? extends javax.lang.model.element.TypeElement> annotations,
                javax.annotation.processing.RoundEnvironment round) {
            if (round.processingOver()) {
                seen.replaceAll((name, found) -> processingEnv.getElementUtils().getTypeElement(name) != null);
            }
            return false;
        }
    }

    @Test
    void anInvalidProviderGetsNoImplementationWhileAValidOneStillDoes() {
        TypeObserver observer = new TypeObserver("p.WaymarkGood", "p.WaymarkBad");
        Compilation compilation = com.google.testing.compile.Compiler.javac()
                .withProcessors(new TracepointProcessor(), observer)
                .compile(
                        source("p.Good", "package p;", IMPORTS, "@TraceProvider(\"good\") @Stable", "public interface Good {",
                                "    @Tracepoint(id = 1) void ok();", "}"),
                        source("p.Bad", "package p;", IMPORTS, "@TraceProvider(\"bad\")", "public interface Bad {",
                                "    @Tracepoint(id = 1) void unstated();", "}"));
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(1);
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Map.of("p.WaymarkGood", true, "p.WaymarkBad", false), observer.seen);
    }
}
