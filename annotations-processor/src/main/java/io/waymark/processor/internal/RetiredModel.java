package io.waymark.processor.internal;

import javax.lang.model.element.AnnotationMirror;

/**
 * One {@code @Retired} entry of a provider.
 *
 * @param annotation the {@code @Retired} annotation (when repeated, the one within the container)
 * @param id the retired id as written
 * @param name the retired name as written
 * @param reason the reason as written
 */
public record RetiredModel(AnnotationMirror annotation, int id, String name, String reason) {}
