package io.waymark.backend.jfr.internal;

import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SwitchPoint;
import java.util.Base64;

/**
 * The arguments path: a handle that commits a JFR event straight from a tracepoint's arguments through the
 * generated class's static {@code record} method, and the value mappings that method calls (the same as the
 * event view gives the generated {@code emit}: the event ABI's {@code null} as empty, Base64, the enum's label).
 */
final class JfrArguments {

    private static final MethodHandle LABEL;

    static {
        try {
            LABEL = MethodHandles.lookup().findStatic(JfrArguments.class, "label",
                    MethodType.methodType(String.class, FieldDescriptor.class, Enum.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private JfrArguments() {}

    /** A String field's value: {@code null} reads as empty, as the event ABI records it. */
    static String text(String value) {
        return value == null ? "" : value;
    }

    /** A {@code byte[]} field's value: Base64 with padding; {@code null} reads as an empty array, so {@code ""}. */
    static String base64(byte[] value) {
        return value == null || value.length == 0 ? "" : Base64.getEncoder().encodeToString(value);
    }

    /** An enum field's value: the label the schema gives the constant's ordinal (as the view's), null for null. */
    static String label(FieldDescriptor field, Enum<?> value) {
        return field.enumLabel(value == null ? -1 : value.ordinal());
    }

    /**
     * Why {@code arguments} cannot carry the fields of {@code generated}'s event type, or {@code null} when it can:
     * one parameter per field, in order, of the field's Java type (an enum field's parameter an enum class, or
     * {@code Enum}/{@code Object}), returning void.
     */
    static String mismatch(JfrEventClasses.Generated generated, MethodType arguments) {
        var fields = generated.type().fields();
        if (arguments.returnType() != void.class) {
            return "returns " + arguments.returnType().getName() + ", not void";
        }
        if (arguments.parameterCount() != fields.size()) {
            return arguments.parameterCount() + " arguments for " + fields.size() + " fields";
        }
        for (int i = 0; i < fields.size(); i++) {
            Class<?> parameter = arguments.parameterType(i);
            FieldType type = fields.get(i).type();
            boolean fits = type.isCarriedBy(parameter) || type == FieldType.ENUM && parameter == Object.class;
            if (!fits) {
                return "argument " + i + " (" + fields.get(i).name() + ", " + type + ") is a " + parameter.getName();
            }
        }
        return null;
    }

    /**
     * The consumer of {@code arguments}: the generated {@code record} with each enum argument mapped to its label
     * first, doing nothing once {@code open} is invalidated (the session closed), of type {@code arguments}.
     * {@code arguments} must have passed {@link #mismatch}.
     */
    static MethodHandle consumer(JfrEventClasses.Generated generated, MethodType arguments, SwitchPoint open) {
        MethodHandle record = generated.record();
        var fields = generated.type().fields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).type() == FieldType.ENUM) {
                record = MethodHandles.filterArguments(record, i, LABEL.bindTo(fields.get(i)));
            }
        }
        MethodHandle typed = record.asType(arguments);
        return open.guardWithTest(typed, MethodHandles.empty(arguments));
    }
}
