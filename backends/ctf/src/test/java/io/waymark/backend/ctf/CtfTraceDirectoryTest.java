package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.ctftest.ShopEvents;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace directory a discard-mode session creates: never one holding other files, never through a
 * symbolic link, owner-only permissions set at creation, nothing left behind by a failed creation.
 */
class CtfTraceDirectoryTest {

    private static final ShopEvents SHOP = Waymark.provider(ShopEvents.class);

    @TempDir
    Path dir;

    private final Sessions sessions = new Sessions();

    @AfterEach
    void close() {
        sessions.close();
    }

    private static IllegalArgumentException refused(Path trace, Map<String, String> settings) {
        SessionConfig.Builder builder = SessionConfig.builder("refused").backend(new CtfBackendFactory())
                .enable("ctftest.shop:*").setting("directory", trace.toString());
        settings.forEach(builder::setting);
        return assertThrows(IllegalArgumentException.class, () -> Tracing.createSession(builder.build()).close(),
                "refused"); // closed if created after all, so the next check is not refused for the name
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> list = Files.list(directory)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aDirectoryHoldingAForeignFileIsRefusedAndLeftAsItWas() throws Exception {
        Path trace = Files.createDirectory(dir.resolve("trace"));
        Files.writeString(trace.resolve("notes.txt"), "mine");
        IllegalArgumentException e = refused(trace, Map.of());
        assertEquals("ctf backend of session 'refused': cannot create the trace in " + trace.toAbsolutePath()
                + ": it is not empty: it holds notes.txt; a new trace needs a new or empty directory (files left there would "
                + "be merged into it or make it unreadable), so name another directory or empty this one", e.getMessage());
        assertEquals(List.of("notes.txt"), names(trace));
    }

    @Test
    void anEmptyDirectoryThatOthersControlIsRefused() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        IllegalArgumentException e = refused(open, Map.of());
        assertTrue(e.getMessage().endsWith(": every user may write in it (rwxrwxrwx), and could change the trace; name a new "
                + "directory, or remove their write permission"), e.getMessage());

        Path theirs = Files.createDirectory(dir.resolve("theirs"));
        assumeTrue(run("chown", "nobody", theirs.toString()), "needs root to give a directory to another user");
        e = refused(theirs, Map.of());
        assertTrue(e.getMessage().contains(": it belongs to user 'nobody', who could change the trace behind this process's "
                + "back;"), e.getMessage());
        assertEquals(List.of(), names(theirs));
    }

    @Test
    void aLeftoverStreamOfAnOlderTraceIsNeverMerged() throws Exception {
        Path trace = dir.resolve("trace");
        try (Session session = sessions.start(trace, Map.of("streams", "2"), "ctftest.shop:*")) {
            SHOP.orderPlaced(1, 1, "old");
        }
        Files.delete(trace.resolve("metadata")); // what a retry after a crash, or a careless clean-up, leaves
        IllegalArgumentException e = refused(trace, Map.of("streams", "2"));
        assertTrue(e.getMessage().contains("it is not empty: it holds .waymark, stream_"), e.getMessage());
    }

    @Test
    void aSymbolicLinkAsTheDirectoryIsNotFollowed() throws Exception {
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(dir.resolve("trace"), elsewhere);
        IllegalArgumentException e = refused(link, Map.of());
        assertTrue(e.getMessage().contains("cannot create the trace in " + link.toAbsolutePath() + ": it is a symbolic link (to "
                + elsewhere + "), which a trace never follows; name the directory itself"), e.getMessage());
        assertEquals(List.of(), names(elsewhere));
    }

    /**
     * Stream files are created (exclusively, never following a link) and mapped with the session, before any event:
     * there is no moment at which a symbolic link planted as a stream file could be written through.
     */
    @Test
    void aSymbolicLinkCannotBePlantedAsAStreamFile() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "precious");
        Path trace = dir.resolve("trace");
        try (Session session = sessions.start(trace, Map.of("streams", "1", "flush-interval-ms", "0"), "ctftest.shop:*")) {
            assertTrue(Files.isRegularFile(trace.resolve("stream_0"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
            assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> Files.createSymbolicLink(trace.resolve("stream_0"), victim));
            SHOP.orderPlaced(1, 1, "sku");
            Sessions.backend(session).flush();
            assertEquals(0, Sessions.backend(session).unwrittenEvents());
        }
        assertEquals("precious", Files.readString(victim));
        assertEquals(1, CtfTraceReader.open(trace).count());
    }

    @Test
    void directoriesAndFilesAreTheOwnersOnlyWhateverTheUmask() throws Exception {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path trace = dir.resolve("parent").resolve("trace");
        try (Session session = sessions.start(trace, Map.of(), "ctftest.shop:*")) {
            SHOP.orderPlaced(1, 1, "sku");
        }
        assertEquals("rwx------", mode(dir.resolve("parent")));
        assertEquals("rwx------", mode(trace));
        assertEquals("rw-------", mode(trace.resolve("metadata")));
        try (Stream<Path> streams = Files.list(trace).filter(p -> p.getFileName().toString().startsWith("stream_"))) {
            List<Path> all = streams.toList();
            assertFalse(all.isEmpty());
            for (Path stream : all) {
                assertEquals("rw-------", mode(stream), stream.toString());
            }
        }
    }

    @Test
    void fileModeWidensThemOnPurpose() throws Exception {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path trace = dir.resolve("trace");
        try (Session session = sessions.start(trace, Map.of("file-mode", "0640", "streams", "1"), "ctftest.shop:*")) {
            SHOP.orderPlaced(1, 1, "sku");
        }
        assertEquals("rwxr-x---", mode(trace));
        assertEquals("rw-r-----", mode(trace.resolve("metadata")));
        assertEquals("rw-r-----", mode(trace.resolve("stream_0")));

        Path flight = dir.resolve("flight");
        try (Session session = sessions.start(flight, Map.of("mode", "overwrite", "file-mode", "644", "streams", "1"),
                "ctftest.shop:*")) {
            SHOP.orderPlaced(1, 1, "sku");
            Path snapshot = Sessions.backend(session).snapshot(dir.resolve("snap"));
            assertEquals("rwxr-xr-x", mode(snapshot));
            assertEquals("rw-r--r--", mode(snapshot.resolve("metadata")));
            assertEquals("rw-r--r--", mode(snapshot.resolve("stream_0")));
        }
    }

    @Test
    void aSnapshotIsOwnerOnlyAndNeverWrittenIntoADirectoryHoldingFiles() throws Exception {
        Path foreign = Files.createDirectory(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        try (Session session = sessions.start(dir.resolve("unused"), Map.of("mode", "overwrite", "streams", "1"),
                "ctftest.shop:*")) {
            SHOP.orderPlaced(1, 1, "sku");
            CtfBackend backend = Sessions.backend(session);
            IOException e = assertThrows(IOException.class, () -> backend.snapshot(foreign));
            assertTrue(e.getMessage().contains("it is not empty: it holds notes.txt"), e.getMessage());
            assertEquals(List.of("notes.txt"), names(foreign));
            Path snapshot = backend.snapshot(dir.resolve("snap"));
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                assertEquals("rwx------", mode(snapshot));
                assertEquals("rw-------", mode(snapshot.resolve("metadata")));
            }
        }
    }

    @Test
    void aFileModeThatIsNotOneIsRefused() {
        for (String value : List.of("rw-r-----", "0400", "0755", "0o640", "1640", "")) {
            IllegalArgumentException e = refused(dir.resolve("trace-" + value.length()), Map.of("file-mode", value));
            assertEquals("ctf backend of session 'refused': setting 'file-mode' is '" + value + "'; use octal permissions in "
                    + "which the owner reads and writes and nobody executes, such as 0600 (the default), 0640 "
                    + "(group-readable) or 0644, or leave it unset", e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("trace-0")));
    }

    /**
     * A disk full at creation: a real one (a 64 KiB tmpfs filled up), where mounting is allowed (root on
     * Linux). The directories the failed creation made are gone, an empty directory it found stays, and a
     * retry once there is room succeeds.
     */
    @Test
    void aFailedCreationLeavesNothingBehind() throws Exception {
        Path mount = Files.createDirectory(dir.resolve("small-disk"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString()),
                "a tmpfs can be mounted (root on Linux)");
        boolean mounted = true;
        try {
            Path filler = mount.resolve("filler");
            try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.CREATE_NEW)) {
                byte[] block = new byte[4096];
                while (true) {
                    out.write(block);
                    out.flush();
                }
            } catch (IOException full) {
                // the disk is full
            }
            Path created = mount.resolve("new").resolve("trace");
            IllegalArgumentException e = refused(created, Map.of());
            // the stream files' first sub-buffers do not fit: refused before anything is created
            assertTrue(e.getMessage().startsWith("ctf backend of session 'refused': the stream files need 64 MiB of disk for their "
                    + "sub-buffers in flight, but the file system of " + mount + " has 0 MiB usable"), e.getMessage());
            Path existing = Files.createDirectory(mount.resolve("existing"));
            refused(existing, Map.of());
            assertEquals(List.of("existing", "filler"), names(mount), "only what the creation made is deleted");
            assertEquals(List.of(), names(existing));

            Files.delete(filler);
            try (Session session = sessions.start(existing, Map.of("streams", "1", "subbuffer-size", "4096", "subbuffer-count", "4", "window-size", "4096"),
                    "ctftest.shop:*")) {
                SHOP.orderPlaced(1, 1, "sku");
            }
            assertTrue(Files.size(existing.resolve("metadata")) > 0);
            assertArrayEquals(new String[] {".waymark", "metadata", "stream_0"}, names(existing).toArray());
            // nothing of the closed trace stays mapped (the stream windows and .waymark/state are unmapped at close)
            mounted = !run("umount", mount.toString());
            assertFalse(mounted, "the file system of a closed trace can be unmounted at once");
        } finally {
            sessions.close();
            for (int i = 0; i < 20 && mounted && (mounted = !run("umount", mount.toString())); i++) {
                System.gc(); // only to clean up after a failure above
                Thread.sleep(100);
            }
        }
    }

    private static boolean run(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
