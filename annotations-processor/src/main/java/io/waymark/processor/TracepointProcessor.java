package io.waymark.processor;

import io.waymark.processor.internal.Diagnostic;
import io.waymark.processor.internal.ModelBuilder;
import io.waymark.processor.internal.ProviderGenerator;
import io.waymark.processor.internal.ProviderModel;
import io.waymark.processor.internal.Validators;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic.Kind;

/**
 * Validates {@code @TraceProvider} interfaces and generates their implementations. See the package
 * documentation for the pipeline.
 */
public final class TracepointProcessor extends AbstractProcessor {

    /** The annotation that marks a provider, whose implementation this processor generates. */
    public static final String TRACE_PROVIDER = "io.waymark.TraceProvider";

    private static final String TRACEPOINT = "io.waymark.Tracepoint";
    private static final String IS_ENABLED = "io.waymark.IsEnabled";

    /** Providers whose methods mention types that do not exist yet, by qualified name, in encounter order. */
    private final Set<String> deferred = new LinkedHashSet<>();

    /**
     * All the Waymark annotations: the processor claims them, so that {@code -Xlint:processing} does not
     * warn that no processor claimed {@code @Tracepoint}, {@code @Stable}, ... in every application build.
     */
    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(TRACE_PROVIDER, TRACEPOINT, IS_ENABLED, "io.waymark.Stable", "io.waymark.Unstable");
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
        if (round.processingOver()) {
            // Types still missing now are reported by javac itself ("cannot find symbol"): an error of ours
            // about the same parameter would only be noise, and generated code would add more.
            deferred.clear();
            return true;
        }
        List<Element> providers = new ArrayList<>();
        for (String name : deferred) {
            TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
            if (type != null) {
                providers.add(type);
            }
        }
        deferred.clear();
        providers.addAll(round.getElementsAnnotatedWith(annotation));
        reportMisplaced(round, TRACEPOINT);
        reportMisplaced(round, IS_ENABLED);
        ModelBuilder builder = new ModelBuilder(processingEnv.getElementUtils());
        for (Element element : providers) {
            if (element instanceof TypeElement type && mentionsMissingTypes(type)) {
                // Another processor may generate the type in this round: look again in the next one.
                deferred.add(type.getQualifiedName().toString());
                continue;
            }
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

    /** Reports {@code @Tracepoint} and {@code @IsEnabled} methods outside any provider, which would be ignored. */
    private void reportMisplaced(RoundEnvironment round, String annotationName) {
        TypeElement annotation = processingEnv.getElementUtils().getTypeElement(annotationName);
        if (annotation == null) {
            return;
        }
        for (Element method : round.getElementsAnnotatedWith(annotation)) {
            for (Diagnostic error : Validators.validateEnclosingProvider(method, annotation.getSimpleName().toString())) {
                error.report(processingEnv.getMessager());
            }
        }
    }

    private static boolean mentionsMissingTypes(TypeElement type) {
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (isMissing(method.getReturnType())) {
                return true;
            }
            for (VariableElement parameter : method.getParameters()) {
                if (isMissing(parameter.asType())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isMissing(TypeMirror type) {
        if (type.getKind() == TypeKind.ERROR) {
            return true;
        }
        if (type.getKind() == TypeKind.ARRAY) {
            return isMissing(((ArrayType) type).getComponentType());
        }
        if (type.getKind() == TypeKind.DECLARED) {
            for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
                if (isMissing(argument)) {
                    return true;
                }
            }
        }
        return false;
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
