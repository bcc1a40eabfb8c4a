package io.waymark.tools;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import io.waymark.Tracepoint;
import io.waymark.processor.TracepointProcessor;
import io.waymark.spi.probe.Probe;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The versions of the test provider {@code tools.matrix.orders} ({@code src/test/resources/versions/<version>/}),
 * compiled as an application's build compiles them: javac in-process with the Waymark annotation processor on
 * the processor path, api and spi on the class path, each version into its own class directory, then
 * packaged as a jar.
 */
final class ProviderVersions {

    /** The compatible evolution, in order. */
    static final List<String> COMPATIBLE = List.of("v1", "v2", "v3", "v4", "v5");
    /** v5 with a field type changed, enum constants reordered and an event deleted without @Retired. */
    static final String BREAKING = "v6-breaking";
    /** v5 with a field of a stable event removed. */
    static final String FIELD_REMOVED = "v6-field-removed";

    /** The provider interface in every version. */
    static final String INTERFACE = "matrix.OrderEvents";
    /** The provider name in every version. */
    static final String PROVIDER = "tools.matrix.orders";

    private final Path root;

    private ProviderVersions(Path root) {
        this.root = root;
    }

    /** Compiles and packages {@code versions} under {@code root}. */
    static ProviderVersions compile(Path root, String... versions) {
        ProviderVersions compiled = new ProviderVersions(root);
        for (String version : versions) {
            compiled.compileVersion(version, compiled.classes(version), List.of());
            compiled.packageJar(version);
        }
        return compiled;
    }

    /** The class output directory of {@code version}. */
    Path classes(String version) {
        return root.resolve("classes").resolve(version);
    }

    /** The jar of {@code version}. */
    Path jar(String version) {
        return root.resolve("jars").resolve("orders-" + version + ".jar");
    }

    /** The schema document the processor wrote for {@code version}. */
    Path document(String version) {
        return classes(version).resolve("META-INF/waymark/" + PROVIDER + ".schema.json");
    }

    /**
     * Compiles {@code version} once more into {@code output} with extra javac options (such as the baseline
     * options) and returns the diagnostics; the compilation must succeed.
     */
    List<Diagnostic<? extends JavaFileObject>> compileVersion(String version, Path output, List<String> extraOptions) {
        CompilationResult result = tryCompile(version, output, extraOptions);
        assertTrue(result.success(), () -> "version " + version + " does not compile:\n" + result.describe());
        return result.diagnostics();
    }

    /** The outcome of a compilation. */
    record CompilationResult(boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics) {

        String describe() {
            return diagnostics.stream().map(d -> d.getKind() + ": " + d.getMessage(Locale.ROOT)).collect(Collectors.joining("\n"));
        }
    }

    /** Compiles {@code version} into {@code output} with extra javac options; it may fail. */
    CompilationResult tryCompile(String version, Path output, List<String> extraOptions) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            Files.createDirectories(output);
            List<String> options = new ArrayList<>(List.of(
                    "--release", "17",
                    "-d", output.toString(),
                    "-classpath", pathOf(Tracepoint.class, Probe.class),
                    // as a build declares it: the processor jar and its own dependencies, found through META-INF/services
                    "-processorpath", pathOf(TracepointProcessor.class, JsonFactory.class, loaded("com.squareup.javapoet.JavaFile"))));
            options.addAll(extraOptions);
            Iterable<? extends JavaFileObject> sources = files.getJavaFileObjectsFromPaths(sources(version));
            boolean success = javac.getTask(null, files, diagnostics, options, null, sources).call();
            return new CompilationResult(success, diagnostics.getDiagnostics());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Java sources of {@code version} in the test resources. */
    static List<Path> sources(String version) {
        URL url = ProviderVersions.class.getClassLoader().getResource("versions/" + version);
        if (url == null) {
            throw new IllegalArgumentException("no test resources versions/" + version);
        }
        try (Stream<Path> walk = Files.walk(Path.of(url.toURI()))) {
            return walk.filter(path -> path.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Packages the class directory of {@code version} as a jar, entries in a fixed order. */
    private void packageJar(String version) {
        Path classes = classes(version);
        Path jar = jar(version);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try {
            Files.createDirectories(jar.getParent());
            List<Path> entries;
            try (Stream<Path> walk = Files.walk(classes)) {
                entries = walk.filter(path -> !path.equals(classes)).sorted().toList();
            }
            try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (Path path : entries) {
                    String name = classes.relativize(path).toString().replace('\\', '/');
                    if (Files.isDirectory(path)) {
                        out.putNextEntry(new JarEntry(name + "/"));
                    } else {
                        out.putNextEntry(new JarEntry(name));
                        Files.copy(path, out);
                    }
                    out.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A class of the test class path that the tools module does not read (so it is not named at compile time). */
    private static Class<?> loaded(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " is not on the test class path", e);
        }
    }

    /** The class path entries holding these classes. */
    private static String pathOf(Class<?>... classes) {
        List<String> entries = new ArrayList<>();
        for (Class<?> type : classes) {
            try {
                entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }
}
