package io.waymark.processor.internal;

import java.util.Map;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.tools.Diagnostic.Kind;

/**
 * One error, located on the element it is about (type, method or parameter) and, where it concerns an
 * annotation's value, on that value, so that the compiler points at the very text to change.
 *
 * @param element the offending type, method or parameter
 * @param annotation the annotation at fault, or {@code null}
 * @param value the annotation's offending value, or {@code null}
 * @param message what is wrong and how to fix it
 */
public record Diagnostic(Element element, AnnotationMirror annotation, AnnotationValue value, String message) {

    /** An error on {@code element} itself. */
    public static Diagnostic on(Element element, String message) {
        return new Diagnostic(element, null, null, message);
    }

    /**
     * An error about the value of {@code annotation}'s element {@code name}: located on that value when
     * it is written out, else on the annotation.
     */
    public static Diagnostic onValue(Element element, AnnotationMirror annotation, String name, String message) {
        return new Diagnostic(element, annotation, explicitValue(annotation, name), message);
    }

    /** The value written out for {@code annotation}'s element {@code name}, or {@code null} when it is defaulted. */
    static AnnotationValue explicitValue(AnnotationMirror annotation, String name) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry : annotation.getElementValues().entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** Reports this error to the compiler. */
    public void report(Messager messager) {
        report(messager, Kind.ERROR);
    }

    /** Reports this diagnostic to the compiler as {@code kind}, such as a warning. */
    public void report(Messager messager, Kind kind) {
        if (annotation == null) {
            messager.printMessage(kind, message, element);
        } else if (value == null) {
            messager.printMessage(kind, message, element, annotation);
        } else {
            messager.printMessage(kind, message, element, annotation, value);
        }
    }
}
