package io.waymark.processor.internal;

import java.util.List;
import javax.lang.model.element.Element;

/**
 * A {@code @Tracepoint} or {@code @IsEnabled} method belongs to a {@code @TraceProvider} interface:
 * anywhere else nothing implements it, and the mistake would only show at run time.
 */
final class MisplacedAnnotationValidator {

    private MisplacedAnnotationValidator() {}

    static List<Diagnostic> validate(Element method, String annotation) {
        Element type = method.getEnclosingElement();
        if (ModelBuilder.annotation(type, Names.TRACE_PROVIDER) != null) {
            return List.of();
        }
        return List.of(Diagnostic.on(method, "@" + annotation + " method " + method.getSimpleName() + " is in "
                + type.getSimpleName() + ", which is not annotated @TraceProvider, so nothing implements it; annotate "
                + type.getSimpleName() + " with @TraceProvider(\"<provider name>\") or remove @" + annotation));
    }
}
