package io.waymark;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records, on a provider, a {@link Stable} event that was removed. A stable event is never simply
 * deleted: its id and name stay reserved forever, so that no later event is mistaken for it by a
 * consumer, and the baseline check (see {@code docs/versioning.md}) accepts its removal only when it
 * is retired:
 *
 * <pre>{@code
 * @TraceProvider("shop.orders") @Stable
 * @Retired(id = 3, name = "orderCancelled", reason = "replaced by orderClosed (id 7)")
 * public interface OrderEvents { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(Retired.List.class)
public @interface Retired {
    /** The id the event had; it may never be used again in this provider. */
    int id();

    /** The name the event had; it may never be used again in this provider. */
    String name();

    /** Why the event was retired and what replaces it, for the schema document and its readers. */
    String reason() default "";

    /** The container of repeated {@link Retired} annotations; write {@code @Retired} several times instead. */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.TYPE)
    @interface List {
        /** The retired events. */
        Retired[] value();
    }
}
