package io.waymark.processor;

import io.waymark.processor.internal.Diagnostic;
import io.waymark.processor.internal.ModelBuilder;
import io.waymark.processor.internal.ProviderGenerator;
import io.waymark.processor.internal.ProviderModel;
import io.waymark.processor.internal.Validators;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic.Kind;

/**
 * Validates {@code @TraceProvider} interfaces and generates their implementations. See the package
 * documentation for the pipeline.
 */
public final class TracepointProcessor extends AbstractProcessor {

    /** The annotation this processor handles. */
    public static final String TRACE_PROVIDER = "io.waymark.TraceProvider";

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(TRACE_PROVIDER);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        TypeElement annotation = processingEnv.getElementUtils().getTypeElement(TRACE_PROVIDER);
        if (annotation == null) {
            return false;
        }
        ModelBuilder builder = new ModelBuilder(processingEnv.getElementUtils());
        for (Element element : round.getElementsAnnotatedWith(annotation)) {
            List<Diagnostic> errors = Validators.validateDeclaration(element);
            ProviderModel model = null;
            if (errors.isEmpty()) {
                model = builder.build((TypeElement) element);
                errors = Validators.validate(model);
            }
            for (Diagnostic error : errors) {
                error.report(processingEnv.getMessager());
            }
            if (errors.isEmpty()) {
                write(model);
            }
        }
        return true;
    }

    private void write(ProviderModel model) {
        try {
            ProviderGenerator.generate(model).writeTo(processingEnv.getFiler());
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Kind.ERROR,
                    "could not write " + model.generatedName() + ": " + e.getMessage(), model.element());
        }
    }
}
