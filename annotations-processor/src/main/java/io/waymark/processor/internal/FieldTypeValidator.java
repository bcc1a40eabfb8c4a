package io.waymark.processor.internal;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;

/**
 * Rule 7: every tracepoint parameter has a field type (a primitive, {@code String}, an enum or
 * {@code byte[]}), and an enum type is one the generated class, a top-level class of the provider's
 * package, can name.
 */
final class FieldTypeValidator implements Validator {

    @Override
    public List<Diagnostic> validate(ProviderModel provider) {
        List<Diagnostic> errors = new ArrayList<>();
        for (TracepointModel tracepoint : provider.tracepoints()) {
            if (!tracepoint.method().getTypeParameters().isEmpty()) {
                continue; // reported as generic, which covers its type-variable parameters
            }
            for (FieldModel field : tracepoint.fields()) {
                if (field.viewField()) {
                    continue; // a view's accessors are judged by ViewDeclarationValidator
                }
                if (!field.supported()) {
                    errors.add(Diagnostic.on(field.parameter(), "parameter '" + field.name() + "' has type " + field.type()
                            + ", which is not a tracepoint field type; use one of " + FieldKind.ALLOWED
                            + " (extract the values you need into separate parameters)"));
                } else if (field.type().getKind() == TypeKind.DECLARED) {
                    String inaccessible = inaccessibleBecause((DeclaredType) field.type(), provider.element());
                    if (inaccessible != null) {
                        errors.add(Diagnostic.on(field.parameter(), "parameter '" + field.name() + "' has type "
                                + field.type() + ", which the generated " + provider.generatedName().simpleName()
                                + " cannot access because " + inaccessible));
                    }
                }
            }
        }
        return errors;
    }

    /** Why the provider's package cannot name {@code type} from a top-level class, or {@code null} when it can. */
    private static String inaccessibleBecause(DeclaredType type, TypeElement provider) {
        PackageElement providerPackage = packageOf(provider);
        PackageElement typePackage = packageOf(type.asElement());
        for (Element enclosing = type.asElement(); enclosing instanceof TypeElement; enclosing = enclosing.getEnclosingElement()) {
            if (enclosing.getModifiers().contains(Modifier.PRIVATE)) {
                return enclosing.getSimpleName() + " is private; make it package-private or public";
            }
            if (enclosing.getModifiers().contains(Modifier.PROTECTED) && !typePackage.equals(providerPackage)) {
                return enclosing.getSimpleName() + " is protected in another package; make it public";
            }
        }
        return null;
    }

    private static PackageElement packageOf(Element element) {
        Element e = element;
        while (!(e instanceof PackageElement)) {
            e = e.getEnclosingElement();
        }
        return (PackageElement) e;
    }
}
