package io.waymark.processor.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;

/**
 * The rules a provider declaration must follow, one validator per rule. Every validator reports all
 * the violations it finds, each on the offending element, with what is wrong and how to fix it.
 */
public final class Validators {

    /** One rule. */
    interface Validator {
        void validate(ProviderModel provider, List<Diagnostic> errors);
    }

    static final Pattern PROVIDER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final int MAX_ID = 0xFFFF;
    static final String FIELD_TYPES = "boolean, byte, short, char, int, long, float, double, String, an enum, or byte[]";

    private static final List<Validator> RULES = List.of(
            Validators::providerName,
            Validators::everyMethodDeclared,
            Validators::voidReturn,
            Validators::notGeneric,
            Validators::noOverloads,
            Validators::fieldTypes,
            Validators::eventIds,
            Validators::eventNames,
            Validators::stability,
            Validators::enabledChecks);

    private Validators() {}

    /**
     * The rules on the annotated element itself, checked before a model is built: it must be a
     * non-generic, non-private, non-sealed interface that extends no other interface.
     */
    public static List<Diagnostic> validateDeclaration(Element element) {
        List<Diagnostic> errors = new ArrayList<>();
        if (element.getKind() != ElementKind.INTERFACE) {
            String kind = element.getKind().toString().toLowerCase(Locale.ROOT).replace('_', ' ');
            errors.add(Diagnostic.on(element, "@TraceProvider " + element.getSimpleName() + " is "
                    + ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind
                    + ", not an interface; declare the provider as an interface whose methods are the tracepoints"));
            return errors;
        }
        TypeElement type = (TypeElement) element;
        if (!type.getTypeParameters().isEmpty()) {
            errors.add(Diagnostic.on(type, "@TraceProvider " + type.getSimpleName()
                    + " must not be generic; remove its type parameters (tracepoint fields have concrete types)"));
        }
        if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS) {
            errors.add(Diagnostic.on(type, "@TraceProvider " + type.getSimpleName()
                    + " is declared inside a method; declare it as a top-level or member interface"));
        }
        for (Element enclosing = type; enclosing instanceof TypeElement; enclosing = enclosing.getEnclosingElement()) {
            if (enclosing.getModifiers().contains(Modifier.PRIVATE)) {
                errors.add(Diagnostic.on(type, "@TraceProvider " + type.getSimpleName() + " is not visible to its package"
                        + " because " + enclosing.getSimpleName() + " is private; make it package-private or public"));
                break;
            }
        }
        if (type.getModifiers().contains(Modifier.SEALED)) {
            errors.add(Diagnostic.on(type, "@TraceProvider " + type.getSimpleName() + " is sealed, which forbids its generated"
                    + " implementation; remove 'sealed' and the permits clause"));
        }
        if (!type.getInterfaces().isEmpty()) {
            errors.add(Diagnostic.on(type, "@TraceProvider " + type.getSimpleName() + " extends "
                    + type.getInterfaces().stream().map(Object::toString).collect(Collectors.joining(", "))
                    + "; a provider must not extend other interfaces: declare all its tracepoints in it"));
        }
        return errors;
    }

    /**
     * The rule on a {@code @Tracepoint} or {@code @IsEnabled} method: it belongs to a {@code @TraceProvider}
     * interface, else nothing implements it. Returns an empty list when the method's type is a provider
     * (whose own rules then apply).
     */
    public static List<Diagnostic> validateEnclosingProvider(Element method, String annotation) {
        Element type = method.getEnclosingElement();
        if (ModelBuilder.annotation(type, Names.TRACE_PROVIDER) != null) {
            return List.of();
        }
        return List.of(Diagnostic.on(method, "@" + annotation + " method " + method.getSimpleName() + " is in "
                + type.getSimpleName() + ", which is not annotated @TraceProvider, so nothing implements it; annotate "
                + type.getSimpleName() + " with @TraceProvider(\"<provider name>\") or remove @" + annotation));
    }

    /** Checks every rule on a provider model and returns all errors, in a stable order. */
    public static List<Diagnostic> validate(ProviderModel provider) {
        List<Diagnostic> errors = new ArrayList<>();
        for (Validator rule : RULES) {
            rule.validate(provider, errors);
        }
        return errors;
    }

    static void providerName(ProviderModel provider, List<Diagnostic> errors) {
        if (!PROVIDER_NAME.matcher(provider.providerName()).matches()) {
            errors.add(Diagnostic.onValue(provider.element(), provider.annotation(), "value", "provider name '" + provider.providerName()
                    + "' is invalid: start with a letter and use only letters, digits, '_', '-' and '.' (for example \"shop.orders\")"));
        }
    }

    static void everyMethodDeclared(ProviderModel provider, List<Diagnostic> errors) {
        for (ExecutableElement method : provider.unannotated()) {
            errors.add(Diagnostic.on(method, "method " + method.getSimpleName() + " of provider " + provider.element().getSimpleName()
                    + " is neither @Tracepoint nor @IsEnabled; annotate it, or give it a default implementation"));
        }
        for (ExecutableElement method : provider.concreteAnnotated()) {
            String annotation = ModelBuilder.annotation(method, Names.TRACEPOINT) != null ? "@Tracepoint" : "@IsEnabled";
            String kind = method.getModifiers().contains(Modifier.STATIC) ? "static"
                    : method.getModifiers().contains(Modifier.PRIVATE) ? "private" : "default";
            errors.add(Diagnostic.on(method, annotation + " method " + method.getSimpleName() + " is a " + kind
                    + " method, which the processor does not implement, so the annotation has no effect; declare the method"
                    + " abstract (without a body) or remove " + annotation));
        }
        for (ExecutableElement method : provider.doublyAnnotated()) {
            errors.add(Diagnostic.on(method, "method " + method.getSimpleName()
                    + " is both @Tracepoint and @IsEnabled; a method is one or the other: split it in two"));
        }
    }

    static void voidReturn(ProviderModel provider, List<Diagnostic> errors) {
        for (TracepointModel tracepoint : provider.tracepoints()) {
            if (tracepoint.method().getReturnType().getKind() != TypeKind.VOID) {
                errors.add(Diagnostic.on(tracepoint.method(), "tracepoint " + tracepoint.methodName() + " returns "
                        + tracepoint.method().getReturnType() + "; a tracepoint returns nothing: declare it void"));
            }
        }
    }

    static void notGeneric(ProviderModel provider, List<Diagnostic> errors) {
        for (TracepointModel tracepoint : provider.tracepoints()) {
            if (!tracepoint.method().getTypeParameters().isEmpty()) {
                errors.add(Diagnostic.on(tracepoint.method(), "tracepoint " + tracepoint.methodName()
                        + " is generic; remove its type parameters and give each parameter a concrete field type"));
            }
        }
    }

    static void noOverloads(ProviderModel provider, List<Diagnostic> errors) {
        Set<String> seen = new HashSet<>();
        List<ExecutableElement> methods = new ArrayList<>();
        provider.tracepoints().forEach(t -> methods.add(t.method()));
        provider.checks().forEach(c -> methods.add(c.method()));
        Map<Element, Integer> position = new HashMap<>();
        List<? extends Element> members = provider.element().getEnclosedElements();
        for (int i = 0; i < members.size(); i++) {
            position.put(members.get(i), i);
        }
        methods.sort((a, b) -> Integer.compare(position.get(a), position.get(b)));
        for (ExecutableElement method : methods) {
            if (!seen.add(method.getSimpleName().toString())) {
                errors.add(Diagnostic.on(method, "method " + method.getSimpleName()
                        + " is overloaded; each tracepoint needs a method name of its own: rename this one"));
            }
        }
    }

    static void fieldTypes(ProviderModel provider, List<Diagnostic> errors) {
        for (TracepointModel tracepoint : provider.tracepoints()) {
            if (!tracepoint.method().getTypeParameters().isEmpty()) {
                continue; // reported as generic, which covers its type-variable parameters
            }
            for (FieldModel field : tracepoint.fields()) {
                if (!field.supported()) {
                    errors.add(Diagnostic.on(field.parameter(), "parameter '" + field.name() + "' of tracepoint "
                            + tracepoint.methodName() + " has type " + field.type() + ", which is not a tracepoint field type; use "
                            + FIELD_TYPES + " (extract the values you need into separate parameters)"));
                } else if (field.type().getKind() == TypeKind.DECLARED) {
                    // the generated implementation is a top-level class of the provider's package: it cannot see private types
                    for (Element type = ((DeclaredType) field.type()).asElement(); type instanceof TypeElement;
                            type = type.getEnclosingElement()) {
                        if (type.getModifiers().contains(Modifier.PRIVATE)) {
                            errors.add(Diagnostic.on(field.parameter(), "parameter '" + field.name() + "' of tracepoint "
                                    + tracepoint.methodName() + " has type " + field.type() + ", which the generated "
                                    + provider.generatedName().simpleName() + " cannot access because " + type.getSimpleName()
                                    + " is private; make it package-private or public"));
                            break;
                        }
                    }
                }
            }
        }
    }

    static void eventIds(ProviderModel provider, List<Diagnostic> errors) {
        Map<Integer, TracepointModel> byId = new HashMap<>();
        for (TracepointModel tracepoint : provider.tracepoints()) {
            if (tracepoint.id() < 0 || tracepoint.id() > MAX_ID) {
                errors.add(Diagnostic.onValue(tracepoint.method(), tracepoint.annotation(), "id", "event id " + tracepoint.id()
                        + " of tracepoint " + tracepoint.methodName() + " is outside 0.." + MAX_ID + "; choose an id in that range"));
                continue;
            }
            TracepointModel first = byId.putIfAbsent(tracepoint.id(), tracepoint);
            if (first != null) {
                errors.add(Diagnostic.onValue(tracepoint.method(), tracepoint.annotation(), "id", "event id " + tracepoint.id()
                        + " of tracepoint " + tracepoint.methodName() + " is already used by " + first.methodName()
                        + "; event ids are unique within a provider: choose an unused id"));
            }
        }
    }

    static void eventNames(ProviderModel provider, List<Diagnostic> errors) {
        Map<String, TracepointModel> byName = new HashMap<>();
        for (TracepointModel tracepoint : provider.tracepoints()) {
            if (!EVENT_NAME.matcher(tracepoint.eventName()).matches()) {
                boolean explicit = !ModelBuilder.explicitName(tracepoint.annotation()).isEmpty();
                errors.add(explicit
                        ? Diagnostic.onValue(tracepoint.method(), tracepoint.annotation(), "name", "event name '"
                                + tracepoint.eventName() + "' of tracepoint " + tracepoint.methodName()
                                + " is invalid: start with a letter or '_' and use only ASCII letters, digits and '_'")
                        : Diagnostic.on(tracepoint.method(), "event name '" + tracepoint.eventName() + "', the name of method "
                                + tracepoint.methodName() + ", is invalid: event names start with a letter or '_' and use only"
                                + " ASCII letters, digits and '_'; set a valid one with @Tracepoint(name = ...)"));
                continue;
            }
            TracepointModel first = byName.putIfAbsent(tracepoint.eventName(), tracepoint);
            if (first != null && !first.methodName().equals(tracepoint.methodName())) { // an overload is reported as such
                errors.add(Diagnostic.onValue(tracepoint.method(), tracepoint.annotation(), "name", "event name '"
                        + tracepoint.eventName() + "' of tracepoint " + tracepoint.methodName() + " is already used by " + first.methodName()
                        + "; event names are unique within a provider: set another name with @Tracepoint(name = ...)"));
            }
        }
    }

    static void stability(ProviderModel provider, List<Diagnostic> errors) {
        if (provider.conflictingDefaultStability()) {
            errors.add(Diagnostic.on(provider.element(), "provider " + provider.element().getSimpleName()
                    + " is annotated both @Stable and @Unstable; keep the one that states its tracepoints' default"));
        }
        for (TracepointModel tracepoint : provider.tracepoints()) {
            if (tracepoint.conflictingStability()) {
                errors.add(Diagnostic.on(tracepoint.method(), "tracepoint " + tracepoint.methodName()
                        + " is annotated both @Stable and @Unstable; keep one"));
            } else if (tracepoint.stability() == null && provider.defaultStability() == null) {
                errors.add(Diagnostic.on(tracepoint.method(), "tracepoint " + tracepoint.methodName()
                        + " declares no stability; annotate it (or the provider) @Stable if consumers may rely on its"
                        + " name and fields, or @Unstable if it is a debug tracepoint that may change"));
            }
        }
    }

    static void enabledChecks(ProviderModel provider, List<Diagnostic> errors) {
        Set<String> tracepoints = new HashSet<>();
        provider.tracepoints().forEach(t -> tracepoints.add(t.methodName()));
        for (EnabledCheckModel check : provider.checks()) {
            ExecutableElement method = check.method();
            if (method.getReturnType().getKind() != TypeKind.BOOLEAN || !method.getParameters().isEmpty()
                    || !method.getTypeParameters().isEmpty()) {
                errors.add(Diagnostic.on(method, "@IsEnabled method " + method.getSimpleName()
                        + " must be declared as 'boolean " + method.getSimpleName() + "()': no parameters, no type parameters"));
            }
            if (!tracepoints.contains(check.tracepointMethod())) {
                errors.add(Diagnostic.onValue(method, check.annotation(), "value", "@IsEnabled(\"" + check.tracepointMethod()
                        + "\") names no @Tracepoint method of " + provider.element().getSimpleName()
                        + "; use the method name of one of its tracepoints " + tracepoints.stream().sorted().toList()));
            }
        }
    }
}
