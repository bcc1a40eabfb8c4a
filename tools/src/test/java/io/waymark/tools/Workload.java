package io.waymark.tools;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import io.waymark.Tracepoint;
import io.waymark.processor.TracepointProcessor;
import io.waymark.spi.probe.Probe;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The test workload ({@code src/test/resources/workload}): compiled as an application's build compiles it (javac
 * with the Waymark processor), run as a child JVM of the test's JDK with core and the CTF backend on its class
 * path (the test class path) and no Waymark flag.
 */
final class Workload implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private Workload(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Compiles the workload into {@code classes}. */
    static void compile(Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            Files.createDirectories(classes);
            List<String> options = List.of("--release", "17", "-d", classes.toString(),
                    "-classpath", pathOf(Tracepoint.class, Probe.class),
                    "-processorpath", pathOf(TracepointProcessor.class, JsonFactory.class, Class.forName("com.squareup.javapoet.JavaFile")));
            boolean success = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources())).call();
            assertTrue(success, () -> "the workload compiles: " + diagnostics.getDiagnostics());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts {@code mainClass} of the workload with {@code jvmOptions} and waits until it prints "ready". */
    static Workload start(Path classes, Path logs, String mainClass, String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", classes + File.pathSeparator + System.getProperty("java.class.path"), mainClass));
        Files.createDirectories(logs);
        String name = mainClass + "-" + System.nanoTime();
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        Process process = new ProcessBuilder(command).directory(logs.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        Workload workload = new Workload(process, out, err);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(out).contains("ready")) {
            assertTrue(process.isAlive(), () -> mainClass + " died: " + workload.stderr());
            assertTrue(System.nanoTime() < deadline, mainClass + " is not ready after 60 s");
            Thread.sleep(20);
        }
        return workload;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The TCP sockets this process listens on, as {@code local_address} fields of {@code /proc/<pid>/net/tcp*}
     * ({@code 00000000:1F90} is 0.0.0.0:8080): the listening sockets of its network namespace whose inodes are among
     * its file descriptors.
     */
    Set<String> listeningSockets() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid()), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        Set<String> listening = new HashSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc", String.valueOf(pid()), "net", table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] fields = line.trim().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                if (fields.length > 9 && fields[3].equals("0A") && inodes.contains(fields[9])) {
                    listening.add(table + " " + fields[1]);
                }
            }
        }
        return listening;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static List<Path> sources() throws IOException {
        URL url = Workload.class.getClassLoader().getResource("workload");
        try (Stream<Path> walk = Files.walk(Path.of(url.toURI()))) {
            return walk.filter(path -> path.toString().endsWith(".java")).sorted().toList();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pathOf(Class<?>... classes) {
        List<String> entries = new ArrayList<>();
        for (Class<?> type : classes) {
            try {
                entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
