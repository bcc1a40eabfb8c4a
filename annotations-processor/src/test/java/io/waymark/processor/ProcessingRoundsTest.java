package io.waymark.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static io.waymark.processor.Compilations.generatedSource;
import static io.waymark.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Providers whose parameter types do not exist yet when the processor first sees them. */
class ProcessingRoundsTest {

    /** Another processor: generates the enum p.Mode in the first round. */
    private static final class ModeGenerator extends AbstractProcessor {
        private boolean done;

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!done) {
                done = true;
                try (Writer out = processingEnv.getFiler().createSourceFile("p.Mode").openWriter()) {
                    out.write("package p;\npublic enum Mode { ON, OFF }\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return false;
        }
    }

    @Test
    void aProviderWaitsForATypeThatAnotherProcessorGenerates() {
        // ModeGenerator runs first in each round (it claims nothing); p.Mode exists only from the second round on
        Compilation compilation = javac().withProcessors(new ModeGenerator(), new TracepointProcessor()).compile(
                source("p.Switches",
                        "package p;",
                        "import io.waymark.*;",
                        "@TraceProvider(\"test.switches\") @Stable",
                        "public interface Switches {",
                        "    @Tracepoint(id = 1) void switched(Mode mode);",
                        "}"));

        assertThat(compilation).succeededWithoutWarnings();
        String generated = generatedSource(compilation, "p.WaymarkSwitches");
        assertTrue(generated.contains("FieldDescriptor.ofEnum(\"mode\", \"p.Mode\", List.of(\"ON\", \"OFF\"))"), generated);
    }

    @Test
    void aTypeThatNeverAppearsIsLeftToJavacsOwnError() {
        JavaFileObject file = source("p.Missing",
                "package p;",
                "import io.waymark.*;",
                "@TraceProvider(\"test.missing\") @Stable",
                "public interface Missing {",
                "    @Tracepoint(id = 1) void placed(Order order);",
                "}");
        RecordingProcessor processor = new RecordingProcessor();
        Compilation compilation = javac().withProcessors(processor).compile(file);

        assertThat(compilation).failed();
        // javac's error only: no second one from the processor about the same parameter
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(file).onLine(5).atColumn(37);
        assertEquals(List.of(), processor.createdSources());
    }
}
