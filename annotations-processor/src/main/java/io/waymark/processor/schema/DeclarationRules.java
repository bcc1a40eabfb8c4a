package io.waymark.processor.schema;

import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a provider declaration may say, shared by the annotation processor's validators (on the source) and the
 * schema document validators (on a document or lock file, which {@link SchemaJson} checks as strictly as the
 * processor checks the declaration that wrote it).
 */
public final class DeclarationRules {

    /** Rule 2: a provider name starts with a letter and continues with letters, digits, '_', '-' or '.'. */
    public static final Pattern PROVIDER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");

    /** Rule 9: an event name, and a retired one, is an ASCII identifier. */
    public static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Rule 8: the largest event id (ids are a u16 in every record header). */
    public static final int MAX_EVENT_ID = 0xFFFF;

    /** Rule 12: the largest event version (a u16 in every record header). */
    public static final int MAX_VERSION = 0xFFFF;

    private DeclarationRules() {}

    /** Whether {@code name} is a Java identifier, as a parameter, an accessor and an enum constant are named. */
    public static boolean isIdentifier(String name) {
        if (name.isEmpty() || !Character.isJavaIdentifierStart(name.codePointAt(0))) {
            return false;
        }
        return name.codePoints().skip(1).allMatch(Character::isJavaIdentifierPart);
    }

    /** Whether {@code name} is a binary class name ({@code p.Outer$Inner}), as a provider interface or enum has. */
    public static boolean isBinaryName(String name) {
        for (String part : name.split("\\.", -1)) {
            if (!isIdentifier(part)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Rule WM301: why {@code text} is no default of a field of {@code type} (one of {@link FieldSchema#TYPES}), as a
     * reader parses it when it reports the default for a record that lacks the field, or {@code null} when it is one.
     *
     * @param enumLabels the constants of an enum field, else empty
     */
    public static String defaultProblem(String type, List<String> enumLabels, String text) {
        try {
            switch (type) {
                case "boolean" -> {
                    if (!text.equals("true") && !text.equals("false")) {
                        return "write true or false";
                    }
                }
                case "byte" -> Byte.parseByte(text);
                case "short" -> Short.parseShort(text);
                case "int" -> Integer.parseInt(text);
                case "long" -> Long.parseLong(text);
                case "float" -> Float.parseFloat(text);
                case "double" -> Double.parseDouble(text);
                case "char" -> {
                    if (text.length() != 1) {
                        return "write exactly one character";
                    }
                }
                case "enum" -> {
                    if (!enumLabels.contains(text)) {
                        return "write one of its constants " + enumLabels;
                    }
                }
                case "bytes" -> Base64.getDecoder().decode(text);
                default -> { } // string: any text
            }
        } catch (NumberFormatException e) {
            return "write a decimal number in the type's range";
        } catch (IllegalArgumentException e) {
            return "write the bytes in Base64";
        }
        return null;
    }
}
