/**
 * The Waymark annotation processor: put it on the compiler's processor path (or processor module path).
 * It validates {@code @TraceProvider} interfaces and generates their implementations.
 */
module io.waymark.processor {
    // transitive: the exported TracepointProcessor is a javax.annotation.processing.Processor
    requires transitive java.compiler;
    requires com.squareup.javapoet;
    // The annotations are read as mirrors and named in documentation only: the processor never loads an API
    // class, since its class path may lack the API (a modular build's test compile puts it on the module path).
    requires static io.waymark.api;

    exports io.waymark.processor;

    provides javax.annotation.processing.Processor with io.waymark.processor.TracepointProcessor;
}
