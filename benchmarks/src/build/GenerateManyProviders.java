import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Writes the provider interfaces behind DormantTracepointBenchmark.dormantManyDeclared: PROVIDERS
 * interfaces of TRACEPOINTS tracepoints each (10,000 in all), run by the build with
 * {@code java GenerateManyProviders.java OUTPUT_DIR} before compilation.
 */
public final class GenerateManyProviders {

    static final int PROVIDERS = 100;
    static final int TRACEPOINTS = 100;

    public static void main(String[] args) throws IOException {
        Path dir = Paths.get(args[0], "io", "waymark", "benchmarks", "many");
        Files.createDirectories(dir);
        StringBuilder index = new StringBuilder()
                .append("package io.waymark.benchmarks.many;\n\n")
                .append("/** Every generated provider interface, so that the benchmark can load them all. */\n")
                .append("public final class ManyProviders {\n    private ManyProviders() {}\n\n")
                .append("    public static final Class<?>[] ALL = {\n");
        for (int p = 0; p < PROVIDERS; p++) {
            String name = String.format("Many%03d", p);
            StringBuilder source = new StringBuilder()
                    .append("package io.waymark.benchmarks.many;\n\n")
                    .append("import io.waymark.Stable;\nimport io.waymark.TraceProvider;\nimport io.waymark.Tracepoint;\n\n")
                    .append("@TraceProvider(\"bench.many").append(p).append("\")\n@Stable\n")
                    .append("public interface ").append(name).append(" {\n");
            for (int t = 0; t < TRACEPOINTS; t++) {
                source.append("    @Tracepoint(id = ").append(t).append(")\n")
                        .append("    void event").append(t).append("(long a, int b, String c);\n");
            }
            source.append("}\n");
            Files.writeString(dir.resolve(name + ".java"), source, StandardCharsets.UTF_8);
            index.append("        ").append(name).append(".class,\n");
        }
        index.append("    };\n}\n");
        Files.writeString(dir.resolve("ManyProviders.java"), index, StandardCharsets.UTF_8);
    }
}
