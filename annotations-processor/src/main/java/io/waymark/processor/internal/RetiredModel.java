package io.waymark.processor.internal;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;

/**
 * One {@code @Retired} entry of a provider.
 *
 * @param annotation the {@code @Retired} annotation, or its container when it is repeated
 * @param entry the entry's value within the container, or {@code null} when the annotation is written once
 * @param id the retired id as written
 * @param name the retired name as written
 * @param reason the reason as written
 */
public record RetiredModel(AnnotationMirror annotation, AnnotationValue entry, int id, String name, String reason) {}
