package io.waymark.processor.internal;

import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.ModuleElement.RequiresDirective;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Whether generated code may carry {@code @javax.annotation.processing.Generated}. That annotation is in
 * module {@code java.compiler}, which an application module rarely reads; writing it there would break
 * the application's build, so the implementation of a provider in such a module goes without it.
 */
public final class GeneratedAnnotation {

    /** The annotation's qualified name. */
    public static final String NAME = "javax.annotation.processing.Generated";
    private static final String MODULE = "java.compiler";

    private GeneratedAnnotation() {}

    /** Whether the code generated for {@code provider} can name {@code @Generated}. */
    public static boolean usableFor(TypeElement provider, Elements elements) {
        if (elements.getTypeElement(NAME) == null) {
            return false; // compiling for a release without it, or without java.compiler in the module graph
        }
        ModuleElement module = elements.getModuleOf(provider);
        return module == null || module.isUnnamed() || reads(module, new HashSet<>());
    }

    /** Whether {@code module} reads java.compiler: requires it, or requires a module that implies it. */
    private static boolean reads(ModuleElement module, Set<ModuleElement> visited) {
        for (RequiresDirective requires : ElementFilter.requiresIn(module.getDirectives())) {
            if (requires.getDependency().getQualifiedName().contentEquals(MODULE)
                    || impliesReadability(requires.getDependency(), visited)) {
                return true;
            }
        }
        return false;
    }

    /** Whether reading {@code module} implies reading java.compiler through {@code requires transitive}. */
    private static boolean impliesReadability(ModuleElement module, Set<ModuleElement> visited) {
        if (!visited.add(module)) {
            return false;
        }
        for (RequiresDirective requires : ElementFilter.requiresIn(module.getDirectives())) {
            if (requires.isTransitive() && (requires.getDependency().getQualifiedName().contentEquals(MODULE)
                    || impliesReadability(requires.getDependency(), visited))) {
                return true;
            }
        }
        return false;
    }
}
