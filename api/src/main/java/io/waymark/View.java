package io.waymark;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records a stable view of an application object instead of the object itself. The value is an
 * interface whose abstract no-argument methods name the accessors to call on the argument, each
 * returning a field type; the argument's type needs methods of those names (it need not implement the
 * interface). Each accessor becomes one field named {@code <parameter>_<accessor>}, in the view's
 * declaration order, and only those fields are part of the event's schema:
 *
 * <pre>{@code
 * interface OrderView { long id(); String sku(); Status status(); }
 *
 * @Tracepoint(id = 4)
 * void orderShipped(@View(OrderView.class) Order order, int parcels);
 * // fields: order_id, order_sku, order_status, parcels
 * }</pre>
 *
 * <p>A {@code null} argument records every view field as the encoding records {@code null} or zero:
 * {@code 0}, {@code false}, the empty string or byte array, the {@code null} enum ordinal.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface View {
    /** The view interface listing the accessors to record. */
    Class<?> value();
}
