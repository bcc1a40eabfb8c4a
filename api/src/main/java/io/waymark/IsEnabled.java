package io.waymark;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a no-argument {@code boolean} method of a provider that answers whether a tracepoint is
 * enabled in any session, so that expensive arguments are computed only when needed:
 *
 * <pre>{@code
 * @IsEnabled("orderPlaced") boolean orderPlacedEnabled();
 * ...
 * if (events.orderPlacedEnabled()) events.orderPlaced(id, qty, describe(order));
 * }</pre>
 *
 * <p>Like the tracepoint itself, the check is folded away by the JIT while the tracepoint is dormant.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface IsEnabled {
    /** The method name of the tracepoint this method checks. */
    String value();
}
