package io.waymark.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;

/** Fixture helpers: sources are written line by line so that tests can name error lines exactly. */
final class Sources {

    private Sources() {}

    static JavaFileObject source(String qualifiedName, String... lines) {
        return JavaFileObjects.forSourceLines(qualifiedName, lines);
    }

    static Compilation compile(JavaFileObject... sources) {
        return javac().withProcessors(new TracepointProcessor()).compile(sources);
    }
}
