package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.waymark.spi.BackendContext;
import io.waymark.spi.ClockAnchor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review's M3: a session whose creation fails after its stream files were mapped and its keeper started
 * (here an {@link InternalError} injected before the shutdown hook is registered) leaves no keeper thread, no
 * open file descriptor and no mapping of the stream files behind (checked in {@code /proc/self}), and no file.
 */
class CtfFailedCreationTest {

    @TempDir
    Path dir;

    @Test
    void aFailedCreationClosesEverythingAndStopsTheKeeper() throws Exception {
        Path trace = dir.resolve("failing");
        CtfBackend.failAfterStartForTests = () -> {
            throw new InternalError("injected");
        };
        try {
            assertThrows(InternalError.class, () -> new CtfBackendFactory().create(new BackendContext("failing", ClockAnchor.now(),
                    Map.of("directory", trace.toString(), "stripes", "2", "subbuffer-size", "4096", "subbuffer-count", "4"))));
        } finally {
            CtfBackend.failAfterStartForTests = null;
        }
        assertEquals(List.of(), Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).filter(name -> name.contains("waymark-ctf-keeper-failing")).toList(), "keeper threads left");
        String path = dir.toRealPath().resolve("failing").toString(); // the directory itself was removed
        List<String> fds;
        try (Stream<Path> list = Files.list(Path.of("/proc/self/fd"))) {
            fds = list.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return ""; // closed meanwhile (the listing's own)
                }
            }).filter(target -> target.startsWith(path)).toList();
        }
        assertEquals(List.of(), fds, "file descriptors left open on the trace's files");
        if (!"gc".equals(io.waymark.backend.ctf.internal.MappedWindows.unmapStrategy())) {
            // the stream files' windows; the state file's own unmapping (StateFile.close) is helper "settings"' change
            List<String> maps = Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(line -> line.contains(path + "/stream_"))
                    .toList();
            assertEquals(List.of(), maps, "mappings left of the trace's files");
        }
        try (Stream<Path> left = Files.exists(trace) ? Files.list(trace) : Stream.empty()) {
            assertFalse(left.anyMatch(file -> file.getFileName().toString().startsWith("stream_")), "stream files left");
        }
    }
}
