/**
 * Waymark's management interface: {@link io.waymark.core.management.TracingMXBean}, registered as
 * {@code io.waymark:type=Tracing} in the platform MBean server when the runtime starts, so that
 * JConsole, JDK Mission Control, the {@code waymark} command line or any JMX client can list
 * tracepoints and sessions and steer sessions in a running JVM, without the application's code.
 *
 * <p>Registering it opens no port: a client reaches it through whatever the JVM offers (the local
 * management agent that the Attach API starts on demand, or remote JMX if the application
 * configured it). The setting {@code waymark.management} ({@code WAYMARK_MANAGEMENT}) is {@code on}
 * (default), {@code readonly} (attributes only) or {@code off} (not registered).
 */
package io.waymark.core.management;
