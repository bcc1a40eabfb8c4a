/**
 * Waymark's command-line tools; {@link io.waymark.tools.WaymarkCli} is the entry point. {@code schema-diff}
 * compares the event schemas of two builds with the versioning rules of {@code io.waymark.processor.schema};
 * {@code list}, {@code sessions}, {@code create}, {@code enable}, {@code start}, {@code snapshot}... steer tracing in a
 * running JVM through the Attach API and JMX;
 * {@code print} and {@code recover} read and repair CTF trace directories.
 */
module io.waymark.tools {
    requires io.waymark.processor;
    requires io.waymark.backend.ctf;
    requires info.picocli;
    requires com.fasterxml.jackson.core;
    requires org.apache.commons.lang3;
    // the attaching commands: system properties and the local management agent through the Attach API, then JMX
    requires jdk.attach;
    requires java.management;
    requires java.management.rmi; // the local connector's protocol, found by JMXConnectorFactory as a service

    exports io.waymark.tools;

    // picocli reads and sets the annotated command fields reflectively
    opens io.waymark.tools to info.picocli;
    opens io.waymark.tools.internal to info.picocli;
}
