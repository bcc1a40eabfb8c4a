/**
 * The commands behind {@link io.waymark.tools.WaymarkCli}: {@code SchemaDiffCommand} reads both inputs with
 * {@code SchemaInputs} (jar, class directory, schema document or lock file), compares them with
 * {@code io.waymark.processor.schema.SchemaCompatibility} and prints a {@code DiffReport}. Not exported.
 */
package io.waymark.tools.internal;
