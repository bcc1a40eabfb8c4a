package io.waymark;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares one tracepoint. The annotated method must return {@code void}, must not be generic or
 * overloaded, and its parameters (of the allowed field types) are the event's fields in order. Its
 * stability is declared with {@link Stable} or {@link Unstable}, on the method or on the provider.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Tracepoint {
    /** The event id, unique within the provider, from 0 to 65535. Part of the event's identity. */
    int id();

    /**
     * The event name, unique within the provider; defaults to the method name. It starts with a letter
     * or {@code '_'} and continues with letters, digits or {@code '_'}.
     */
    String name() default "";

    /** The event's severity; sessions can ask for a minimum level. */
    Level level() default Level.INFO;

    /**
     * The event's schema version, from 1 to 65535. Raise it when appending fields to a
     * {@link Stable} event: readers of an older version ignore the new fields, and readers of the new
     * version see them as absent in older records.
     */
    int version() default 1;

    /**
     * A short human-readable name for tools that show one (JDK Mission Control's event list, say), such as
     * {@code "Order Placed"}; empty (the default) lets each backend derive one from the event name. Not part
     * of the event's identity or ABI: it may change in any release.
     */
    String label() default "";

    /**
     * A sentence or two on what the event means, for tools that show one; empty (the default) uses the first
     * paragraph of the method's Javadoc when the annotation processor can read it. Not part of the event's
     * identity or ABI.
     */
    String description() default "";
}
