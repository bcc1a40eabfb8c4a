package io.waymark.processor.internal;

import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Recognises the {@link Baseline#OPTIONS Waymark options} in every compilation, so that javac does not warn
 * "The following options were not recognized by any processor" where no source carries a Waymark annotation (a
 * test compile, a module without providers). Javac counts an option as recognised only when a processor that
 * supports it is called, and it calls a processor only for the annotations present, or for {@code "*"}; so this
 * processor supports {@code "*"}, does nothing and claims nothing, leaving every annotation to the other
 * processors ({@code TracepointProcessor} among them). Gradle registers such a processor itself for the same
 * reason (JDK-8162455).
 */
public final class OptionsProcessor extends AbstractProcessor {

    /** Creates the processor; javac does, through {@link java.util.ServiceLoader}. */
    public OptionsProcessor() {}

    /** Every annotation, and none: the processor is called in every round of every compilation. */
    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of("*");
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Baseline.OPTIONS;
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    /** Claims nothing, so that the annotations still reach the processors that implement them. */
    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        return false;
    }
}
