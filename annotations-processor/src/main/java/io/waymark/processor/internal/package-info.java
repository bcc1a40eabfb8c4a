/**
 * Processor internals, not exported: the model ({@code *Model}, {@link io.waymark.processor.internal.ModelBuilder}),
 * one {@code *Validator} per rule (run by {@link io.waymark.processor.internal.Validation}) and the generator
 * ({@link io.waymark.processor.internal.ProviderGenerator}).
 */
package io.waymark.processor.internal;
