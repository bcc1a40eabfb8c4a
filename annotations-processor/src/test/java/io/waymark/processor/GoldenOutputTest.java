package io.waymark.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.waymark.processor.Compilations.compile;
import static io.waymark.processor.Compilations.goodFixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The generated source, as a whole, against a reviewed file; and its determinism. */
class GoldenOutputTest {

    private static final String GENERATED = "com.acme.WaymarkOrderEvents";

    @Test
    void generatedSourceEqualsTheReviewedGoldenFile() throws IOException {
        Compilation compilation = compile(goodFixture("OrderEvents"));

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile(GENERATED).contentsAsUtf8String()
                .isEqualTo(resource("/golden/WaymarkOrderEvents.java"));
    }

    @Test
    void compilingTheSameInputTwiceGivesByteIdenticalOutput() throws IOException {
        Map<String, byte[]> first = generatedFiles(compile(goodFixture("OrderEvents")));
        Map<String, byte[]> second = generatedFiles(compile(goodFixture("OrderEvents")));

        assertNotNull(first.get("/SOURCE_OUTPUT/com/acme/WaymarkOrderEvents.java"), first.keySet().toString());
        assertNotNull(first.get("/CLASS_OUTPUT/com/acme/WaymarkOrderEvents.class"), first.keySet().toString());
        assertEquals(first.keySet(), second.keySet());
        for (String name : first.keySet()) {
            assertArrayEquals(first.get(name), second.get(name), name);
        }
    }

    /** Every generated file (sources and classes) by path, with its bytes. */
    private static Map<String, byte[]> generatedFiles(Compilation compilation) throws IOException {
        assertThat(compilation).succeededWithoutWarnings();
        Map<String, byte[]> files = new TreeMap<>();
        for (JavaFileObject file : compilation.generatedFiles()) {
            try (InputStream in = file.openInputStream()) {
                files.put(file.toUri().getPath(), in.readAllBytes());
            }
        }
        return files;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = GoldenOutputTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
