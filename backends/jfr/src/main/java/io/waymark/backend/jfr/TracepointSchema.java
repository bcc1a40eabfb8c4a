package io.waymark.backend.jfr;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.MetadataDefinition;

/**
 * The Waymark schema of a JFR event type that the JFR backend made from a tracepoint: its stability and
 * schema version, recorded in the recording's metadata ({@code jfr metadata}, and
 * {@code jdk.jfr.EventType.getAnnotation(TracepointSchema.class)} when reading a recording). Applications never
 * use it; it is public because JFR reads it.
 */
@MetadataDefinition
@Label("Waymark Tracepoint")
@Description("The Waymark event's stability (STABLE: an ABI; UNSTABLE: a debug tracepoint) and schema version")
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TracepointSchema {

    /** The Waymark name, {@code provider:event}, as Waymark's patterns match it. */
    String waymarkName();

    /** {@code STABLE} or {@code UNSTABLE} ({@link io.waymark.Stability}). */
    String stability();

    /** The event's schema version, 1 to 65535. */
    int version();
}
