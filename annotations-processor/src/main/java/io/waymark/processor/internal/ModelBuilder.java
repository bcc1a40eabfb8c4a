package io.waymark.processor.internal;

import com.squareup.javapoet.ClassName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Reads a {@code @TraceProvider} interface into a {@link ProviderModel}. It reports nothing and never
 * fails on a wrong declaration: it records what is there, and the validators judge it.
 */
public final class ModelBuilder {

    /** Prefix of generated class names; keep in step with {@code io.waymark.Waymark.generatedClassName}. */
    static final String GENERATED_PREFIX = "Waymark";

    private final Elements elements;

    public ModelBuilder(Elements elements) {
        this.elements = elements;
    }

    /** Reads an interface annotated {@code @TraceProvider}. */
    public ProviderModel build(TypeElement type) {
        AnnotationMirror provider = annotation(type, Names.TRACE_PROVIDER);
        String providerName = value(provider, "value") instanceof String name ? name : "";
        ClassName interfaceName = ClassName.get(type);
        // com.acme.App.Events -> com.acme.WaymarkApp_Events, as Waymark.generatedClassName expects
        ClassName generatedName = ClassName.get(interfaceName.packageName(),
                GENERATED_PREFIX + String.join("_", interfaceName.simpleNames()));

        List<ExecutableElement> abstractMethods = new ArrayList<>();
        List<TracepointModel> tracepoints = new ArrayList<>();
        List<EnabledCheckModel> checks = new ArrayList<>();
        List<ExecutableElement> unannotated = new ArrayList<>();
        List<ExecutableElement> both = new ArrayList<>();
        List<ExecutableElement> concreteAnnotated = new ArrayList<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            AnnotationMirror tracepoint = annotation(method, Names.TRACEPOINT);
            AnnotationMirror check = annotation(method, Names.IS_ENABLED);
            if (!method.getModifiers().contains(Modifier.ABSTRACT)) {
                // default, static and private methods are the user's own; an annotation on one would be ignored
                if (tracepoint != null || check != null) {
                    concreteAnnotated.add(method);
                }
                continue;
            }
            if (tracepoint == null && check == null && redeclaresObjectMethod(method, type)) {
                continue; // toString(), equals, hashCode: Object implements them
            }
            abstractMethods.add(method);
            if (tracepoint != null && check != null) {
                both.add(method);
            } else if (tracepoint != null) {
                tracepoints.add(tracepoint(method, tracepoint));
            } else if (check != null) {
                checks.add(new EnabledCheckModel(method, check,
                        value(check, "value") instanceof String target ? target : ""));
            } else {
                unannotated.add(method);
            }
        }
        return new ProviderModel(type, provider, providerName, elements.getBinaryName(type).toString(), interfaceName,
                generatedName, stability(type), hasBoth(type), abstractMethods, tracepoints, checks, unannotated, both,
                concreteAnnotated);
    }

    private boolean redeclaresObjectMethod(ExecutableElement method, TypeElement type) {
        TypeElement object = elements.getTypeElement("java.lang.Object");
        for (ExecutableElement objectMethod : ElementFilter.methodsIn(object.getEnclosedElements())) {
            if (objectMethod.getModifiers().contains(Modifier.PUBLIC) && elements.overrides(method, objectMethod, type)) {
                return true;
            }
        }
        return false;
    }

    private TracepointModel tracepoint(ExecutableElement method, AnnotationMirror annotation) {
        // A malformed annotation value is javac's own error: read what is there without failing.
        AnnotationValue written = Diagnostic.explicitValue(annotation, "name");
        String explicitName = written != null && written.getValue() instanceof String text ? text : "";
        String eventName = explicitName.isEmpty() ? method.getSimpleName().toString() : explicitName;
        int id = value(annotation, "id") instanceof Integer number ? number : -1;
        int version = value(annotation, "version") instanceof Integer number ? number : 1;
        String level = value(annotation, "level") instanceof VariableElement constant
                ? constant.getSimpleName().toString() : "INFO";
        List<FieldModel> fields = new ArrayList<>();
        for (VariableElement parameter : method.getParameters()) {
            fields.add(field(parameter));
        }
        return new TracepointModel(method, annotation, eventName, !explicitName.isEmpty(), id, version, level, stability(method),
                hasBoth(method), fields);
    }

    private FieldModel field(VariableElement parameter) {
        String name = parameter.getSimpleName().toString();
        TypeMirror type = parameter.asType();
        FieldKind kind = null;
        String enumName = null;
        List<String> labels = List.of();
        switch (type.getKind()) {
            case BOOLEAN -> kind = FieldKind.BOOLEAN;
            case BYTE -> kind = FieldKind.BYTE;
            case SHORT -> kind = FieldKind.SHORT;
            case CHAR -> kind = FieldKind.CHAR;
            case INT -> kind = FieldKind.INT;
            case LONG -> kind = FieldKind.LONG;
            case FLOAT -> kind = FieldKind.FLOAT;
            case DOUBLE -> kind = FieldKind.DOUBLE;
            // byte[] and byte... alike; any other array, varargs included, is unsupported
            case ARRAY -> kind = ((ArrayType) type).getComponentType().getKind() == TypeKind.BYTE ? FieldKind.BYTES : null;
            case DECLARED -> {
                TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
                if (element.getQualifiedName().contentEquals("java.lang.String")) {
                    kind = FieldKind.STRING;
                } else if (element.getKind() == ElementKind.ENUM) {
                    kind = FieldKind.ENUM;
                    enumName = elements.getBinaryName(element).toString();
                    labels = enumConstants(element);
                }
            }
            default -> { }
        }
        return new FieldModel(parameter, name, type, kind, enumName, labels);
    }

    /** The enum's constants in declaration order, which is ordinal order. */
    private static List<String> enumConstants(TypeElement enumType) {
        List<String> constants = new ArrayList<>();
        for (Element enclosed : enumType.getEnclosedElements()) {
            if (enclosed.getKind() == ElementKind.ENUM_CONSTANT) {
                constants.add(enclosed.getSimpleName().toString());
            }
        }
        return constants;
    }

    private static DeclaredStability stability(Element element) {
        boolean stable = annotation(element, Names.STABLE) != null;
        boolean unstable = annotation(element, Names.UNSTABLE) != null;
        if (stable == unstable) {
            return null; // none, or both, which StabilityValidator reports
        }
        return stable ? DeclaredStability.STABLE : DeclaredStability.UNSTABLE;
    }

    private static boolean hasBoth(Element element) {
        return annotation(element, Names.STABLE) != null && annotation(element, Names.UNSTABLE) != null;
    }

    /** The annotation of type {@code qualifiedName} on {@code element}, or {@code null}. */
    static AnnotationMirror annotation(Element element, String qualifiedName) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
            if (type.getQualifiedName().contentEquals(qualifiedName)) {
                return mirror;
            }
        }
        return null;
    }

    private Object value(AnnotationMirror mirror, String name) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
                : elements.getElementValuesWithDefaults(mirror).entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals(name)) {
                return entry.getValue().getValue();
            }
        }
        return null; // an annotation compiled against another API version: treated as malformed
    }
}
