package io.waymark.tools.internal;

import java.util.Properties;

/**
 * A local JVM as {@code waymark list} sees it, read from its system properties through the Attach API.
 *
 * @param pid the process id
 * @param command the command line the launcher recorded ({@code sun.java.command}), empty if unknown
 * @param waymarkVersion the Waymark version its runtime set ({@code io.waymark.version}), empty when Waymark has
 *     not started in it
 * @param management the {@code waymark.management} setting: {@code on}, {@code readonly} or {@code off}
 */
record Jvm(long pid, String command, String waymarkVersion, String management) {

    /** The system property the Waymark runtime sets to its version when it starts. */
    static final String VERSION_PROPERTY = "io.waymark.version";
    /** The setting by which an application refuses outside control (system property). */
    static final String MANAGEMENT_PROPERTY = "waymark.management";
    /** The same setting as an environment variable. */
    static final String MANAGEMENT_VARIABLE = "WAYMARK_MANAGEMENT";

    static Jvm of(long pid, Properties properties, String managementFromEnvironment) {
        String management = properties.getProperty(MANAGEMENT_PROPERTY);
        if (management == null || management.isBlank()) {
            management = managementFromEnvironment == null || managementFromEnvironment.isBlank() ? "on" : managementFromEnvironment;
        }
        return new Jvm(pid, properties.getProperty("sun.java.command", "").trim(),
                properties.getProperty(VERSION_PROPERTY, "").trim(), management.trim().toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether the Waymark runtime runs in this JVM. */
    boolean hasWaymark() {
        return !waymarkVersion.isEmpty();
    }

    /** The main class (or {@code -jar} file): the first word of the command line. */
    String mainClass() {
        int space = command.indexOf(' ');
        return space < 0 ? command : command.substring(0, space);
    }

    /** {@code 1234 (shop.Main)}, for messages. */
    String describe() {
        return pid + (command.isEmpty() ? "" : " (" + mainClass() + ")");
    }
}
