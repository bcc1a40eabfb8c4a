package io.waymark.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static io.waymark.processor.Compilations.compile;
import static io.waymark.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * At least one test per declaration rule, numbered as in the processor's validators. Each fixture breaks
 * exactly one rule: the build fails with one error, which says what is wrong and how to fix it, on the
 * offending type, method, parameter or annotation value (line, and column where the error points inside
 * the line). Fixtures start with "package p;" on line 1 and the import on line 2.
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

    // ---- rule 1: a provider is an interface

    @DisplayName("rule 1: @TraceProvider on a class, enum, record or annotation type")
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

    // ---- rule 2: the provider name

    @DisplayName("rule 2: malformed provider names, on the annotation value")
    @ParameterizedTest
    @ValueSource(strings = {"", "1shop", "shop orders", "shop:orders", ".shop", "_shop", "-shop", "café"})
    void theProviderNameIsWellFormed(String name) {
        assertOneError(source("p.BadName", PACKAGE, IMPORTS,
                "@TraceProvider(\"" + name + "\") @Stable",
                "public interface BadName {}"),
                "provider name '" + name + "' is invalid: start with a letter and use only letters, digits, '_', '-' "
                        + "and '.' (for example \"shop.orders\")", 3, 16);
    }

    // ---- rule 3: every abstract method is a tracepoint or a check, not both

    @DisplayName("rule 3: an abstract method with neither annotation")
    @Test
    void everyAbstractMethodIsATracepointOrACheck() {
        assertOneError(source("p.Plain", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Plain {",
                "    @Tracepoint(id = 1) void fine();",
                "    void forgotten(int n);",
                "}"),
                "method forgotten of provider Plain is neither @Tracepoint nor @IsEnabled; "
                        + "annotate it with one of them, or give it a default implementation", 6);
    }

    @DisplayName("rule 3: a method with both annotations")
    @Test
    void aMethodIsNotBothATracepointAndACheck() {
        assertOneError(source("p.Both", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Both {",
                "    @Tracepoint(id = 1) @IsEnabled(\"both\")",
                "    void both();",
                "}"),
                "method both is both @Tracepoint and @IsEnabled; a method is one or the other: keep one annotation "
                        + "and declare the other as a method of its own", 6);
    }

    @DisplayName("rule 3: the annotations on default and static methods, where they would do nothing")
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

    @DisplayName("rule 3: @Tracepoint in an interface that is not a provider")
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

    // ---- rule 4: void

    @DisplayName("rule 4: a tracepoint with a non-void return type")
    @Test
    void aTracepointReturnsVoid() {
        assertOneError(source("p.Returns", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Returns {",
                "    @Tracepoint(id = 1)",
                "    int counted(int n);",
                "}"),
                "tracepoint counted has a non-void return type int; a tracepoint returns nothing: declare it void", 6);
    }

    // ---- rule 5: not generic

    @DisplayName("rule 5: a generic tracepoint")
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

    // ---- rule 6: no overloads

    @DisplayName("rule 6: overloads, reported on each later one")
    @Test
    void everyLaterOverloadIsReportedAndTheFirstIsNot() {
        JavaFileObject file = source("p.Overloads", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Overloads {",
                "    @Tracepoint(id = 1)",
                "    void placed(long id);",
                "    @Tracepoint(id = 2)",
                "    void placed(long id, int quantity);",
                "    @IsEnabled(\"placed\")",
                "    boolean placed();",
                "}");
        Compilation compilation = compile(file);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("method placed overloads placed(long), declared before it; each method "
                + "of a provider needs a name of its own: rename this one").inFile(file).onLine(8);
        assertThat(compilation).hadErrorContaining("method placed overloads placed(long), declared before it")
                .inFile(file).onLine(10);
    }

    // ---- rule 7: field types

    @DisplayName("rule 7: an unsupported parameter type, on the parameter, listing the allowed types")
    @Test
    void anUnsupportedParameterTypeIsReportedOnTheParameterWithTheAllowedTypes() {
        assertOneError(source("p.Types", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Types {",
                "    @Tracepoint(id = 1)",
                "    void placed(long id, java.util.List<String> items);",
                "}"),
                "parameter 'items' has type java.util.List<java.lang.String>, which is not a tracepoint field type; "
                        + "use one of boolean, byte, short, char, int, long, float, double, String, an enum, or byte[] "
                        + "(extract the values you need into separate parameters)", 6, 49);
    }

    @DisplayName("rule 7: boxed, Object, arrays other than byte[], varargs other than byte...")
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Integer       | java.lang.Integer",
            "Object        | java.lang.Object",
            "int[]         | int[]",
            "int...        | int[]",
            "String[]      | java.lang.String[]",
            "byte[][]      | byte[][]",
            "Byte[]        | java.lang.Byte[]",
            "CharSequence  | java.lang.CharSequence",
            "Level[]       | io.waymark.Level[]"})
    void everyOtherParameterTypeIsRejectedByName(String declared, String reported) {
        assertOneError(source("p.Types", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Types {",
                "    @Tracepoint(id = 1)",
                "    void placed(" + declared + " value);",
                "}"),
                "parameter 'value' has type " + reported + ", which is not a tracepoint field type", 6);
    }

    @DisplayName("rule 7: an enum the generated class cannot access")
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
                "parameter 'step' has type p.Checkout.Step, which the generated WaymarkCheckout_Events cannot access "
                        + "because Step is private; make it package-private or public", 8, 27);
    }

    // ---- rule 8: event ids

    @DisplayName("rule 8: an event id outside 0..65535, on the id")
    @ParameterizedTest
    @ValueSource(ints = {-1, 65536, 70000, Integer.MIN_VALUE})
    void theEventIdIsInRange(int id) {
        assertOneError(source("p.Range", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Range {",
                "    @Tracepoint(id = " + id + ")",
                "    void big();",
                "}"),
                "event id " + id + " of tracepoint big is outside 0..65535; choose an id in that range", 5, 22);
    }

    @DisplayName("rule 8: a duplicate id, on the later tracepoint, naming the other")
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
                "event id 1 of tracepoint second is already used by tracepoint first; event ids are unique within a "
                        + "provider: choose an unused id", 7, 22);
    }

    // ---- rule 9: event names

    @DisplayName("rule 9: a malformed explicit event name, on the name")
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

    @DisplayName("rule 9: a method name that is no valid event name")
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

    @DisplayName("rule 9: a duplicate event name, on the later tracepoint, naming the other")
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
                "event name 'placed' of tracepoint placedAgain is already used by tracepoint placed; event names are "
                        + "unique within a provider: set another name with @Tracepoint(name = ...)", 7, 32);
    }

    // ---- rule 10: stability

    @DisplayName("rule 10: no stability on the tracepoint nor on the provider")
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
                "tracepoint undeclared declares no stability; declare @Stable if consumers may rely on its name, id and "
                        + "fields, or @Unstable if it is a debug tracepoint that may change, on the method or on the "
                        + "provider", 8);
    }

    @DisplayName("rule 10: @Stable and @Unstable on one tracepoint")
    @Test
    void aTracepointIsNotBothStableAndUnstable() {
        assertOneError(source("p.Conflict", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Conflict {",
                "    @Tracepoint(id = 1) @Stable @Unstable",
                "    void placed();",
                "}"),
                "tracepoint placed is annotated both @Stable and @Unstable; keep the one that holds", 6);
    }

    @DisplayName("rule 10: @Stable and @Unstable on the provider, reported once")
    @Test
    void aProviderIsNotBothStableAndUnstable() {
        assertOneError(source("p.ConflictingDefault", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable @Unstable",
                "public interface ConflictingDefault {",
                "    @Tracepoint(id = 1) @Stable",
                "    void placed();",
                "    @Tracepoint(id = 2)",
                "    void inherits();",
                "}"),
                "provider ConflictingDefault is annotated both @Stable and @Unstable; "
                        + "keep the one that states its tracepoints' default", 4);
    }

    // ---- rule 11: @IsEnabled

    @DisplayName("rule 11: a check with parameters")
    @Test
    void aCheckHasNoParameters() {
        assertOneError(source("p.CheckParameters", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface CheckParameters {",
                "    @Tracepoint(id = 1) void placed(long id);",
                "    @IsEnabled(\"placed\")",
                "    boolean placedEnabled(long id);",
                "}"),
                "@IsEnabled method placedEnabled has parameters; a check depends on nothing but its tracepoint's switch: "
                        + "declare it as 'boolean placedEnabled()'", 7);
    }

    @DisplayName("rule 11: a check that does not return boolean")
    @Test
    void aCheckReturnsBoolean() {
        assertOneError(source("p.CheckReturn", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface CheckReturn {",
                "    @Tracepoint(id = 1) void placed(long id);",
                "    @IsEnabled(\"placed\")",
                "    Boolean placedEnabled();",
                "}"),
                "@IsEnabled method placedEnabled returns java.lang.Boolean; a check answers on or off: "
                        + "declare it as 'boolean placedEnabled()'", 7);
    }

    @DisplayName("rule 11: a generic check")
    @Test
    void aCheckIsNotGeneric() {
        assertOneError(source("p.CheckGeneric", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface CheckGeneric {",
                "    @Tracepoint(id = 1) void placed(long id);",
                "    @IsEnabled(\"placed\")",
                "    <T> boolean placedEnabled();",
                "}"),
                "@IsEnabled method placedEnabled is generic; declare it as 'boolean placedEnabled()', without type "
                        + "parameters", 7);
    }

    @DisplayName("rule 11: a check naming no tracepoint method, on the value")
    @Test
    void aCheckNamesATracepointMethodOfItsProvider() {
        assertOneError(source("p.Unknown", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Unknown {",
                "    @Tracepoint(id = 1) void placed();",
                "    @Tracepoint(id = 2) void sent();",
                "    @IsEnabled(\"shiped\")",
                "    boolean shippedEnabled();",
                "}"),
                "@IsEnabled(\"shiped\") names no @Tracepoint method of Unknown; use the method name of one of its "
                        + "tracepoints [placed, sent]", 7, 16);
    }

    @DisplayName("rule 11: a check naming an event instead of its method")
    @Test
    void aCheckNamingAnEventNameIsToldToUseTheMethodName() {
        assertOneError(source("p.ByEvent", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface ByEvent {",
                "    @Tracepoint(id = 1, name = \"shipped\") void sent();",
                "    @IsEnabled(\"shipped\")",
                "    boolean shippedEnabled();",
                "}"),
                "@IsEnabled(\"shipped\") names no @Tracepoint method of ByEvent; \"shipped\" is the event name of sent, "
                        + "but @IsEnabled takes the method name: write @IsEnabled(\"sent\")", 6, 16);
    }

    // ---- rule 12: the provider's declaration. (A local interface is never shown to processors by javac,
    // so that part of the rule cannot be exercised here; Waymark.provider reports it at run time.)

    @DisplayName("rule 12: a generic provider")
    @Test
    void aProviderIsNotGeneric() {
        assertOneError(source("p.Generic", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Generic<T> {}"),
                "@TraceProvider Generic must not be generic; remove its type parameters "
                        + "(tracepoint fields have concrete types)", 4);
    }

    @DisplayName("rule 12: a provider that extends other interfaces")
    @Test
    void aProviderExtendsNoOtherInterface() {
        assertOneError(source("p.Extending", PACKAGE, IMPORTS,
                "@TraceProvider(\"x\") @Stable",
                "public interface Extending extends Runnable, AutoCloseable {}"),
                "@TraceProvider Extending extends java.lang.Runnable, java.lang.AutoCloseable; "
                        + "a provider must not extend other interfaces: declare all its tracepoints in it", 4);
    }

    @DisplayName("rule 12: a private member provider")
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

    @DisplayName("rule 12: a provider inside a private class")
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

    @DisplayName("rule 12: a sealed provider")
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

    // ---- several errors, several providers

    @DisplayName("three different errors of one provider, all in one build, and nothing generated")
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
        assertThat(compilation).hadErrorContaining("tracepoint returns has a non-void return type int")
                .inFile(file).onLine(6);
        assertThat(compilation).hadErrorContaining("parameter 'o' has type java.lang.Object, which is not a tracepoint "
                + "field type").inFile(file).onLine(8).atColumn(23);
        assertThat(compilation).hadErrorContaining("tracepoint unstated declares no stability").inFile(file).onLine(10);
        assertEquals(List.of(), processor.createdSources());
    }

    @DisplayName("errors of the declaration and of its methods, together")
    @Test
    void declarationAndMethodErrorsAreReportedTogether() {
        JavaFileObject file = source("p.Everything", PACKAGE, IMPORTS,
                "@TraceProvider(\"bad name\") @Stable",
                "public interface Everything extends Runnable {",
                "    @Tracepoint(id = 70000)",
                "    void big();",
                "}");
        Compilation compilation = compile(file);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(3);
        assertThat(compilation).hadErrorContaining("a provider must not extend other interfaces").inFile(file).onLine(4);
        assertThat(compilation).hadErrorContaining("provider name 'bad name' is invalid").inFile(file).onLine(3);
        assertThat(compilation).hadErrorContaining("event id 70000 of tracepoint big is outside 0..65535")
                .inFile(file).onLine(5);
    }

    @DisplayName("an invalid provider gets nothing, a valid one in the same build does")
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
