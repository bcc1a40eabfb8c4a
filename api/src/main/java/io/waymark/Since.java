package io.waymark;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The schema version of the event that appended this field. It is optional: with a baseline lock
 * file the processor knows it (fields of the baseline keep their version, appended fields get the
 * event's new version), and without one every field is of version 1 unless it says otherwise here.
 * With a baseline, a value that contradicts it is an error (rule WM115).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Since {
    /** The version, from 1 to the event's {@link Tracepoint#version()}. */
    int value();
}
