package io.waymark.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The Waymark version of this runtime, from a resource the build writes next to this class, so that it
 * is right in a jar, on the class path of tests (target/classes) and on the module path alike.
 */
public final class WaymarkVersion {

    /** The system property the runtime sets when it starts, for tools that look at a JVM from outside. */
    public static final String PROPERTY = "io.waymark.version";

    private static final String VERSION = read();

    private WaymarkVersion() {}

    /** The version, for example {@code 0.1.0-SNAPSHOT}. */
    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = WaymarkVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
