package io.waymark.backend.ctf;

import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Starts CTF sessions for a test and closes them afterwards. */
final class Sessions implements AutoCloseable {

    private static final AtomicInteger NUMBERS = new AtomicInteger();
    private final List<Session> sessions = new ArrayList<>();

    /** A running session recording {@code patterns} into {@code directory} with extra settings. */
    Session start(Path directory, Map<String, String> settings, String... patterns) {
        SessionConfig.Builder builder = SessionConfig.builder("ctf-test-" + NUMBERS.incrementAndGet())
                .backend(new CtfBackendFactory()).enable(patterns).setting("directory", directory.toString());
        settings.forEach(builder::setting);
        Session session = Tracing.createSession(builder.build());
        sessions.add(session);
        session.start();
        return session;
    }

    static CtfBackend backend(Session session) {
        return (CtfBackend) session.backend();
    }

    @Override
    public void close() {
        sessions.forEach(Session::close);
    }
}
