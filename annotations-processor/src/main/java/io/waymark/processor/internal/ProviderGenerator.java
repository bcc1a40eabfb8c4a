package io.waymark.processor.internal;

import com.squareup.javapoet.AnnotationSpec;
import com.squareup.javapoet.ArrayTypeName;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import io.waymark.processor.schema.EventSchema;
import io.waymark.processor.schema.FieldSchema;
import io.waymark.processor.schema.ProviderSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;

/**
 * Writes the implementation of a valid provider. Its shape is the contract with the runtime
 * ({@code io.waymark.spi.probe}): the class registers its descriptor once and keeps, per tracepoint, a
 * {@code static final} probe and enabled handle (and, for events written in place, the handle of the
 * probe's begin handle, which binds the record sink); a tracepoint method's only dormant work is
 * {@code invokeExact} on that constant handle, which the JIT folds; the event is filled and committed
 * in an out-of-line emit method; and {@code INSTANCE} is declared after the probes, so it is never seen
 * without them. In a named module the class grants {@code io.waymark.api} the access that
 * {@code Waymark.provider} needs to read {@code INSTANCE} reflectively, so that module-info.java need not.
 */
public final class ProviderGenerator {

    private static final String SPI = "io.waymark.spi";
    private static final ClassName PROBE = ClassName.get(SPI + ".probe", "Probe");
    private static final ClassName PROBE_REGISTRY = ClassName.get(SPI + ".probe", "ProbeRegistry");
    private static final ClassName EVENT_WRITER = ClassName.get(SPI + ".wire", "EventWriter");
    private static final ClassName PROVIDER_DESCRIPTOR = ClassName.get(SPI, "ProviderDescriptor");
    private static final ClassName EVENT_TYPE = ClassName.get(SPI, "EventType");
    private static final ClassName FIELD_DESCRIPTOR = ClassName.get(SPI, "FieldDescriptor");
    private static final ClassName FIELD_TYPE = ClassName.get(SPI, "FieldType");
    private static final ClassName LEVEL = ClassName.get("io.waymark", "Level");
    private static final ClassName STABILITY = ClassName.get("io.waymark", "Stability");
    private static final ClassName WAYMARK = ClassName.get("io.waymark", "Waymark");
    private static final ClassName LIST = ClassName.get("java.util", "List");
    private static final ClassName METHOD_HANDLE = ClassName.get("java.lang.invoke", "MethodHandle");
    private static final ClassName METHOD_TYPE = ClassName.get("java.lang.invoke", "MethodType");
    private static final ClassName GENERATED = ClassName.bestGuess(GeneratedAnnotation.NAME);

    private ProviderGenerator() {}

    /**
     * The source of {@code provider}'s implementation.
     *
     * @param provider a provider without errors
     * @param schema its schema, whose field versions and defaults the event types carry
     * @param withGeneratedAnnotation whether to annotate the class {@code @Generated}; see {@link GeneratedAnnotation}
     * @param inNamedModule whether the provider is in a named module, whose packages are encapsulated
     */
    public static JavaFile generate(ProviderModel provider, ProviderSchema schema, boolean withGeneratedAnnotation,
            boolean inNamedModule) {
        GeneratedNames names = new GeneratedNames(provider);
        List<TracepointModel> tracepoints = provider.tracepoints();

        TypeSpec.Builder type = TypeSpec.classBuilder(provider.generatedName());
        if (withGeneratedAnnotation) {
            type.addAnnotation(AnnotationSpec.builder(GENERATED).addMember("value", "$S", Names.PROCESSOR).build());
        }
        // implementing a deprecated provider, tracepoint or enum must not warn in the application's build
        type.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class)
                .addMember("value", "{$S, $S}", "deprecation", "removal").build());
        boolean publicClass = provider.element().getModifiers().contains(Modifier.PUBLIC);
        if (publicClass) {
            type.addModifiers(Modifier.PUBLIC);
        }
        type.addModifiers(Modifier.FINAL)
                .addSuperinterface(provider.interfaceName())
                // the only input: lets incremental builds (Gradle's isolating mode) map the output to its source
                .addOriginatingElement(provider.element())
                // the provider's member types are inherited: one named Level or List must not shadow an import
                .avoidClashesWithNestedClasses(provider.element());

        CodeBlock.Builder events = CodeBlock.builder();
        for (int i = 0; i < tracepoints.size(); i++) {
            events.add(i == 0 ? "\n$N()" : ",\n$N()", names.of(i).type());
        }
        // each tracepoint's parameter types, for its arguments handle (null: view fields, always encoded)
        CodeBlock.Builder arguments = CodeBlock.builder();
        for (int i = 0; i < tracepoints.size(); i++) {
            arguments.add(i == 0 ? "\n" : ",\n");
            if (writesInPlace(tracepoints.get(i))) {
                arguments.add("$T.methodType(void.class$L)", METHOD_TYPE, parameterClasses(tracepoints.get(i)));
            } else {
                arguments.add("null");
            }
        }
        type.addField(FieldSpec.builder(ArrayTypeName.of(PROBE), GeneratedNames.PROBES,
                        Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.register(new $T($S, $S, $T.of($>$>$L$<$<)),$>$> new $T[] {$L}$<$<)", PROBE_REGISTRY,
                        PROVIDER_DESCRIPTOR, provider.providerName(), provider.binaryName(), LIST, events.build(), METHOD_TYPE,
                        arguments.build())
                .build());
        for (int i = 0; i < tracepoints.size(); i++) {
            GeneratedNames.TracepointNames tracepoint = names.of(i);
            type.addField(FieldSpec.builder(PROBE, tracepoint.probe(), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("$N[$L]", GeneratedNames.PROBES, i).build());
            type.addField(FieldSpec.builder(METHOD_HANDLE, tracepoint.enabled(), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("$N.enabledHandle()", tracepoint.probe()).build());
            if (writesInPlace(tracepoints.get(i))) {
                type.addField(FieldSpec.builder(METHOD_HANDLE, tracepoint.begin(), Modifier.PRIVATE, Modifier.STATIC,
                                Modifier.FINAL)
                        .initializer("$N.beginHandle()", tracepoint.probe()).build());
                type.addField(FieldSpec.builder(METHOD_HANDLE, tracepoint.arguments(), Modifier.PRIVATE, Modifier.STATIC,
                                Modifier.FINAL)
                        .initializer("$N.argumentsHandle()", tracepoint.probe()).build());
            }
        }
        type.addField(FieldSpec.builder(provider.generatedName(), GeneratedNames.INSTANCE,
                        Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The provider's single instance.\n")
                .initializer("new $T()", provider.generatedName()).build());
        if (inNamedModule) {
            type.addStaticBlock(moduleAccess(provider, publicClass));
        }
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());

        StringSlots stringSlots = new StringSlots(provider.providerName());
        for (int i = 0; i < tracepoints.size(); i++) {
            type.addMethod(tracepointMethod(tracepoints.get(i), names.of(i)));
            type.addMethod(emitMethod(tracepoints.get(i), names.of(i), stringSlots));
        }
        for (EnabledCheckModel check : provider.checks()) {
            type.addMethod(checkMethod(check, names.of(provider.indexOfTracepoint(check.tracepointMethod()))));
        }
        for (int i = 0; i < tracepoints.size(); i++) {
            type.addMethod(typeMethod(provider, tracepoints.get(i), schema.events().get(i), names.of(i)));
        }
        return JavaFile.builder(provider.generatedName().packageName(), type.build())
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    /**
     * Grants {@code io.waymark.api} what {@code Waymark.provider} needs: it loads this class and reads its public
     * {@code INSTANCE} reflectively, which in a named module requires the package exported to it, or, for a class
     * that is not public ({@code setAccessible}), open to it. A module may grant that only from its own code (as
     * here, during the class initialisation that {@code Waymark.provider} triggers before the read); granted
     * already, by module-info.java or an open module, it is a no-op. Only io.waymark.api gains access, to this one
     * package.
     */
    private static CodeBlock moduleAccess(ProviderModel provider, boolean publicClass) {
        return CodeBlock.builder()
                .add("// Waymark.provider reads INSTANCE reflectively from module io.waymark.api: let it, so that\n")
                .add("// module-info.java need not export (or open) this package to io.waymark.api\n")
                .addStatement("$T.class.getModule().$N($S, $T.class.getModule())", provider.generatedName(),
                        publicClass ? "addExports" : "addOpens", provider.generatedName().packageName(), WAYMARK)
                .build();
    }

    /**
     * The tracepoint itself. The {@code invokeExact} stays here, on the {@code static final} handle: that is
     * what the JIT constant-folds, so a dormant call costs nothing.
     */
    private static MethodSpec tracepointMethod(TracepointModel tracepoint, GeneratedNames.TracepointNames names) {
        String on = local(tracepoint, "on");
        String failure = local(tracepoint, "t");
        return MethodSpec.methodBuilder(tracepoint.methodName())
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameters(parameters(tracepoint))
                .varargs(tracepoint.method().isVarArgs())
                .addStatement("boolean $L", on)
                .beginControlFlow("try")
                .addStatement("$L = (boolean) $N.invokeExact()", on, names.enabled())
                .nextControlFlow("catch ($T $L)", Throwable.class, failure)
                .addStatement("return")
                .endControlFlow()
                .beginControlFlow("if ($L)", on)
                .beginControlFlow("try")
                .addStatement("$N($L)", names.emit(), arguments(tracepoint))
                .nextControlFlow("catch ($T $L)", Throwable.class, failure)
                .addComment("tracing never lets anything reach the application, not even a StackOverflowError")
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    /** The enabled path, out of line so that the tracepoint method stays small enough to inline everywhere. */
    private static MethodSpec emitMethod(TracepointModel tracepoint, GeneratedNames.TracepointNames names,
            StringSlots stringSlots) {
        String writer = local(tracepoint, "writer");
        MethodSpec.Builder method = MethodSpec.methodBuilder(names.emit())
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameters(parameters(tracepoint));
        if (writesInPlace(tracepoint)) {
            // the begin handle is invoked here, on the static final field, so that the JIT folds it (and the
            // sink, type and identity bound in it) too; what invokeExact declares is caught by the tracepoint method
            // first whatever takes the event straight from the arguments (a backend's consumer, a filter, an
            // aggregation): true when it must still be encoded; a constant true, folded, when nothing does
            method.addException(Throwable.class)
                    .beginControlFlow("if (!(boolean) $N.invokeExact($L))", names.arguments(), arguments(tracepoint))
                    .addStatement("return")
                    .endControlFlow()
                    .addStatement("$T $L = ($T) $N.invokeExact()", EVENT_WRITER, writer, EVENT_WRITER, names.begin());
        } else {
            // A view accessor is application code: it may be slow or throw, so its event is encoded
            // in the writer's own buffer, never in place in a backend's memory (see Probe.begin).
            method.addStatement("$T $L = $N.beginBuffered()", EVENT_WRITER, writer, names.probe());
        }
        method.beginControlFlow("if ($L == null)", writer)
                .addStatement("return")
                .endControlFlow();
        // Whatever is thrown while the fields are written (an accessor's exception, a StackOverflowError),
        // the writer and any room it claimed go back, or the thread (or a backend's buffer) would lose them.
        method.beginControlFlow("try");
        List<FieldModel> fields = tracepoint.fields();
        for (int i = 0; i < fields.size(); ) {
            int run = reservableRun(fields, i);
            if (run >= 2) {
                // one capacity check for the run instead of one per field
                int bytes = 0;
                for (int j = i; j < i + run; j++) {
                    bytes += fields.get(j).kind().size();
                }
                method.beginControlFlow("if ($L.reserve($L))", writer, bytes);
                for (int j = i; j < i + run; j++) {
                    FieldModel field = fields.get(j);
                    method.addStatement("$L.$L($N)", writer, field.kind().putReservedMethod(),
                            field.parameter().getSimpleName().toString());
                }
                method.endControlFlow();
                i += run;
                continue;
            }
            FieldModel field = fields.get(i++);
            String parameter = field.parameter().getSimpleName().toString();
            // a string field also names its slot in the thread's cache of encoded strings
            String slot = field.kind() == FieldKind.STRING ? ", " + stringSlots.next() : "";
            if (field.viewField()) {
                // a null object records each view field as the encoding records null or zero
                method.addStatement("$L.$L($N == null ? $L : $N.$N()$L)", writer, field.kind().putMethod(), parameter,
                        zero(field), parameter, field.accessor(), slot);
            } else {
                method.addStatement("$L.$L($N$L)", writer, field.kind().putMethod(), parameter, slot);
            }
        }
        String failure = local(tracepoint, "t");
        method.nextControlFlow("catch ($T $L)", Throwable.class, failure)
                .addStatement("$N.abort($L)", names.probe(), writer)
                .addStatement("return")
                .endControlFlow();
        return method.addStatement("$N.commit($L)", names.probe(), writer).build();
    }

    /**
     * How many fields from {@code from} on are fixed-size parameters in a row (no view field: its
     * accessor is application code, called with nothing reserved), which one reservation can cover.
     */
    private static int reservableRun(List<FieldModel> fields, int from) {
        int end = from;
        while (end < fields.size() && !fields.get(end).viewField() && fields.get(end).kind().fixedSize()) {
            end++;
        }
        return end - from;
    }

    /** Whether the tracepoint's events may be written in place in a backend's memory: no field runs application code. */
    private static boolean writesInPlace(TracepointModel tracepoint) {
        return tracepoint.fields().stream().noneMatch(FieldModel::viewField);
    }

    private static MethodSpec checkMethod(EnabledCheckModel check, GeneratedNames.TracepointNames target) {
        return MethodSpec.methodBuilder(check.methodName())
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(TypeName.BOOLEAN)
                .beginControlFlow("try")
                .addStatement("return (boolean) $N.invokeExact()", target.enabled())
                .nextControlFlow("catch ($T t)", Throwable.class)
                .addStatement("return false")
                .endControlFlow()
                .build();
    }

    /**
     * The event type, built in a method of its own rather than inline in the static initializer: the
     * initializer's bytecode is limited to 64 KiB, and inline descriptors (an enum's labels repeated per
     * field) would exceed it for a few dozen tracepoints that take a large enum.
     */
    private static MethodSpec typeMethod(ProviderModel provider, TracepointModel tracepoint, EventSchema event,
            GeneratedNames.TracepointNames names) {
        CodeBlock.Builder fields = CodeBlock.builder();
        for (int i = 0; i < tracepoint.fields().size(); i++) {
            FieldModel field = tracepoint.fields().get(i);
            fields.add(i == 0 ? "\n" : ",\n");
            if (field.kind() == FieldKind.ENUM) {
                CodeBlock.Builder labels = CodeBlock.builder();
                for (int l = 0; l < field.enumLabels().size(); l++) {
                    labels.add(l == 0 ? "$S" : ",$W$S", field.enumLabels().get(l)); // $W: long enums wrap at 100 columns
                }
                fields.add("$T.ofEnum($S, $S, $T.of($L))", FIELD_DESCRIPTOR, field.name(), field.enumBinaryName(), LIST,
                        labels.build());
            } else {
                fields.add("$T.of($S, $T.$L)", FIELD_DESCRIPTOR, field.name(), FIELD_TYPE, field.kind().name());
            }
            FieldSchema schema = event.fields().get(i);
            if (schema.since() != 1) {
                fields.add(".since($L)", schema.since());
            }
            if (schema.defaultValue() != null) {
                fields.add(".withDefault($S)", schema.defaultValue());
            }
        }
        CodeBlock texts = tracepoint.label().isEmpty() && tracepoint.description().isEmpty() ? CodeBlock.of("")
                : CodeBlock.of(", $S, $S", tracepoint.label(), tracepoint.description());
        return MethodSpec.methodBuilder(names.type())
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(EVENT_TYPE)
                .addStatement("return new $T($S, $S, $L, $L, $T.$L, $T.$L, $T.of($L)$L)", EVENT_TYPE,
                        provider.providerName(), tracepoint.eventName(), tracepoint.id(), tracepoint.version(), STABILITY,
                        provider.stabilityOf(tracepoint).name(), LEVEL, tracepoint.level(), LIST, fields.build(), texts)
                .build();
    }

    private static List<ParameterSpec> parameters(TracepointModel tracepoint) {
        List<ParameterSpec> parameters = new ArrayList<>();
        for (VariableElement parameter : tracepoint.method().getParameters()) {
            parameters.add(ParameterSpec.builder(TypeName.get(parameter.asType()), parameter.getSimpleName().toString()).build());
        }
        return parameters;
    }

    /** {@code , long.class, String.class, ...}: the erased parameter types, as class literals. */
    private static CodeBlock parameterClasses(TracepointModel tracepoint) {
        CodeBlock.Builder classes = CodeBlock.builder();
        for (VariableElement parameter : tracepoint.method().getParameters()) {
            TypeName type = TypeName.get(parameter.asType());
            if (type instanceof com.squareup.javapoet.ParameterizedTypeName parameterized) {
                type = parameterized.rawType;
            }
            classes.add(", $T.class", type);
        }
        return classes.build();
    }

    private static String arguments(TracepointModel tracepoint) {
        List<String> names = new ArrayList<>();
        tracepoint.method().getParameters().forEach(parameter -> names.add(parameter.getSimpleName().toString()));
        return String.join(", ", names);
    }

    /** What a view field records for a null object: the value the encoding writes for null, or zero. */
    private static CodeBlock zero(FieldModel field) {
        TypeKind kind = field.type().getKind();
        return switch (kind) {
            case BOOLEAN -> CodeBlock.of("false");
            case BYTE -> CodeBlock.of("(byte) 0");
            case SHORT -> CodeBlock.of("(short) 0");
            case CHAR -> CodeBlock.of("(char) 0");
            case INT -> CodeBlock.of("0");
            case LONG -> CodeBlock.of("0L");
            case FLOAT -> CodeBlock.of("0f");
            case DOUBLE -> CodeBlock.of("0d");
            default -> CodeBlock.of("null");
        };
    }

    /** {@code wanted}, or {@code $wanted}, {@code $$wanted}, ...: a local variable name that no parameter uses. */
    private static String local(TracepointModel tracepoint, String wanted) {
        Set<String> parameters = new HashSet<>();
        tracepoint.method().getParameters().forEach(parameter -> parameters.add(parameter.getSimpleName().toString()));
        String name = wanted;
        while (parameters.contains(name)) {
            name = "$" + name;
        }
        return name;
    }

    /**
     * Numbers a provider's string fields for {@code EventWriter.putString(String, int)}: consecutive
     * numbers from a start derived from the provider name, so that the fields of one provider take
     * distinct slots of the writer's cache and different providers start at different slots.
     * Deterministic, like all generated output.
     */
    private static final class StringSlots {
        private int next;

        StringSlots(String providerName) {
            this.next = providerName.hashCode() & 0xFFFF;
        }

        int next() {
            return next++;
        }
    }
}
