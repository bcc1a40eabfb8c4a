/**
 * Waymark's JUnit 5 extension {@link io.waymark.testing.TraceRecorder}, which records each test's events
 * with the memory backend and asserts on them.
 *
 * <p>A module of its own, apart from the memory backend: a backend is a service provider, which tools
 * put on the module path whenever its service is used (Surefire does, for a modular application's
 * tests), and anything the backend required of JUnit would come along, splitting JUnit between the
 * module path and the class path. This module provides no service, so it stays where the tests put
 * it, beside their JUnit.
 */
module io.waymark.testing {
    requires transitive io.waymark.backend.memory;
    requires transitive org.junit.jupiter.api;

    exports io.waymark.testing;
}
