package io.waymark.processor.internal;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/**
 * One error, located on the element it is about and, where it concerns an annotation, on that
 * annotation.
 *
 * @param element the offending type, method or parameter
 * @param annotation the annotation at fault, or {@code null}
 * @param message what is wrong and how to fix it
 */
public record Diagnostic(Element element, AnnotationMirror annotation, String message) {

    public static Diagnostic on(Element element, String message) {
        return new Diagnostic(element, null, message);
    }

    public void report(Messager messager) {
        if (annotation == null) {
            messager.printMessage(Kind.ERROR, message, element);
        } else {
            messager.printMessage(Kind.ERROR, message, element, annotation);
        }
    }
}
