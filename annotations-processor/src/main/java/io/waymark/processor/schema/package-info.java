/**
 * The schema of a provider's events as a document, and the rules by which it may evolve.
 *
 * <p>The annotation processor writes one {@link io.waymark.processor.schema.ProviderSchema} per provider
 * as {@code META-INF/waymark/<provider>.schema.json} ({@link io.waymark.processor.schema.SchemaJson};
 * the format is described in {@code docs/schema-format.md}), and compares the providers it compiles with
 * a baseline lock file, a {@link io.waymark.processor.schema.SchemaSet}, through
 * {@link io.waymark.processor.schema.SchemaCompatibility}. Tools reuse the same three pieces: read two
 * sets, {@code compare} them, and print the {@link io.waymark.processor.schema.SchemaChange}s, each
 * classified by a {@link io.waymark.processor.schema.SchemaRule} as compatible or breaking.
 *
 * <p>Every record here is immutable and validates its arguments; a set, a provider and its lists keep
 * a fixed order (providers by name, events and fields in declaration order, retired events by id), so
 * that equal schemas give byte-identical documents.
 */
package io.waymark.processor.schema;
