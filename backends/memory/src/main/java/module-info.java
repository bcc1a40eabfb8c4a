/**
 * Waymark's in-memory backend ({@code "memory"}), which records events for tests and tools. The JUnit 5
 * extension built on it, {@code TraceRecorder}, is in {@code io.waymark.testing} (artifact
 * {@code waymark-testing}).
 */
module io.waymark.backend.memory {
    // Nothing of JUnit, not even 'requires static': a module that provides a used service is put on the
    // module path by Surefire, with everything it requires (static included), and a JUnit module there
    // fails a modular application's tests (JUnit's launcher stays on the class path).
    requires transitive io.waymark.core;

    exports io.waymark.backend.memory;

    provides io.waymark.spi.BackendFactory with io.waymark.backend.memory.MemoryBackendFactory;
}
