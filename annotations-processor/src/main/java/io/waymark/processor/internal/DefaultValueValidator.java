package io.waymark.processor.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Rule WM301: a {@code @Default} parses as its field's type, the way a reader parses it when it reports
 * the default for a record that lacks the field.
 */
final class DefaultValueValidator implements Validator {

    @Override
    public List<Diagnostic> validate(ProviderModel provider) {
        List<Diagnostic> errors = new ArrayList<>();
        for (TracepointModel tracepoint : provider.tracepoints()) {
            for (FieldModel field : tracepoint.fields()) {
                if (field.defaultValue() == null || !field.supported() || field.viewField()) {
                    continue;
                }
                String problem = problem(field, field.defaultValue());
                if (problem != null) {
                    errors.add(Diagnostic.onValue(field.parameter(), field.defaultAnnotation(), "value", "[WM301] @Default(\""
                            + field.defaultValue() + "\") of parameter '" + field.name() + "' is not a " + field.type()
                            + ": " + problem));
                }
            }
        }
        return errors;
    }

    /** Why {@code text} is no value of the field's type, or {@code null}. */
    private static String problem(FieldModel field, String text) {
        try {
            switch (field.kind()) {
                case BOOLEAN -> {
                    if (!text.equals("true") && !text.equals("false")) {
                        return "write true or false";
                    }
                }
                case BYTE -> Byte.parseByte(text);
                case SHORT -> Short.parseShort(text);
                case INT -> Integer.parseInt(text);
                case LONG -> Long.parseLong(text);
                case FLOAT -> Float.parseFloat(text);
                case DOUBLE -> Double.parseDouble(text);
                case CHAR -> {
                    if (text.length() != 1) {
                        return "write exactly one character";
                    }
                }
                case ENUM -> {
                    if (!field.enumLabels().contains(text)) {
                        return "write one of its constants " + field.enumLabels();
                    }
                }
                case BYTES -> Base64.getDecoder().decode(text);
                case STRING -> { }
            }
        } catch (NumberFormatException e) {
            return "write a decimal number in the type's range";
        } catch (IllegalArgumentException e) {
            return "write the bytes in Base64";
        }
        return null;
    }
}
