package io.waymark;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface as a tracepoint provider. The Waymark annotation processor generates its
 * implementation, obtained with {@link Waymark#provider(Class)}.
 *
 * <p>The provider name is part of the identity of every event it declares. It starts with a letter
 * and continues with letters, digits, {@code '_'}, {@code '-'} or {@code '.'}, for example
 * {@code "shop.orders"}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface TraceProvider {
    /** The provider name, for example {@code "shop.orders"}. */
    String value();
}
