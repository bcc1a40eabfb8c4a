package io.waymark;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a reader reports for a field that a record lacks because an older version of the
 * tracepoint wrote it, before the field was appended. Without it a reader reports the type's zero
 * ({@code 0}, {@code false}, the empty string, a {@code null} enum). The text must parse as the
 * field's type: a number for the numeric types, {@code true} or {@code false}, exactly one character
 * for {@code char}, a constant's name for an enum, Base64 for {@code byte[]}, anything for a string.
 *
 * <pre>{@code
 * @Tracepoint(id = 1, version = 2)
 * void orderPlaced(long orderId, int quantity, @Default("EUR") String currency);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Default {
    /** The default, in the field type's text form. */
    String value();
}
