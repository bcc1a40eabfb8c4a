package io.waymark.processor.internal;

/**
 * A tracepoint's declared stability, named as the constants of {@code io.waymark.Stability}, which
 * generated code refers to. The processor has its own copy because it never loads API classes.
 */
public enum DeclaredStability {
    STABLE,
    UNSTABLE
}
