/**
 * Waymark's in-memory backend ({@code "memory"}), which records events for tests and tools, and the
 * JUnit 5 extension {@link io.waymark.testing.TraceRecorder} built on it. JUnit is needed only by
 * {@code io.waymark.testing}.
 */
module io.waymark.backend.memory {
    requires transitive io.waymark.core;
    requires static org.junit.jupiter.api;

    exports io.waymark.backend.memory;
    exports io.waymark.testing;

    provides io.waymark.spi.BackendFactory with io.waymark.backend.memory.MemoryBackendFactory;
}
