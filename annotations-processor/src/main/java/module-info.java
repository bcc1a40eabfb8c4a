/**
 * The Waymark annotation processor: put it on the compiler's processor path (or processor module path).
 * It validates {@code @TraceProvider} interfaces, generates their implementations and writes their
 * schema documents; {@code io.waymark.processor.schema} (the schema model, its JSON form and the
 * compatibility checker) is exported for tools.
 */
module io.waymark.processor {
    // transitive: the exported TracepointProcessor is a javax.annotation.processing.Processor
    requires transitive java.compiler;
    requires com.squareup.javapoet;
    requires com.fasterxml.jackson.core;
    // The annotations are read as mirrors and named in documentation only: the processor never loads an API
    // class, since its class path may lack the API (a modular build's test compile puts it on the module path).
    requires static io.waymark.api;

    exports io.waymark.processor;
    exports io.waymark.processor.schema;

    // OptionsProcessor only recognises the options in compilations without Waymark annotations
    provides javax.annotation.processing.Processor
            with io.waymark.processor.TracepointProcessor, io.waymark.processor.internal.OptionsProcessor;
}
