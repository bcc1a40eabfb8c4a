package io.waymark.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.tools.JavaFileObject;

/** Fixtures and compilation with the Waymark processor. */
final class Compilations {

    private Compilations() {}

    /** Compiles the sources with a fresh {@link TracepointProcessor}. */
    static Compilation compile(JavaFileObject... sources) {
        return javac().withProcessors(new TracepointProcessor()).compile(sources);
    }

    /** Compiles the sources with a fresh {@link TracepointProcessor} and the given {@code -A} options. */
    static Compilation compileWithOptions(java.util.List<String> options, JavaFileObject... sources) {
        return javac().withProcessors(new TracepointProcessor()).withOptions(options).compile(sources);
    }

    /** The text of a resource the compilation wrote to its class output, such as a schema document. */
    static String classOutputResource(Compilation compilation, String path) {
        JavaFileObject file = compilation.generatedFile(javax.tools.StandardLocation.CLASS_OUTPUT, path).orElseThrow(
                () -> new AssertionError("no " + path + " among " + compilation.generatedFiles()));
        try {
            return file.getCharContent(false).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture under {@code src/test/resources/fixtures/good/}, by file name without {@code .java}. */
    static JavaFileObject goodFixture(String simpleName) {
        return JavaFileObjects.forResource("fixtures/good/" + simpleName + ".java");
    }

    /** An inline fixture, one string per line, so that tests can name the line of an error. */
    static JavaFileObject source(String qualifiedName, String... lines) {
        return JavaFileObjects.forSourceLines(qualifiedName, lines);
    }

    /** The text of a generated source file of a successful compilation. */
    static String generatedSource(Compilation compilation, String qualifiedName) {
        JavaFileObject file = compilation.generatedSourceFile(qualifiedName).orElseThrow(() -> new AssertionError(
                "no generated " + qualifiedName + " among " + compilation.generatedSourceFiles()));
        try {
            return file.getCharContent(false).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
