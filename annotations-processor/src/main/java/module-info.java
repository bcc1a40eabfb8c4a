/** The Waymark annotation processor: put it on the compiler's processor path. */
module io.waymark.processor {
    requires java.compiler;
    requires com.squareup.javapoet;

    exports io.waymark.processor;

    provides javax.annotation.processing.Processor with io.waymark.processor.TracepointProcessor;
}
