package io.waymark.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static io.waymark.processor.Compilations.compile;
import static io.waymark.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per declaration rule. Each fixture breaks exactly one rule: the build fails with one error,
 * which says what is wrong and how to fix it, on the offending type, method, parameter or annotation
 * value. Fixtures start with "package p;" on line 1 and the import on line 2.
 */
class ValidationTest {

    private static final String PACKAGE = "package p;";
    private static final String IMPORTS = "import io.waymark.*;";

    /** Compiles {@code file} and asserts exactly one error, containing {@code message}, on {@code line}. */
    private static void assertOneError(JavaFileObject file, String message, int line) {
        Compilation compilation = compile(file);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(message).inFile(file).onLine(line);
    }

    /** As {@link #assertOneError(JavaFileObject, String, int)}, at {@code column} (1-based) too. */
    private static void assertOneError(JavaFileObject file, String message, int line, int column) {
        Compilation compilation = compile(file);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(message).inFile(file).onLine(line).atColumn(column);
    }

    // ---- the provider declaration

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "class Provider {}            | a class",
            "enum Provider { A }          | an enum",
            "record Provider() {}         | a record",
            "@interface Provider {}       | an annotation type"})
    void aProviderIsAnInterface(String declaration, String kind) {
        assertOneError(source("p.Provider", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public " + declaration),
                "@TraceProvider Provider is " + kind + ", not an interface; "
                        + "declare the provider as an interface whose methods are the tracepoints", 4);
    }

    @Test
    void aProviderIsNotGeneric() {
        assertOneError(source("p.Generic", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Generic<T> {}"),
                "@TraceProvider Generic must not be generic; remove its type parameters "
                        + "(tracepoint fields have concrete types)", 4);
    }

    @Test
    void aProviderExtendsNoOtherInterface() {
        assertOneError(source("p.Extending", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Extending extends Runnable, AutoCloseable {}"),
                "@TraceProvider Extending extends java.lang.Runnable, java.lang.AutoCloseable; "
                        + "a provider must not extend other interfaces: declare all its tracepoints in it", 4);
    }

    @Test
    void aNestedProviderIsNotPrivate() {
        assertOneError(source("p.Holder", PACKAGE, IMPORTS,
                "public class Holder {",
                "    @TraceProvider(\"x\") @Stable",
                "    private interface Secret {}",
                "}"),
                "@TraceProvider Secret is not visible to its package because Secret is private; "
                        + "make it package-private or public", 5);
    }

    @Test
    void aNestedProviderIsNotInsideAPrivateClass() {
        assertOneError(source("p.Holder", PACKAGE, IMPORTS,
                "public class Holder {",
                "    private static class Hidden {",
                "        @TraceProvider(\"x\") @Stable",
                "        interface Events {}",
                "    }",
                "}"),
                "@TraceProvider Events is not visible to its package because Hidden is private; "
                        + "make it package-private or public", 6);
    }

    @Test
    void aProviderIsNotSealed() {
        assertOneError(source("p.Closed", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public sealed interface Closed permits Closed.Only {",
                "    final class Only implements Closed {}",
                "}"),
                "@TraceProvider Closed is sealed, which forbids its generated implementation; "
                        + "remove 'sealed' and the permits clause", 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1shop", "shop orders", "shop:orders", ".shop", "_shop", "café"})
    void theProviderNameIsWellFormed(String name) {
        assertOneError(source("p.BadName", PACKAGE, IMPORTS,
                "@TraceProvider(\"" + name + "\") @Stable",
                "public interface BadName {}"),
                "provider name '" + name + "' is invalid: start with a letter and use only letters, digits, '_', '-' "
                        + "and '.' (for example \"shop.orders\")", 3, 16);
    }

    // ---- the methods

    @Test
    void everyAbstractMethodIsATracepointOrACheck() {
        assertOneError(source("p.Plain", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Plain {",
                "    void forgotten(int n);",
                "}"),
                "method forgotten of provider Plain is neither @Tracepoint nor @IsEnabled; "
                        + "annotate it, or give it a default implementation", 5);
    }

    @Test
    void aMethodIsNotBothATracepointAndACheck() {
        assertOneError(source("p.Both", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Both {",
                "    @Tracepoint(id = 1) @IsEnabled(\"both\")",
                "    void both();",
                "}"),
                "method both is both @Tracepoint and @IsEnabled; a method is one or the other: split it in two", 6);
    }

    @Test
    void aTracepointOrCheckWithABodyIsReportedRatherThanIgnored() {
        assertOneError(source("p.WithBody", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface WithBody {",
                "    @Tracepoint(id = 1)",
                "    default void placed() {}",
                "}"),
                "@Tracepoint method placed is a default method, which the processor does not implement, so the "
                        + "annotation has no effect; declare the method abstract (without a body) or remove @Tracepoint", 6);
        assertOneError(source("p.StaticCheck", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface StaticCheck {",
                "    @Tracepoint(id = 1) void placed();",
                "    @IsEnabled(\"placed\")",
                "    static boolean placedEnabled() { return true; }",
                "}"),
                "@IsEnabled method placedEnabled is a static method, which the processor does not implement, so the "
                        + "annotation has no effect; declare the method abstract (without a body) or remove @IsEnabled", 7);
    }

    @Test
    void aTracepointOutsideAProviderIsReportedRatherThanIgnored() {
        assertOneError(source("p.Forgot", PACKAGE, IMPORTS,
                "public interface Forgot {",
                "    @Tracepoint(id = 1) @Stable",
                "    void placed();",
                "}"),
                "@Tracepoint method placed is in Forgot, which is not annotated @TraceProvider, so nothing implements it; "
                        + "annotate Forgot with @TraceProvider(\"<provider name>\") or remove @Tracepoint", 5);
    }

    @Test
    void aTracepointReturnsVoid() {
        assertOneError(source("p.Returns", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Returns {",
                "    @Tracepoint(id = 1)",
                "    int counted(int n);",
                "}"),
                "tracepoint counted returns int; a tracepoint returns nothing: declare it void", 6);
    }

    @Test
    void aTracepointIsNotGeneric() {
        assertOneError(source("p.GenericMethod", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface GenericMethod {",
                "    @Tracepoint(id = 1)",
                "    <T extends Enum<T>> void changed(T value);",
                "}"),
                "tracepoint changed is generic; remove its type parameters and give each parameter a concrete field type", 6);
    }

    @Test
    void anOverloadIsReportedOnTheLaterMethodOnly() {
        assertOneError(source("p.Overloads", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Overloads {",
                "    @Tracepoint(id = 1)",
                "    void placed(long id);",
                "    @Tracepoint(id = 2)",
                "    void placed(long id, int quantity);",
                "}"),
                "method placed is overloaded; each tracepoint needs a method name of its own: rename this one", 8);
    }

    // ---- the fields

    @Test
    void anUnsupportedParameterTypeIsReportedOnTheParameterWithTheAllowedTypes() {
        assertOneError(source("p.Types", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Types {",
                "    @Tracepoint(id = 1)",
                "    void placed(long id, java.util.List<String> items);",
                "}"),
                "parameter 'items' of tracepoint placed has type java.util.List<java.lang.String>, which is not a "
                        + "tracepoint field type; use boolean, byte, short, char, int, long, float, double, String, an enum, "
                        + "or byte[] (extract the values you need into separate parameters)", 6, 49);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Integer       | java.lang.Integer",
            "Object        | java.lang.Object",
            "int[]         | int[]",
            "int...        | int[]",
            "String[]      | java.lang.String[]",
            "byte[][]      | byte[][]",
            "CharSequence  | java.lang.CharSequence",
            "Level[]       | io.waymark.Level[]"})
    void everyOtherParameterTypeIsRejectedByName(String declared, String reported) {
        assertOneError(source("p.Types", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Types {",
                "    @Tracepoint(id = 1)",
                "    void placed(" + declared + " value);",
                "}"),
                "parameter 'value' of tracepoint placed has type " + reported + ", which is not a tracepoint field type", 6);
    }

    @Test
    void anEnumFieldTypeIsVisibleToTheGeneratedImplementation() {
        assertOneError(source("p.Checkout", PACKAGE, IMPORTS,
                "public class Checkout {",
                "    private enum Step { CART, PAYMENT }",
                "    @TraceProvider(\"x\") @Stable",
                "    interface Events {",
                "        @Tracepoint(id = 1)",
                "        void reached(Step step);",
                "    }",
                "}"),
                "parameter 'step' of tracepoint reached has type p.Checkout.Step, which the generated "
                        + "WaymarkCheckout_Events cannot access because Step is private; make it package-private or public",
                8, 27);
    }

    // ---- ids and names

    @ParameterizedTest
    @ValueSource(ints = {-1, 65536, 70000})
    void theEventIdIsInRange(int id) {
        assertOneError(source("p.Range", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Range {",
                "    @Tracepoint(id = " + id + ")",
                "    void big();",
                "}"),
                "event id " + id + " of tracepoint big is outside 0..65535; choose an id in that range", 5, 22);
    }

    @Test
    void aDuplicateIdIsReportedOnTheLaterTracepointNamingTheFirst() {
        assertOneError(source("p.DuplicateId", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface DuplicateId {",
                "    @Tracepoint(id = 1)",
                "    void first();",
                "    @Tracepoint(id = 1)",
                "    void second();",
                "}"),
                "event id 1 of tracepoint second is already used by first; event ids are unique within a provider: "
                        + "choose an unused id", 7, 22);
    }

    @Test
    void anExplicitEventNameIsWellFormed() {
        assertOneError(source("p.EventName", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface EventName {",
                "    @Tracepoint(id = 1, name = \"order-placed\")",
                "    void placed();",
                "}"),
                "event name 'order-placed' of tracepoint placed is invalid: start with a letter or '_' and use only "
                        + "ASCII letters, digits and '_'", 5, 32);
    }

    @Test
    void aMethodNameThatIsNoValidEventNameAsksForAnExplicitName() {
        assertOneError(source("p.MethodName", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface MethodName {",
                "    @Tracepoint(id = 1)",
                "    void placed$now();",
                "}"),
                "event name 'placed$now', the name of method placed$now, is invalid: event names start with a letter "
                        + "or '_' and use only ASCII letters, digits and '_'; set a valid one with @Tracepoint(name = ...)", 6);
    }

    @Test
    void anExplicitNameThatClashesWithAnotherMethodsNameIsReportedOnTheLaterTracepoint() {
        assertOneError(source("p.DuplicateName", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface DuplicateName {",
                "    @Tracepoint(id = 1)",
                "    void placed();",
                "    @Tracepoint(id = 2, name = \"placed\")",
                "    void placedAgain();",
                "}"),
                "event name 'placed' of tracepoint placedAgain is already used by placed; event names are unique within "
                        + "a provider: set another name with @Tracepoint(name = ...)", 7, 32);
    }

    // ---- stability

    @Test
    void everyTracepointDeclaresItsStabilityOrInheritsTheProviders() {
        assertOneError(source("p.NoStability", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\")",
                "public interface NoStability {",
                "    @Tracepoint(id = 1) @Stable",
                "    void declared();",
                "    @Tracepoint(id = 2)",
                "    void undeclared();",
                "}"),
                "tracepoint undeclared declares no stability; annotate it (or the provider) @Stable if consumers may "
                        + "rely on its name and fields, or @Unstable if it is a debug tracepoint that may change", 8);
    }

    @Test
    void aTracepointIsNotBothStableAndUnstable() {
        assertOneError(source("p.Conflict", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Conflict {",
                "    @Tracepoint(id = 1) @Stable @Unstable",
                "    void placed();",
                "}"),
                "tracepoint placed is annotated both @Stable and @Unstable; keep one", 6);
    }

    @Test
    void aProviderIsNotBothStableAndUnstable() {
        assertOneError(source("p.ConflictingDefault", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable @Unstable",
                "public interface ConflictingDefault {",
                "    @Tracepoint(id = 1) @Stable",
                "    void placed();",
                "}"),
                "provider ConflictingDefault is annotated both @Stable and @Unstable; "
                        + "keep the one that states its tracepoints' default", 4);
    }

    // ---- @IsEnabled

    @Test
    void aCheckHasNoParameters() {
        assertOneError(source("p.CheckParameters", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface CheckParameters {",
                "    @Tracepoint(id = 1) void placed(long id);",
                "    @IsEnabled(\"placed\")",
                "    boolean placedEnabled(long id);",
                "}"),
                "@IsEnabled method placedEnabled must be declared as 'boolean placedEnabled()': "
                        + "no parameters, no type parameters", 7);
    }

    @Test
    void aCheckReturnsBoolean() {
        assertOneError(source("p.CheckReturn", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface CheckReturn {",
                "    @Tracepoint(id = 1) void placed(long id);",
                "    @IsEnabled(\"placed\")",
                "    Boolean placedEnabled();",
                "}"),
                "@IsEnabled method placedEnabled must be declared as 'boolean placedEnabled()'", 7);
    }

    @Test
    void aCheckNamesATracepointMethodOfItsProvider() {
        assertOneError(source("p.Unknown", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Unknown {",
                "    @Tracepoint(id = 1) void placed();",
                "    @Tracepoint(id = 2, name = \"shipped\") void sent();",
                "    @IsEnabled(\"shipped\")",
                "    boolean shippedEnabled();",
                "}"),
                "@IsEnabled(\"shipped\") names no @Tracepoint method of Unknown; use the method name of one of its "
                        + "tracepoints [placed, sent]", 7, 16);
    }

    // ---- several errors, several providers

    @Test
    void allErrorsOfAProviderAreReportedInOneBuildAndNoSourceIsGenerated() {
        JavaFileObject file = source("p.Many", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\")",
                "public interface Many {",
                "    @Tracepoint(id = 1) @Stable",
                "    int returns();",
                "    @Tracepoint(id = 2) @Stable",
                "    void typed(Object o);",
                "    @Tracepoint(id = 3)",
                "    void unstated();",
                "}");
        RecordingProcessor processor = new RecordingProcessor();
        Compilation compilation = javac().withProcessors(processor).compile(file);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(3);
        assertThat(compilation).hadErrorContaining("tracepoint returns returns int").inFile(file).onLine(6);
        assertThat(compilation).hadErrorContaining("parameter 'o' of tracepoint typed has type java.lang.Object")
                .inFile(file).onLine(8).atColumn(23);
        assertThat(compilation).hadErrorContaining("tracepoint unstated declares no stability").inFile(file).onLine(10);
        assertEquals(List.of(), processor.createdSources());
    }

    @Test
    void anInvalidProviderGetsNoImplementationWhileAValidOneInTheSameBuildDoes() {
        JavaFileObject bad = source("p.Bad", PACKAGE, IMPORTS,
                "@TraceProvider(\"bad\")",
                "public interface Bad {",
                "    @Tracepoint(id = 1) void unstated();",
                "}");
        RecordingProcessor processor = new RecordingProcessor();
        Compilation compilation = javac().withProcessors(processor).compile(bad,
                source("p.Good", PACKAGE, IMPORTS,
                        "@TraceProvider(\"good\") @Stable",
                        "public interface Good {",
                        "    @Tracepoint(id = 1) void fine();",
                        "}"));

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("tracepoint unstated declares no stability").inFile(bad).onLine(5);
        assertEquals(List.of("p.WaymarkGood"), processor.createdSources());
    }
}
