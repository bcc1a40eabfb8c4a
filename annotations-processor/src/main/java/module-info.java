/** The Waymark annotation processor: put it on the compiler's processor path. */
module io.waymark.processor {
    requires transitive java.compiler; // TracepointProcessor, exported, is a javax.annotation.processing.Processor
    requires com.squareup.javapoet;
    requires static io.waymark.api; // the annotations it processes, named in documentation only

    exports io.waymark.processor;

    provides javax.annotation.processing.Processor with io.waymark.processor.TracepointProcessor;
}
