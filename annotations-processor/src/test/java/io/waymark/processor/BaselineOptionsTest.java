package io.waymark.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.waymark.processor.Compilations.compileWithOptions;
import static io.waymark.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.squareup.javapoet.JavaFile;
import io.waymark.TraceProvider;
import io.waymark.processor.schema.SchemaJson;
import io.waymark.spi.probe.ProbeRegistry;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor options of docs/versioning.md as a build passes them: to every compilation, listing each breaking
 * change an update accepts, and making a missing lock file an error on request.
 */
class BaselineOptionsTest {

    private static final String[] V1 = {
            "    @Tracepoint(id = 1) void placed(long id, int qty);",
            "    @Tracepoint(id = 2) void paid(long id);"};

    @TempDir
    Path dir;

    private Path lock() {
        return dir.resolve("waymark-baseline.json");
    }

    /** Lines: 1 package, 2 import, 3 annotations, 4 interface, then the events from line 5. */
    private static JavaFileObject events(String... events) {
        List<String> lines = new ArrayList<>(List.of("package p;", "import io.waymark.*;",
                "@TraceProvider(\"shop\") @Stable", "public interface Events {"));
        lines.addAll(List.of(events));
        lines.add("}");
        return source("p.Events", lines.toArray(String[]::new));
    }

    private Compilation update(JavaFileObject file) {
        return compileWithOptions(List.of("-Awaymark.baseline=" + lock(), "-Awaymark.baseline.update=true"), file);
    }

    // ---- options in compilations without Waymark annotations (a test compile)

    @DisplayName("options: recognised in a compilation without Waymark annotations, as Maven's testCompile passes them")
    @Test
    void optionsAreRecognisedWhereNoSourceUsesWaymark() throws Exception {
        // Found on the processor path through META-INF/services, as javac finds them in a user's build.
        String processorPath = String.join(File.pathSeparator, location(TracepointProcessor.class),
                location(JavaFile.class), location(com.fasterxml.jackson.core.JsonFactory.class));
        Path sources = Files.createDirectories(dir.resolve("src/t"));
        Files.writeString(sources.resolve("Plain.java"), "package t; class Plain {}");
        Files.writeString(sources.resolve("Marked.java"), "package t; @Marked.Marker class Marked { @interface Marker {} }");

        List<String> options = List.of("-Awaymark.baseline=" + lock(), "-Awaymark.baseline.update=false",
                "-Awaymark.baseline.required=true");

        assertEquals(List.of(), compileOnProcessorPath(processorPath, options, sources.resolve("Plain.java"),
                sources.resolve("Marked.java")));

        // The processor that recognises the options everywhere claims nothing: providers are still implemented.
        Files.writeString(sources.resolve("Events.java"), "package t; import io.waymark.*; @TraceProvider(\"t\") @Unstable"
                + " public interface Events { @Tracepoint(id = 1) void x(); }");
        assertEquals(List.of(), compileOnProcessorPath(processorPath, List.of(), sources.resolve("Marked.java"),
                sources.resolve("Events.java")));
        assertTrue(Files.exists(dir.resolve("classes/t/WaymarkEvents.class")));
    }

    private List<String> compileOnProcessorPath(String processorPath, List<String> options, Path... files) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<String> arguments = new ArrayList<>(List.of("-processorpath", processorPath, "-classpath",
                    location(TraceProvider.class) + File.pathSeparator + location(ProbeRegistry.class),
                    "-d", Files.createDirectories(dir.resolve("classes")).toString()));
            arguments.addAll(options);
            boolean compiled = javac.getTask(null, fileManager, diagnostics, arguments, null,
                    fileManager.getJavaFileObjects(files)).call();
            assertTrue(compiled, diagnostics.getDiagnostics().toString());
        }
        List<String> messages = new ArrayList<>();
        diagnostics.getDiagnostics().forEach(d -> messages.add(d.getKind() + ": " + d.getMessage(null)));
        return messages;
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    // ---- -Awaymark.baseline.update=true lists the breaking changes it accepts

    @DisplayName("update: each breaking change accepted into the baseline is a warning on its element, with its rule")
    @Test
    void anUpdateListsTheBreakingChangesItAccepts() throws Exception {
        assertThat(update(events(V1))).succeededWithoutWarnings();
        // qty removed (WM101), paid's id retyped (WM104)
        String placed = "    @Tracepoint(id = 1) void placed(long id);";
        String paid = "    @Tracepoint(id = 2) void paid(int id);";
        JavaFileObject file = events(placed, paid);

        Compilation compilation = update(file);

        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningCount(2);
        String accepted = "; -Awaymark.baseline.update=true accepts this breaking change into the Waymark baseline " + lock();
        assertThat(compilation).hadWarningContaining("[WM101] field 'qty'").inFile(file).onLine(5).atColumn(placed.indexOf("placed") + 1);
        assertThat(compilation).hadWarningContaining("[WM104] field 'id'").inFile(file).onLine(6).atColumn(paid.indexOf("id)") + 1);
        assertThat(compilation).hadWarningContaining(accepted);
        assertThat(compilation).hadNoteContaining("written with 1 provider(s), accepting the 2 breaking change(s) warned"
                + " about above; commit it");
        assertEquals(List.of("id"), SchemaJson.readSet(Files.readString(lock(), StandardCharsets.UTF_8))
                .provider("shop").events().get(0).fields().stream().map(f -> f.name()).toList());
    }

    @DisplayName("update: -nowarn does not hide the breaking changes an update accepts")
    @Test
    void anUpdateListsTheBreakingChangesEvenWithNowarn() {
        assertThat(update(events(V1))).succeededWithoutWarnings();
        Compilation compilation = compileWithOptions(List.of("-nowarn", "-Awaymark.baseline=" + lock(),
                "-Awaymark.baseline.update=true"), events("    @Tracepoint(id = 1) void placed(long id);", V1[1]));

        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining("[WM101] field 'qty'");
    }

    @DisplayName("update: a compatible change is taken in without a warning")
    @Test
    void anUpdateWithOnlyCompatibleChangesIsQuiet() {
        assertThat(update(events(V1))).succeededWithoutWarnings();
        Compilation compilation = update(events("    @Tracepoint(id = 1, version = 2) void placed(long id, int qty, String note);", V1[1]));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).hadNoteContaining("written with 1 provider(s); commit it");
    }

    // ---- -Awaymark.baseline.required=true

    @DisplayName("required: a missing lock file is an error naming the path and the remedy")
    @Test
    void aRequiredBaselineThatIsMissingIsAnError() {
        Path mistyped = dir.resolve("waymark-baselin.json");
        Compilation compilation = compileWithOptions(List.of("-Awaymark.baseline=" + mistyped,
                "-Awaymark.baseline.required=true"), events(V1));

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("Waymark baseline " + mistyped + " does not exist, and"
                + " -Awaymark.baseline.required=true requires it so that the versioning rules are checked; correct the path"
                + " of -Awaymark.baseline, or create the file by compiling once with -Awaymark.baseline.update=true and"
                + " commit it");
    }

    @DisplayName("required: without -Awaymark.baseline it is an error")
    @Test
    void aRequiredBaselineNeedsAPath() {
        Compilation compilation = compileWithOptions(List.of("-Awaymark.baseline.required=true"), events(V1));

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("-Awaymark.baseline.required=true needs -Awaymark.baseline=<path of"
                + " the lock file>");
    }

    @DisplayName("required: an existing lock file is checked as usual, and an update may create a missing one")
    @Test
    void aRequiredBaselineThatExistsIsChecked() {
        Compilation created = compileWithOptions(List.of("-Awaymark.baseline=" + lock(), "-Awaymark.baseline.update=true",
                "-Awaymark.baseline.required=true"), events(V1));
        assertThat(created).succeededWithoutWarnings();
        assertTrue(Files.exists(lock()));

        List<String> options = List.of("-Awaymark.baseline=" + lock(), "-Awaymark.baseline.required=true");
        assertThat(compileWithOptions(options, events(V1))).succeededWithoutWarnings();
        Compilation broken = compileWithOptions(options, events("    @Tracepoint(id = 1) void placed(long id);", V1[1]));
        assertThat(broken).hadErrorContaining("[WM101]");
    }

    @DisplayName("required: off by default, a missing lock file stays a note")
    @Test
    void withoutRequiredAMissingBaselineIsANote() {
        Compilation compilation = compileWithOptions(List.of("-Awaymark.baseline=" + lock()), events(V1));
        assertThat(compilation).succeededWithoutWarnings();
        assertFalse(Files.exists(lock()));
    }
}
