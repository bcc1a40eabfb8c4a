/**
 * The {@code waymark} command line. Run {@link io.waymark.tools.WaymarkCli#main} (the {@code -all} jar's
 * main class) or, in-process, {@link io.waymark.tools.WaymarkCli#execute}; {@code docs/command-line.md} and
 * {@code docs/schema-diff.md} describe the commands, their output and their exit codes.
 */
package io.waymark.tools;
