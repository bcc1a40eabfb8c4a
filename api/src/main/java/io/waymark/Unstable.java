package io.waymark;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a tracepoint (or, on a provider, every tracepoint without its own declaration) as
 * {@link Stability#UNSTABLE}: a debug tracepoint that may change or disappear in any release.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Unstable {}
