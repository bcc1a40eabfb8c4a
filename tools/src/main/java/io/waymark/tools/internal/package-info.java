/**
 * The commands behind {@link io.waymark.tools.WaymarkCli}: {@code SchemaDiffCommand} reads both inputs with
 * {@code SchemaInputs} (jar, class directory, schema document or lock file), compares them with
 * {@code io.waymark.processor.schema.SchemaCompatibility} and prints a {@code DiffReport}. The commands that attach
 * to a running JVM ({@code ListCommand}, {@code TracepointsCommand}, {@code SessionsCommand}, {@code StatsCommand},
 * {@code SessionCommands}) reach it through {@code LocalJvms} (Attach API, local JMX connector) and talk to its
 * {@code io.waymark:type=Tracing} MXBean by name through {@code TracingClient}.
 * The offline commands read trace directories: {@code PrintCommand} prints a trace's events with {@code CtfTraceReader}, as
 * {@code BabeltraceText} (babeltrace2's text) or {@code JsonEvents} (JSON lines); {@code RecoverCommand} runs
 * {@code CtfRecover}. Not exported.
 */
package io.waymark.tools.internal;
