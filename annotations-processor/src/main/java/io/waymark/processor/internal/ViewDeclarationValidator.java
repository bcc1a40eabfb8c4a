package io.waymark.processor.internal;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ElementKind;
import javax.lang.model.type.TypeKind;

/**
 * Rule WM304: a {@code @View} parameter has a class or interface type, and its view is an interface,
 * extending none, whose abstract methods take no arguments, are not generic and return a field type;
 * {@code @Since} and {@code @Default} do not apply to it (they concern one field, a view has several).
 */
final class ViewDeclarationValidator implements Validator {

    @Override
    public List<Diagnostic> validate(ProviderModel provider) {
        List<Diagnostic> errors = new ArrayList<>();
        for (TracepointModel tracepoint : provider.tracepoints()) {
            for (ViewModel view : tracepoint.views()) {
                String parameter = "parameter '" + view.parameterName() + "'";
                if (view.parameter().asType().getKind() != TypeKind.DECLARED) {
                    errors.add(Diagnostic.on(view.parameter(), "[WM304] @View on " + parameter + " of type "
                            + view.parameter().asType() + ": only an object can be viewed; remove @View"));
                } else if (view.view() == null || view.view().getKind() != ElementKind.INTERFACE) {
                    errors.add(Diagnostic.onValue(view.parameter(), view.annotation(), "value", "[WM304] the view of "
                            + parameter + " is not an interface; declare an interface whose methods name the accessors"
                            + " to record"));
                } else if (!view.view().getInterfaces().isEmpty()) {
                    errors.add(Diagnostic.onValue(view.parameter(), view.annotation(), "value", "[WM304] view "
                            + view.view().getSimpleName() + " of " + parameter + " extends other interfaces, whose methods"
                            + " would be ignored; declare every accessor in the view itself"));
                } else if (view.accessors().isEmpty()) {
                    errors.add(Diagnostic.onValue(view.parameter(), view.annotation(), "value", "[WM304] view "
                            + view.view().getSimpleName() + " of " + parameter + " declares no accessor; declare an"
                            + " abstract method per value to record"));
                }
                for (ViewModel.Accessor accessor : view.accessors()) {
                    if (!accessor.viewMethod().getParameters().isEmpty() || !accessor.viewMethod().getTypeParameters().isEmpty()
                            || !isFieldType(tracepoint, view, accessor)) {
                        errors.add(Diagnostic.onValue(view.parameter(), view.annotation(), "value", "[WM304] method "
                                + accessor.name() + " of view " + view.view().getSimpleName() + " is no accessor: it must"
                                + " take no arguments, not be generic and return one of " + FieldKind.ALLOWED));
                    }
                }
                if (view.parameter().getAnnotationMirrors().stream().anyMatch(mirror -> isSinceOrDefault(mirror))) {
                    errors.add(Diagnostic.on(view.parameter(), "[WM304] @Since and @Default do not apply to the @View "
                            + parameter + ", which records several fields; remove them"));
                }
            }
        }
        return errors;
    }

    private static boolean isFieldType(TracepointModel tracepoint, ViewModel view, ViewModel.Accessor accessor) {
        for (FieldModel field : tracepoint.fields()) {
            if (accessor.viewMethod().equals(field.viewMethod()) && field.parameter().equals(view.parameter())) {
                return field.supported();
            }
        }
        return false;
    }

    private static boolean isSinceOrDefault(javax.lang.model.element.AnnotationMirror mirror) {
        String name = ((javax.lang.model.element.TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
        return name.equals(Names.SINCE) || name.equals(Names.DEFAULT);
    }
}
