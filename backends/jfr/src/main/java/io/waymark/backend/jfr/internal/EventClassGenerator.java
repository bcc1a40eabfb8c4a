package io.waymark.backend.jfr.internal;

import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Writes the class file of one JFR event class for a Waymark event type: a subclass of {@code jdk.jfr.Event}
 * with one typed field per Waymark field, JFR's annotations (name, label, description, category, stack trace)
 * an {@link Emitter#emit} that reads the view's typed getters (no boxing) into a new instance and commits
 * it, just as a hand-written event is used, so that escape analysis can remove the instance, and a static
 * {@code record} that does the same from the tracepoint's arguments (the arguments path).
 *
 * <p>Field mapping: primitives and {@code String} as they are; an enum as its constant's name (a {@code null}
 * enum as JFR's null); a {@code byte[]} as its Base64 text (RFC 4648, with padding; empty for an empty or
 * {@code null} array), since JFR keeps no array fields.
 */
final class EventClassGenerator {

    private static final String EVENT = "jdk/jfr/Event";
    private static final String VIEW = "io/waymark/spi/Event";
    private static final String EMITTER = Emitter.class.getName().replace('.', '/');
    private static final String SCHEMA = "Lio/waymark/backend/jfr/TracepointSchema;";
    private static final String ARGUMENTS = JfrArguments.class.getName().replace('.', '/');

    private EventClassGenerator() {}

    /** The JFR field name of each Waymark field of {@code type}, in order. */
    static List<String> fieldNames(EventType type) {
        Set<String> taken = new HashSet<>();
        type.fields().forEach(field -> taken.add(field.name()));
        return type.fields().stream().map(field -> {
            String name = JfrNames.fieldName(field.name(), taken);
            taken.add(name);
            return name;
        }).toList();
    }

    /**
     * The class file.
     *
     * @param internalName the class's internal name, in this package
     * @param jfrName the JFR event name
     * @param stackTrace whether the event records stack traces by default
     */
    static byte[] generate(EventType type, String internalName, String jfrName, boolean stackTrace) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, internalName, null, EVENT,
                new String[] {EMITTER});
        annotation(writer.visitAnnotation("Ljdk/jfr/Name;", true), jfrName);
        annotation(writer.visitAnnotation("Ljdk/jfr/Label;", true),
                type.label().isEmpty() ? JfrNames.label(type.name()) : type.label());
        annotation(writer.visitAnnotation("Ljdk/jfr/Description;", true), description(type));
        AnnotationVisitor category = writer.visitAnnotation("Ljdk/jfr/Category;", true);
        AnnotationVisitor path = category.visitArray("value");
        path.visit(null, "Waymark");
        path.visit(null, type.provider());
        path.visitEnd();
        category.visitEnd();
        AnnotationVisitor trace = writer.visitAnnotation("Ljdk/jfr/StackTrace;", true);
        trace.visit("value", stackTrace);
        trace.visitEnd();
        AnnotationVisitor schema = writer.visitAnnotation(SCHEMA, true);
        schema.visit("waymarkName", type.qualifiedName());
        schema.visit("stability", type.stability().name());
        schema.visit("version", type.version());
        schema.visitEnd();

        List<String> names = fieldNames(type);
        for (int i = 0; i < type.fieldCount(); i++) {
            FieldDescriptor field = type.field(i);
            FieldVisitor visitor = writer.visitField(Opcodes.ACC_PRIVATE, names.get(i), descriptor(field.type()), null, null);
            annotation(visitor.visitAnnotation("Ljdk/jfr/Label;", true), field.name());
            String description = fieldDescription(field);
            if (description != null) {
                annotation(visitor.visitAnnotation("Ljdk/jfr/Description;", true), description);
            }
            visitor.visitEnd();
        }

        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, EVENT, "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        MethodVisitor emit = writer.visitMethod(Opcodes.ACC_PUBLIC, "emit", "(L" + VIEW + ";)V", null, null);
        emit.visitCode();
        emit.visitTypeInsn(Opcodes.NEW, internalName);
        emit.visitInsn(Opcodes.DUP);
        emit.visitMethodInsn(Opcodes.INVOKESPECIAL, internalName, "<init>", "()V", false);
        emit.visitVarInsn(Opcodes.ASTORE, 2);
        for (int i = 0; i < type.fieldCount(); i++) {
            FieldType fieldType = type.field(i).type();
            emit.visitVarInsn(Opcodes.ALOAD, 2);
            if (fieldType == FieldType.BYTES) {
                emit.visitMethodInsn(Opcodes.INVOKESTATIC, "java/util/Base64", "getEncoder", "()Ljava/util/Base64$Encoder;", false);
            }
            emit.visitVarInsn(Opcodes.ALOAD, 1);
            pushInt(emit, i);
            emit.visitMethodInsn(Opcodes.INVOKEINTERFACE, VIEW, getter(fieldType), "(I)" + getterType(fieldType), true);
            if (fieldType == FieldType.BYTES) {
                emit.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/util/Base64$Encoder", "encodeToString", "([B)Ljava/lang/String;",
                        false);
            }
            emit.visitFieldInsn(Opcodes.PUTFIELD, internalName, names.get(i), descriptor(fieldType));
        }
        emit.visitVarInsn(Opcodes.ALOAD, 2);
        emit.visitMethodInsn(Opcodes.INVOKEVIRTUAL, internalName, "commit", "()V", false);
        emit.visitInsn(Opcodes.RETURN);
        emit.visitMaxs(0, 0);
        emit.visitEnd();

        generateRecord(writer, type, internalName, names);

        writer.visitEnd();
        return writer.toByteArray();
    }

    /** The name of the static method that commits an event from the tracepoint's arguments. */
    static final String RECORD = "record";

    /**
     * The descriptor of {@link #RECORD}: one parameter per field, the field's Java type, except an enum, which
     * arrives as its label (the backend's handle maps the constant to it); returns void.
     */
    static String recordDescriptor(EventType type) {
        StringBuilder descriptor = new StringBuilder("(");
        for (FieldDescriptor field : type.fields()) {
            descriptor.append(field.type() == FieldType.BYTES ? "[B" : descriptor(field.type()));
        }
        return descriptor.append(")V").toString();
    }

    /**
     * {@code public static void record(...)}: what a hand-written event's user writes, {@code new}, set every field,
     * {@code commit()}, in one small method, so that C2 can scalar-replace the instance wherever it inlines it. The
     * values are mapped as {@link #emit} reads them from the view: a {@code null} String as {@code ""}, a
     * {@code byte[]} as Base64 ({@code null} as {@code ""}); the enum's label comes as it is ({@code null} for null).
     */
    private static void generateRecord(ClassWriter writer, EventType type, String internalName, List<String> names) {
        MethodVisitor record = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, RECORD, recordDescriptor(type),
                null, null);
        record.visitCode();
        int local = 0;
        int[] slots = new int[type.fieldCount()];
        for (int i = 0; i < type.fieldCount(); i++) {
            slots[i] = local;
            FieldType fieldType = type.field(i).type();
            local += fieldType == FieldType.LONG || fieldType == FieldType.DOUBLE ? 2 : 1;
        }
        int event = local;
        record.visitTypeInsn(Opcodes.NEW, internalName);
        record.visitInsn(Opcodes.DUP);
        record.visitMethodInsn(Opcodes.INVOKESPECIAL, internalName, "<init>", "()V", false);
        record.visitVarInsn(Opcodes.ASTORE, event);
        for (int i = 0; i < type.fieldCount(); i++) {
            FieldType fieldType = type.field(i).type();
            record.visitVarInsn(Opcodes.ALOAD, event);
            record.visitVarInsn(loadOpcode(fieldType), slots[i]);
            if (fieldType == FieldType.STRING) {
                record.visitMethodInsn(Opcodes.INVOKESTATIC, ARGUMENTS, "text", "(Ljava/lang/String;)Ljava/lang/String;", false);
            } else if (fieldType == FieldType.BYTES) {
                record.visitMethodInsn(Opcodes.INVOKESTATIC, ARGUMENTS, "base64", "([B)Ljava/lang/String;", false);
            }
            record.visitFieldInsn(Opcodes.PUTFIELD, internalName, names.get(i), descriptor(fieldType));
        }
        record.visitVarInsn(Opcodes.ALOAD, event);
        record.visitMethodInsn(Opcodes.INVOKEVIRTUAL, internalName, "commit", "()V", false);
        record.visitInsn(Opcodes.RETURN);
        record.visitMaxs(0, 0);
        record.visitEnd();
    }

    private static int loadOpcode(FieldType type) {
        return switch (type) {
            case BOOLEAN, BYTE, SHORT, CHAR, INT -> Opcodes.ILOAD;
            case LONG -> Opcodes.LLOAD;
            case FLOAT -> Opcodes.FLOAD;
            case DOUBLE -> Opcodes.DLOAD;
            case STRING, ENUM, BYTES -> Opcodes.ALOAD;
        };
    }

    /** The declared description, and the Waymark name, stability and schema version, which JMC shows with it. */
    static String description(EventType type) {
        String schema = "Waymark " + type.qualifiedName() + ", " + type.stability().name().toLowerCase(java.util.Locale.ROOT)
                + ", schema version " + type.version() + ".";
        return type.description().isEmpty() ? schema : type.description() + " (" + schema.substring(0, schema.length() - 1) + ")";
    }

    private static String fieldDescription(FieldDescriptor field) {
        return switch (field.type()) {
            case ENUM -> "The name of a " + field.enumType() + " constant; null for null";
            case BYTES -> "byte[] as Base64 (RFC 4648, with padding); empty for an empty or null array";
            default -> null;
        };
    }

    private static void annotation(AnnotationVisitor visitor, String value) {
        visitor.visit("value", value);
        visitor.visitEnd();
    }

    private static void pushInt(MethodVisitor method, int value) {
        if (value <= 5) {
            method.visitInsn(Opcodes.ICONST_0 + value);
        } else if (value <= Byte.MAX_VALUE) {
            method.visitIntInsn(Opcodes.BIPUSH, value);
        } else if (value <= Short.MAX_VALUE) {
            method.visitIntInsn(Opcodes.SIPUSH, value);
        } else {
            method.visitLdcInsn(value);
        }
    }

    private static String getter(FieldType type) {
        return switch (type) {
            case BOOLEAN -> "getBoolean";
            case BYTE -> "getByte";
            case SHORT -> "getShort";
            case CHAR -> "getChar";
            case INT -> "getInt";
            case LONG -> "getLong";
            case FLOAT -> "getFloat";
            case DOUBLE -> "getDouble";
            case STRING -> "getString";
            case ENUM -> "getEnumLabel";
            case BYTES -> "getBytes";
        };
    }

    private static String getterType(FieldType type) {
        return type == FieldType.BYTES ? "[B" : descriptor(type);
    }

    /** The JFR field's type descriptor. */
    private static String descriptor(FieldType type) {
        return switch (type) {
            case BOOLEAN -> "Z";
            case BYTE -> "B";
            case SHORT -> "S";
            case CHAR -> "C";
            case INT -> "I";
            case LONG -> "J";
            case FLOAT -> "F";
            case DOUBLE -> "D";
            case STRING, ENUM, BYTES -> "Ljava/lang/String;";
        };
    }
}
