package io.waymark.processor.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule WM305: the type of a {@code @View} parameter has, for every accessor of the view, a no-argument
 * instance method of the same name that the generated class can call, whose return type converts to the
 * accessor's without unboxing. The type need not implement the view.
 */
final class ViewAccessorValidator implements Validator {

    @Override
    public List<Diagnostic> validate(ProviderModel provider) {
        List<Diagnostic> errors = new ArrayList<>();
        for (TracepointModel tracepoint : provider.tracepoints()) {
            for (ViewModel view : tracepoint.views()) {
                if (view.parameter().asType().getKind() != javax.lang.model.type.TypeKind.DECLARED) {
                    continue; // WM304
                }
                for (ViewModel.Accessor accessor : view.accessors()) {
                    String problem = null;
                    if (accessor.target() == null) {
                        problem = "has no no-argument method " + accessor.name() + "()";
                    } else if (!accessor.targetAccessible()) {
                        problem = "has a method " + accessor.name() + "() that the generated "
                                + provider.generatedName().simpleName() + " cannot call; make it public";
                    } else if (!accessor.assignable()) {
                        problem = "has a method " + accessor.name() + "() returning " + accessor.target().getReturnType()
                                + ", which is not assignable to " + accessor.viewMethod().getReturnType()
                                + " (the view's type; boxed values are not unboxed)";
                    }
                    if (problem != null) {
                        errors.add(Diagnostic.on(view.parameter(), "[WM305] type " + view.parameter().asType()
                                + " of @View(" + view.view().getSimpleName() + ") parameter '" + view.parameterName() + "' "
                                + problem + "; add the accessor to the type or change view " + view.view().getSimpleName()));
                    }
                }
            }
        }
        return errors;
    }
}
