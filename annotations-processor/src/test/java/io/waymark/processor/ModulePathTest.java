package io.waymark.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.waymark.processor.Compilations.compile;
import static io.waymark.processor.Compilations.generatedSource;
import static io.waymark.processor.Compilations.goodFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.waymark.TraceProvider;
import io.waymark.spi.probe.ProbeRegistry;
import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Providers of an application with module-info.java: compiled with api and spi on the module path, and run in a
 * module layer of their own (api and spi included, not the test's class path copies), as {@code java --module-path}
 * runs them. {@code Waymark.provider} reads the generated {@code INSTANCE} reflectively from module
 * io.waymark.api; the module need not export (or open) the provider's package to it.
 */
class ModulePathTest {

    @TempDir
    Path dir;

    @DisplayName("module path: a public provider in a package the module does not export is usable")
    @Test
    void aProviderInAnUnexportedPackageIsUsable() throws Exception {
        Path classes = compileModule(Map.of(
                "module-info.java", "module app { requires io.waymark.spi; exports app.run; }",
                "app/events/ShopEvents.java", """
                        package app.events;
                        import io.waymark.*;
                        @TraceProvider("shop") @Stable
                        public interface ShopEvents { @Tracepoint(id = 1) void placed(long id); }
                        """,
                "app/run/Main.java", """
                        package app.run;
                        import app.events.ShopEvents;
                        import io.waymark.Waymark;
                        public final class Main {
                            private Main() {}
                            public static String run() {
                                ShopEvents events = Waymark.provider(ShopEvents.class);
                                events.placed(42);
                                return events.getClass().getName();
                            }
                        }
                        """));

        assertTrue(generated(classes, "app/events/WaymarkShopEvents.java")
                .contains("WaymarkShopEvents.class.getModule().addExports(\"app.events\", Waymark.class.getModule());"));
        assertEquals("app.events.WaymarkShopEvents", run(classes, "app.run.Main"));
    }

    @DisplayName("module path: a package-private provider in an exported, not open, package is usable")
    @Test
    void aPackagePrivateProviderInAPackageThatIsNotOpenIsUsable() throws Exception {
        // The generated class is package-private too: Waymark.provider needs setAccessible, so the package open.
        Path classes = compileModule(Map.of(
                "module-info.java", "module app { requires io.waymark.spi; exports app.events; }",
                "app/events/ShopEvents.java", """
                        package app.events;
                        import io.waymark.*;
                        @TraceProvider("shop") @Stable
                        interface ShopEvents { @Tracepoint(id = 1) void placed(long id); }
                        """,
                "app/events/Main.java", """
                        package app.events;
                        import io.waymark.Waymark;
                        public final class Main {
                            private Main() {}
                            public static String run() {
                                ShopEvents events = Waymark.provider(ShopEvents.class);
                                events.placed(42);
                                return events.getClass().getName();
                            }
                        }
                        """));

        assertTrue(generated(classes, "app/events/WaymarkShopEvents.java")
                .contains("WaymarkShopEvents.class.getModule().addOpens(\"app.events\", Waymark.class.getModule());"));
        assertEquals("app.events.WaymarkShopEvents", run(classes, "app.events.Main"));
    }

    @DisplayName("class path: the implementation grants nothing, the unnamed module exports every package")
    @Test
    void aClassPathProviderGrantsNothing() {
        Compilation compilation = compile(goodFixture("OrderEvents"));
        assertThat(compilation).succeededWithoutWarnings();
        assertFalse(generatedSource(compilation, "com.acme.WaymarkOrderEvents").contains("getModule()"));
    }

    /** Compiles the module's sources with the processor and {@code -Xlint:all}, expecting no diagnostic at all. */
    private Path compileModule(Map<String, String> sources) throws Exception {
        Path sourceDir = dir.resolve("src");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = sourceDir.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            files.add(file);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            JavaCompiler.CompilationTask task = javac.getTask(null, fileManager, diagnostics,
                    List.of("-Xlint:all", "--module-path", apiAndSpi(), "-d", classes.toString(), "-s", classes.toString()),
                    null, fileManager.getJavaFileObjectsFromPaths(files));
            task.setProcessors(List.of(new TracepointProcessor()));
            boolean compiled = task.call();
            assertTrue(compiled && diagnostics.getDiagnostics().isEmpty(), diagnostics.getDiagnostics().toString());
        }
        return classes;
    }

    private static String generated(Path classes, String path) throws Exception {
        return Files.readString(classes.resolve(path));
    }

    /** Runs {@code mainClass.run()} in a new layer holding api, spi and the application module. */
    private static Object run(Path classes, String mainClass) throws Exception {
        ModuleFinder finder = ModuleFinder.of(Path.of(location(TraceProvider.class)), Path.of(location(ProbeRegistry.class)),
                classes);
        Configuration configuration = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of("app"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
        Class<?> main = layer.findLoader("app").loadClass(mainClass);
        assertEquals("app", main.getModule().getName());
        return main.getMethod("run").invoke(null);
    }

    private static String apiAndSpi() throws Exception {
        return location(TraceProvider.class) + File.pathSeparator + location(ProbeRegistry.class);
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
