package io.waymark.processor;

import io.waymark.processor.internal.Baseline;
import io.waymark.processor.internal.Diagnostic;
import io.waymark.processor.internal.GeneratedAnnotation;
import io.waymark.processor.internal.ModelBuilder;
import io.waymark.processor.internal.Names;
import io.waymark.processor.internal.ProviderGenerator;
import io.waymark.processor.internal.ProviderModel;
import io.waymark.processor.internal.SchemaBuilder;
import io.waymark.processor.internal.Validation;
import io.waymark.processor.schema.ProviderSchema;
import io.waymark.processor.schema.SchemaJson;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic.Kind;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Validates {@link io.waymark.TraceProvider @TraceProvider} interfaces and generates their implementations;
 * see the package documentation for the pipeline. Javac finds it through {@code META-INF/services}: put
 * {@code io.waymark:waymark-annotations-processor} on the compiler's processor path.
 *
 * <p>The processor is isolating (each generated class and schema document depends on its provider interface
 * only) and deterministic (the same interface always gives the same source and document).
 *
 * <p>Options: {@code -Awaymark.baseline=<path>} names the baseline lock file that the declarations are checked
 * against, {@code -Awaymark.baseline.update=true} rewrites that file instead (listing each breaking change it
 * accepts), and {@code -Awaymark.baseline.required=true} makes a missing file an error (see {@code docs/versioning.md}).
 */
public final class TracepointProcessor extends AbstractProcessor {

    private static final Set<String> SUPPORTED = Stream.concat(Names.ALL.stream(), Stream.of(GeneratedAnnotation.NAME))
            .collect(Collectors.toUnmodifiableSet());

    /** Providers whose methods mention types that do not exist yet, by qualified name, in encounter order. */
    private final Set<String> deferred = new LinkedHashSet<>();

    /** The schemas of the providers generated so far, by provider name. */
    private final Map<String, ProviderSchema> compiled = new TreeMap<>();

    /** The lock file, read once on the first round. */
    private Baseline baseline;

    /** Creates the processor; javac does, through {@link java.util.ServiceLoader}. */
    public TracepointProcessor() {}

    /**
     * {@code @TraceProvider}, which this processor implements, and the annotations that would otherwise go
     * unclaimed in an application's build, where {@code -Xlint:processing} warns about each: the other
     * Waymark annotations (claiming them also lets the processor report a {@code @Tracepoint} outside any
     * provider) and the {@code @Generated} that the generated code carries.
     */
    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return SUPPORTED;
    }

    /** {@code waymark.baseline}, {@code waymark.baseline.update} and {@code waymark.baseline.required}. */
    @Override
    public Set<String> getSupportedOptions() {
        return Baseline.OPTIONS;
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        TypeElement providerAnnotation = processingEnv.getElementUtils().getTypeElement(Names.TRACE_PROVIDER);
        if (providerAnnotation == null) {
            return false; // the API is not on the class path: javac reports the unresolved annotations itself
        }
        if (round.processingOver()) {
            // Types still missing now are reported by javac itself ("cannot find symbol"): an error of ours
            // about the same parameter would only be noise, and generated code would add more.
            deferred.clear();
            if (baseline != null) {
                baseline.writeIfUpdating(compiled.values(), processingEnv.getMessager());
            }
            return true;
        }
        if (baseline == null) {
            baseline = Baseline.load(processingEnv.getOptions(), processingEnv.getMessager());
        }
        List<Element> providers = new ArrayList<>();
        for (String name : deferred) {
            TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
            if (type != null) {
                providers.add(type);
            }
        }
        deferred.clear();
        providers.addAll(round.getElementsAnnotatedWith(providerAnnotation));
        reportMisplaced(round, Names.TRACEPOINT);
        reportMisplaced(round, Names.IS_ENABLED);
        for (Element element : providers) {
            try {
                process(element);
            } catch (RuntimeException e) {
                // a defect of ours must not crash javac or hide the other providers' results
                processingEnv.getMessager().printMessage(Kind.ERROR, "the Waymark processor failed on " + element
                        + ": " + e + "; please report this with the declaration", element);
            }
        }
        return true;
    }

    /** Validates one annotated element and, when it has no errors, generates its implementation. */
    private void process(Element element) {
        List<Diagnostic> errors = Validation.validateKind(element);
        if (!errors.isEmpty()) {
            report(errors);
            return; // not an interface: none of the other rules applies
        }
        TypeElement type = (TypeElement) element;
        if (mentionsMissingTypes(type)) {
            // Another processor may generate the type in this round: look again in the next one.
            deferred.add(type.getQualifiedName().toString());
            return;
        }
        ProviderModel model = new ModelBuilder(processingEnv.getElementUtils(), processingEnv.getTypeUtils()).build(type);
        errors = Validation.validate(model);
        if (!errors.isEmpty()) {
            report(errors);
            return;
        }
        ProviderSchema schema = new SchemaBuilder(processingEnv.getElementUtils())
                .build(model, baseline.known(model.providerName()));
        errors = Validation.validateEvolution(model, schema, baseline.checked());
        if (!errors.isEmpty()) {
            report(errors);
            return;
        }
        for (Diagnostic accepted : Validation.acceptedByUpdate(model, schema, baseline)) {
            // mandatory: -nowarn must not hide what an update takes in
            accepted.report(processingEnv.getMessager(), Kind.MANDATORY_WARNING);
        }
        boolean withGenerated = GeneratedAnnotation.usableFor(type, processingEnv.getElementUtils());
        ModuleElement module = processingEnv.getElementUtils().getModuleOf(type);
        boolean inNamedModule = module != null && !module.isUnnamed();
        try {
            ProviderGenerator.generate(model, schema, withGenerated, inNamedModule).writeTo(processingEnv.getFiler());
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Kind.ERROR,
                    "could not write " + model.generatedName() + ": " + e.getMessage(), type);
            return;
        }
        String document = "META-INF/waymark/" + model.providerName() + ".schema.json";
        try {
            FileObject file = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", document, type);
            try (Writer out = new java.io.OutputStreamWriter(file.openOutputStream(), StandardCharsets.UTF_8)) {
                out.write(SchemaJson.write(schema));
            }
            compiled.put(model.providerName(), schema);
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Kind.ERROR, "could not write " + document + ": " + e.getMessage()
                    + " (is another provider named " + model.providerName() + "? provider names are unique)", type);
        }
    }

    private void report(List<Diagnostic> errors) {
        for (Diagnostic error : errors) {
            error.report(processingEnv.getMessager());
        }
    }

    /** Reports {@code @Tracepoint} and {@code @IsEnabled} methods outside any provider, which would be ignored. */
    private void reportMisplaced(RoundEnvironment round, String annotationName) {
        TypeElement annotation = processingEnv.getElementUtils().getTypeElement(annotationName);
        if (annotation == null) {
            return;
        }
        for (Element method : round.getElementsAnnotatedWith(annotation)) {
            if (method.getKind() == ElementKind.METHOD) {
                report(Validation.validateEnclosingProvider(method, annotation.getSimpleName().toString()));
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
        return switch (type.getKind()) {
            case ERROR -> true;
            case ARRAY -> isMissing(((ArrayType) type).getComponentType());
            case DECLARED -> ((DeclaredType) type).getTypeArguments().stream().anyMatch(TracepointProcessor::isMissing);
            default -> false;
        };
    }
}
