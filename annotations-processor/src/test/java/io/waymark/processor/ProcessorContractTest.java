package io.waymark.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static io.waymark.processor.Compilations.generatedSource;
import static io.waymark.processor.Compilations.goodFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.squareup.javapoet.JavaFile;
import io.waymark.TraceProvider;
import io.waymark.processor.internal.OptionsProcessor;
import io.waymark.spi.probe.ProbeRegistry;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import javax.annotation.processing.Processor;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the processor presents itself to compilers and build tools. */
class ProcessorContractTest {

    @Test
    void supportsTheLatestSourceVersionAndTheProviderAnnotation() {
        TracepointProcessor processor = new TracepointProcessor();

        assertEquals(SourceVersion.latestSupported(), processor.getSupportedSourceVersion());
        assertTrue(processor.getSupportedAnnotationTypes().contains(TraceProvider.class.getName()));
        // never "*": it would run in every build and, returning true, claim every annotation from other processors
        assertFalse(processor.getSupportedAnnotationTypes().contains("*"));
    }

    @Test
    void javacFindsItAsAService() {
        List<Class<?>> processors = new ArrayList<>();
        for (Processor processor : ServiceLoader.load(Processor.class, getClass().getClassLoader())) {
            processors.add(processor.getClass());
        }
        assertTrue(processors.contains(TracepointProcessor.class), processors.toString());
        assertTrue(processors.contains(OptionsProcessor.class), processors.toString());
    }

    @Test
    void gradleKnowsItAsIsolating() throws IOException {
        List<String> declarations = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader()
                .getResources("META-INF/gradle/incremental.annotation.processors"))) {
            try (InputStream in = url.openStream()) {
                declarations.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
            }
        }
        assertTrue(declarations.contains("io.waymark.processor.TracepointProcessor,isolating"), declarations.toString());
        assertTrue(declarations.contains("io.waymark.processor.internal.OptionsProcessor,isolating"), declarations.toString());
    }

    @Test
    void runsWithoutTheApiOnItsOwnClassPath() throws Exception {
        // As in a modular build's test compile: the API on the module path, the processor on the class path.
        URL[] processorPath = {
                TracepointProcessor.class.getProtectionDomain().getCodeSource().getLocation(),
                JavaFile.class.getProtectionDomain().getCodeSource().getLocation(),
                com.fasterxml.jackson.core.JsonFactory.class.getProtectionDomain().getCodeSource().getLocation()};
        try (URLClassLoader loader = new URLClassLoader(processorPath, ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass(TraceProvider.class.getName()));
            Processor processor = (Processor) loader.loadClass(TracepointProcessor.class.getName())
                    .getConstructor().newInstance();

            Compilation compilation = javac().withProcessors(processor).compile(goodFixture("OrderEvents"));

            assertThat(compilation).succeededWithoutWarnings();
            assertThat(compilation).generatedSourceFile("com.acme.WaymarkOrderEvents")
                    .contentsAsUtf8String().contains("ORDER_PLACED_ON.invokeExact()");
        }
    }

    @Test
    void eachGeneratedFileHasItsProviderInterfaceAsItsOnlyOriginatingElement() {
        RecordingProcessor processor = new RecordingProcessor();
        Compilation compilation = javac().withProcessors(processor).compile(goodFixture("Outer"), goodFixture("OrderEvents"));

        assertThat(compilation).succeededWithoutWarnings();
        assertEquals(List.of("nested.WaymarkOuter_Inner", "nested.WaymarkOuter_Middle_Deep", "com.acme.WaymarkOrderEvents"),
                processor.createdSources());
        assertEquals("nested.Outer.Inner", qualifiedName(processor.originatingElements("nested.WaymarkOuter_Inner")));
        assertEquals("nested.Outer.Middle.Deep", qualifiedName(processor.originatingElements("nested.WaymarkOuter_Middle_Deep")));
        assertEquals("com.acme.OrderEvents", qualifiedName(processor.originatingElements("com.acme.WaymarkOrderEvents")));
    }

    private static String qualifiedName(List<Element> originatingElements) {
        assertEquals(1, originatingElements.size(), originatingElements.toString());
        return ((TypeElement) originatingElements.get(0)).getQualifiedName().toString();
    }

    // ---- @Generated, which lives in module java.compiler

    @Test
    void classPathCodeIsAnnotatedGenerated() {
        Compilation compilation = javac().withProcessors(new TracepointProcessor()).compile(goodFixture("OrderEvents"));

        assertThat(compilation).succeededWithoutWarnings();
        assertTrue(generatedSource(compilation, "com.acme.WaymarkOrderEvents")
                .contains("\n@Generated(\"io.waymark.processor.TracepointProcessor\")\n"));
    }

    @Test
    void aModuleThatDoesNotReadJavaCompilerGetsItsImplementationWithoutGenerated(@TempDir Path dir) throws Exception {
        String declaration = "module app { requires io.waymark.spi; }";
        String alone = generatedInModule(dir.resolve("alone"), declaration);
        // java.compiler in the module graph, as another module may bring it, but still not read by app
        String inGraph = generatedInModule(dir.resolve("graph"), declaration, "--add-modules", "java.compiler");

        for (String source : List.of(alone, inGraph)) {
            assertFalse(source.contains("Generated"), source);
            assertTrue(source.contains("public final class WaymarkAppEvents implements AppEvents {"), source);
        }
    }

    @Test
    void aModuleThatReadsJavaCompilerGetsGenerated(@TempDir Path dir) throws Exception {
        String direct = generatedInModule(dir.resolve("direct"),
                "module app { requires io.waymark.spi; requires static java.compiler; }");
        // java.se requires transitive java.compiler
        String implied = generatedInModule(dir.resolve("implied"), "module app { requires io.waymark.spi; requires java.se; }");

        assertTrue(direct.contains("\n@Generated(\"io.waymark.processor.TracepointProcessor\")\n"), direct);
        assertTrue(implied.contains("\n@Generated(\"io.waymark.processor.TracepointProcessor\")\n"), implied);
    }

    /**
     * Compiles a provider in a named module, with api and spi on the module path, and returns its
     * implementation. Straight through javax.tools: compile-testing's in-memory file manager answers every
     * module's "module-info" lookup with the one source module-info, which javac rejects.
     */
    private static String generatedInModule(Path dir, String moduleDeclaration, String... options) throws Exception {
        Path sources = Files.createDirectories(dir.resolve("src/app"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path generated = Files.createDirectories(dir.resolve("generated"));
        Files.writeString(sources.resolve("module-info.java"), moduleDeclaration);
        Files.writeString(sources.resolve("AppEvents.java"), String.join("\n",
                "package app;",
                "import io.waymark.*;",
                "@TraceProvider(\"test.module\") @Stable",
                "public interface AppEvents {",
                "    @Tracepoint(id = 1) void started(String name);",
                "}"));
        String modulePath = location(TraceProvider.class) + File.pathSeparator + location(ProbeRegistry.class);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<String> arguments = new ArrayList<>(List.of(options));
            arguments.addAll(List.of("-Xlint:all", "--module-path", modulePath, "-d", classes.toString(),
                    "-s", generated.toString()));
            JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics, arguments, null, files.getJavaFileObjects(sources.resolve("module-info.java"), sources.resolve("AppEvents.java")));
            task.setProcessors(List.of(new TracepointProcessor()));
            boolean compiled = task.call();
            assertTrue(compiled && diagnostics.getDiagnostics().isEmpty(), diagnostics.getDiagnostics().toString());
        }
        assertTrue(Files.exists(classes.resolve("app/WaymarkAppEvents.class")));
        return Files.readString(generated.resolve("app/WaymarkAppEvents.java"));
    }

    /** The jar or directory a class was loaded from: api and spi are modules with descriptors. */
    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
