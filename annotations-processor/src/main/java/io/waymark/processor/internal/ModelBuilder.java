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

/** Reads a {@code @TraceProvider} interface into a {@link ProviderModel}. Reports nothing: validators do. */
public final class ModelBuilder {

    /** Prefix of generated class names; keep in step with {@code io.waymark.Waymark}. */
    static final String GENERATED_PREFIX = "Waymark";

    private final Elements elements;

    public ModelBuilder(Elements elements) {
        this.elements = elements;
    }

    public ProviderModel build(TypeElement type) {
        AnnotationMirror provider = annotation(type, Names.TRACE_PROVIDER);
        String providerName = value(provider, "value") instanceof String name ? name : "";
        ClassName interfaceName = ClassName.get(type);
        ClassName generatedName = ClassName.get(interfaceName.packageName(),
                GENERATED_PREFIX + String.join("_", interfaceName.simpleNames()));

        List<TracepointModel> tracepoints = new ArrayList<>();
        List<EnabledCheckModel> checks = new ArrayList<>();
        List<ExecutableElement> unannotated = new ArrayList<>();
        List<ExecutableElement> both = new ArrayList<>();
        List<ExecutableElement> concreteAnnotated = new ArrayList<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            AnnotationMirror tracepoint = annotation(method, Names.TRACEPOINT);
            AnnotationMirror check = annotation(method, Names.IS_ENABLED);
            if (!method.getModifiers().contains(Modifier.ABSTRACT)) {
                // default, static and private methods are the user's own, but an annotation on one would be ignored
                if (tracepoint != null || check != null) {
                    concreteAnnotated.add(method);
                }
                continue;
            }
            if (tracepoint != null && check != null) {
                both.add(method);
            } else if (tracepoint != null) {
                tracepoints.add(tracepoint(method, tracepoint));
            } else if (check != null) {
                checks.add(new EnabledCheckModel(method, check, value(check, "value") instanceof String target ? target : ""));
            } else if (!redeclaresObjectMethod(method, type)) { // toString(), equals, hashCode: Object implements them
                unannotated.add(method);
            }
        }
        return new ProviderModel(type, provider, providerName, elements.getBinaryName(type).toString(), interfaceName,
                generatedName, stability(type), hasBoth(type), tracepoints, checks, unannotated, both, concreteAnnotated);
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
        // A malformed annotation value is javac's own error; read what is there without failing.
        String explicitName = explicitName(annotation);
        String eventName = explicitName.isEmpty() ? method.getSimpleName().toString() : explicitName;
        int id = value(annotation, "id") instanceof Integer number ? number : -1;
        String level = value(annotation, "level") instanceof VariableElement constant ? constant.getSimpleName().toString() : "INFO";
        List<FieldModel> fields = new ArrayList<>();
        for (VariableElement parameter : method.getParameters()) {
            fields.add(field(parameter));
        }
        return new TracepointModel(method, annotation, eventName, id, level, stability(method), hasBoth(method), fields);
    }

    /** The event name written in a {@code @Tracepoint}, or {@code ""} when it is left to the method name. */
    static String explicitName(AnnotationMirror tracepoint) {
        AnnotationValue name = Diagnostic.explicitValue(tracepoint, "name");
        return name != null && name.getValue() instanceof String text ? text : "";
    }

    private FieldModel field(VariableElement parameter) {
        String name = parameter.getSimpleName().toString();
        TypeMirror type = parameter.asType();
        String kind = null;
        String enumName = null;
        List<String> labels = List.of();
        switch (type.getKind()) {
            case BOOLEAN: case BYTE: case SHORT: case CHAR: case INT: case LONG: case FLOAT: case DOUBLE:
                kind = type.getKind().name();
                break;
            case ARRAY:
                if (((ArrayType) type).getComponentType().getKind() == TypeKind.BYTE) {
                    kind = "BYTES";
                }
                break;
            case DECLARED:
                TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
                if (element.getQualifiedName().contentEquals("java.lang.String")) {
                    kind = "STRING";
                } else if (element.getKind() == ElementKind.ENUM) {
                    kind = "ENUM";
                    enumName = elements.getBinaryName(element).toString();
                    List<String> constants = new ArrayList<>();
                    for (Element enclosed : element.getEnclosedElements()) {
                        if (enclosed.getKind() == ElementKind.ENUM_CONSTANT) {
                            constants.add(enclosed.getSimpleName().toString());
                        }
                    }
                    labels = List.copyOf(constants);
                }
                break;
            default:
                break;
        }
        return new FieldModel(parameter, name, type, kind, enumName, labels);
    }

    private static String stability(Element element) {
        boolean stable = annotation(element, Names.STABLE) != null;
        boolean unstable = annotation(element, Names.UNSTABLE) != null;
        if (stable == unstable) {
            return null;
        }
        return stable ? "STABLE" : "UNSTABLE";
    }

    private static boolean hasBoth(Element element) {
        return annotation(element, Names.STABLE) != null && annotation(element, Names.UNSTABLE) != null;
    }

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
        throw new IllegalStateException("@" + mirror.getAnnotationType() + " has no element " + name);
    }
}
