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
import javax.lang.model.element.PackageElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads a {@code @TraceProvider} interface into a {@link ProviderModel}. It reports nothing and never
 * fails on a wrong declaration: it records what is there, and the validators judge it.
 */
public final class ModelBuilder {

    /** Prefix of generated class names; keep in step with {@code io.waymark.Waymark.generatedClassName}. */
    static final String GENERATED_PREFIX = "Waymark";

    private final Elements elements;
    private final Types types;

    public ModelBuilder(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
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
                concreteAnnotated, retired(type));
    }

    /** The {@code @Retired} entries, written once or repeated (then javac wraps them in {@code @Retired.List}). */
    private List<RetiredModel> retired(TypeElement type) {
        List<RetiredModel> retired = new ArrayList<>();
        AnnotationMirror single = annotation(type, Names.RETIRED);
        if (single != null) {
            retired.add(retiredEntry(single));
        }
        AnnotationMirror container = annotation(type, Names.RETIRED_LIST);
        if (container != null && value(container, "value") instanceof List<?> entries) {
            for (Object entry : entries) {
                if (entry instanceof AnnotationValue value && value.getValue() instanceof AnnotationMirror mirror) {
                    retired.add(retiredEntry(mirror));
                }
            }
        }
        return retired;
    }

    private RetiredModel retiredEntry(AnnotationMirror retired) {
        int id = value(retired, "id") instanceof Integer number ? number : -1;
        String name = value(retired, "name") instanceof String text ? text : "";
        String reason = value(retired, "reason") instanceof String text ? text : "";
        return new RetiredModel(retired, id, name, reason);
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
        List<ViewModel> views = new ArrayList<>();
        for (VariableElement parameter : method.getParameters()) {
            AnnotationMirror view = annotation(parameter, Names.VIEW);
            if (view == null) {
                fields.add(field(parameter));
            } else {
                ViewModel model = view(parameter, view);
                views.add(model);
                for (ViewModel.Accessor accessor : model.accessors()) {
                    TypeMirror type = accessor.viewMethod().getReturnType();
                    FieldType fieldType = fieldType(type);
                    fields.add(new FieldModel(parameter, parameter.getSimpleName() + "_" + accessor.name(), type,
                            fieldType.kind(), fieldType.enumName(), fieldType.labels(), null, 0, null, null,
                            accessor.viewMethod()));
                }
            }
        }
        return new TracepointModel(method, annotation, eventName, !explicitName.isEmpty(), id, version, level, stability(method),
                hasBoth(method), fields, views, elements.isDeprecated(method),
                value(annotation, "label") instanceof String label ? label.strip() : "", description(method, annotation));
    }

    /** The written description, else the Javadoc's first paragraph (before any block tag), on one line. */
    private String description(ExecutableElement method, AnnotationMirror annotation) {
        if (value(annotation, "description") instanceof String written && !written.isBlank()) {
            return written.strip();
        }
        String doc = elements.getDocComment(method);
        if (doc == null) {
            return "";
        }
        String text = doc.split("(?m)^\\s*@")[0].strip();
        int paragraph = text.indexOf("\n\n");
        if (paragraph >= 0) {
            text = text.substring(0, paragraph);
        }
        // {@code x} and {@link x} read as x in a tool that shows plain text.
        return text.replaceAll("\\{@\\w+\\s+([^}]*)}", "$1").replaceAll("\\s+", " ").strip();
    }

    private FieldModel field(VariableElement parameter) {
        FieldType fieldType = fieldType(parameter.asType());
        AnnotationMirror since = annotation(parameter, Names.SINCE);
        AnnotationMirror defaultValue = annotation(parameter, Names.DEFAULT);
        return new FieldModel(parameter, parameter.getSimpleName().toString(), parameter.asType(), fieldType.kind(),
                fieldType.enumName(), fieldType.labels(), since,
                since != null && value(since, "value") instanceof Integer number ? number : 0,
                defaultValue, defaultValue != null && value(defaultValue, "value") instanceof String text ? text : null,
                null);
    }

    /** A type's field kind (or {@code null}), with an enum's binary name and constants. */
    private record FieldType(FieldKind kind, String enumName, List<String> labels) {}

    private FieldType fieldType(TypeMirror type) {
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
        return new FieldType(kind, enumName, labels);
    }

    /**
     * A {@code @View} parameter: the view's abstract methods in declaration order, each matched by name with a
     * no-argument method of the parameter's type (inherited ones included).
     */
    private ViewModel view(VariableElement parameter, AnnotationMirror annotation) {
        TypeElement view = value(annotation, "value") instanceof DeclaredType declared
                && declared.asElement() instanceof TypeElement element ? element : null;
        List<ViewModel.Accessor> accessors = new ArrayList<>();
        if (view == null) {
            return new ViewModel(parameter, annotation, null, accessors);
        }
        TypeElement owner = (TypeElement) parameter.getEnclosingElement().getEnclosingElement();
        for (ExecutableElement viewMethod : ElementFilter.methodsIn(view.getEnclosedElements())) {
            if (!viewMethod.getModifiers().contains(Modifier.ABSTRACT)) {
                continue; // default and static methods of the view are its own
            }
            ExecutableElement target = null;
            boolean accessible = false;
            boolean assignable = false;
            if (parameter.asType() instanceof DeclaredType declared && declared.asElement() instanceof TypeElement type) {
                for (ExecutableElement candidate : ElementFilter.methodsIn(elements.getAllMembers(type))) {
                    if (candidate.getSimpleName().contentEquals(viewMethod.getSimpleName()) && candidate.getParameters().isEmpty()
                            && !candidate.getModifiers().contains(Modifier.STATIC)) {
                        target = candidate;
                        accessible = accessibleFrom(candidate, owner);
                        TypeMirror returned = ((javax.lang.model.type.ExecutableType) types.asMemberOf(declared, candidate))
                                .getReturnType();
                        TypeMirror wanted = viewMethod.getReturnType();
                        // no unboxing: a null Integer would throw where the view promises an int
                        assignable = returned.getKind() != TypeKind.VOID && types.isAssignable(returned, wanted)
                                && (!wanted.getKind().isPrimitive() || returned.getKind().isPrimitive());
                        break;
                    }
                }
            }
            accessors.add(new ViewModel.Accessor(viewMethod, target, accessible, assignable));
        }
        return new ViewModel(parameter, annotation, view, accessors);
    }

    /** Whether the generated class, a top-level class of {@code provider}'s package, may call {@code method}. */
    private boolean accessibleFrom(ExecutableElement method, TypeElement provider) {
        if (method.getModifiers().contains(Modifier.PUBLIC)) {
            return true;
        }
        if (method.getModifiers().contains(Modifier.PRIVATE)) {
            return false;
        }
        PackageElement methodPackage = elements.getPackageOf(method);
        return methodPackage.equals(elements.getPackageOf(provider));
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
