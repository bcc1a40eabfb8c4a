package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are not a readable Waymark CTF trace are refused with a {@link CtfFormatException} naming
 * the file, the offset and the problem: never a hang, an undocumented exception or an error.
 */
class CtfMalformedTraceTest {

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path original;

    @BeforeAll
    static void record() throws Exception {
        original = RecordedTrace.record(shared.resolve("original"), 50);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aFifoNamedLikeAStreamFileIsRefusedNotWaitedOn() throws Exception {
        Path trace = RecordedTrace.copy(original, dir.resolve("fifo"));
        Path fifo = mkfifo(trace.resolve("stream_7"));
        CtfFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(CtfFormatException.class, () -> CtfTraceReader.open(trace)));
        assertEquals(fifo, e.file());
        assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
        assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(CtfFormatException.class, () -> CtfRecovery.recover(trace, CtfRecovery.Options.beside())));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aFifoAsMetadataIsRefusedNotWaitedOn() throws Exception {
        Path trace = RecordedTrace.copy(original, dir.resolve("fifo-metadata"));
        Files.delete(trace.resolve("metadata"));
        Path fifo = mkfifo(trace.resolve("metadata"));
        CtfFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(CtfFormatException.class, () -> CtfTraceReader.open(trace)));
        assertEquals(fifo, e.file());
        assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
    }

    @Test
    void aSchemaCommentWithoutItsEndIsAFormatErrorAtItsOffset() throws Exception {
        Path trace = RecordedTrace.copy(original, dir.resolve("unclosed"));
        String metadata = Files.readString(trace.resolve("metadata"));
        int comment = metadata.indexOf("/* waymark-event ");
        int end = metadata.indexOf(" */", comment);
        Files.writeString(trace.resolve("metadata"), metadata.substring(0, end) + metadata.substring(end + 3));
        CtfFormatException e = assertThrows(CtfFormatException.class, () -> CtfTraceReader.open(trace));
        assertEquals(trace.resolve("metadata"), e.file());
        assertEquals(comment, e.offset(), "the metadata is ASCII up to there");
        assertTrue(e.getMessage().contains("' */'"), e.getMessage());
    }

    @Test
    void aFieldCountBeyondWhatTheLineHoldsIsAFormatErrorNotAnOutOfMemoryError() throws Exception {
        Path trace = RecordedTrace.copy(original, dir.resolve("count"));
        String metadata = Files.readString(trace.resolve("metadata"));
        // tick's comment: "... WARN 2 =thread INT ..." -> a field count of 2147483647
        String tampered = metadata.replace(" WARN 2 =thread ", " WARN 2147483647 =thread ");
        assertTrue(!tampered.equals(metadata));
        Files.writeString(trace.resolve("metadata"), tampered);
        CtfFormatException e = assertThrows(CtfFormatException.class, () -> CtfTraceReader.open(trace));
        assertEquals(tampered.indexOf("/* waymark-event ", tampered.indexOf("2147483647") - 200), e.offset());
        assertTrue(e.getMessage().contains("field count 2147483647 but"), e.getMessage());
    }

    @Test
    void metadataLargerThanAnyTracesIsRefusedBeforeItIsRead() throws Exception {
        Path trace = RecordedTrace.copy(original, dir.resolve("huge"));
        try (FileChannel channel = FileChannel.open(trace.resolve("metadata"), StandardOpenOption.WRITE)) {
            channel.truncate(0).position(65L * 1024 * 1024).write(java.nio.ByteBuffer.wrap(new byte[] {1})); // sparse
        }
        CtfFormatException e = assertThrows(CtfFormatException.class, () -> CtfTraceReader.open(trace));
        assertTrue(e.getMessage().contains("more than the 67108864"), e.getMessage());
    }

    @Test
    void aDirectoryWithoutMetadataIsAFormatError() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        CtfFormatException e = assertThrows(CtfFormatException.class, () -> CtfTraceReader.open(dir.resolve("empty")));
        assertEquals(dir.resolve("empty").resolve("metadata"), e.file());
    }

    @Test
    void aClassDeclaredTwiceIsAFormatError() throws Exception {
        Path trace = RecordedTrace.copy(original, dir.resolve("twice"));
        String metadata = Files.readString(trace.resolve("metadata"));
        int comment = metadata.indexOf("/* waymark-event ");
        String line = metadata.substring(comment, metadata.indexOf('\n', comment) + 1);
        Files.writeString(trace.resolve("metadata"), metadata.replace(line, line + line));
        CtfFormatException e = assertThrows(CtfFormatException.class, () -> CtfTraceReader.open(trace));
        assertEquals(comment + line.length(), e.offset());
        assertTrue(e.getMessage().contains("declared twice"), e.getMessage());
    }

    /** Found by CtfTraceFuzzTest (input 416993 of seed 5eed0001 in a 2,000,000-input run). */
    @Test
    void aSchemaCommentWithNothingBetweenItsEndsIsAFormatError() throws Exception {
        Path trace = RecordedTrace.copy(original, dir.resolve("empty-comment"));
        String metadata = Files.readString(trace.resolve("metadata"));
        int comment = metadata.indexOf("/* waymark-event ");
        String line = metadata.substring(comment, metadata.indexOf('\n', comment));
        Files.writeString(trace.resolve("metadata"), metadata.replace(line, "/* waymark-event */"));
        CtfFormatException e = assertThrows(CtfFormatException.class, () -> CtfTraceReader.open(trace));
        assertEquals(comment, e.offset());
    }

    /** Found by CtfTraceFuzzTest (input 526449 of seed 5eed0002 in a 2,000,000-input run). */
    @Test
    void aMalformedTraceUuidIsAFormatError() throws Exception {
        Path trace = RecordedTrace.copy(original, dir.resolve("uuid"));
        String metadata = Files.readString(trace.resolve("metadata"));
        String tampered = metadata.replaceFirst("uuid = \"[0-9a-f]{8}-[0-9a-f]{4}", "uuid = \"ed21474836479");
        assertTrue(!tampered.equals(metadata));
        Files.writeString(trace.resolve("metadata"), tampered);
        CtfFormatException e = assertThrows(CtfFormatException.class, () -> CtfTraceReader.open(trace));
        assertTrue(e.getMessage().contains("lacks the trace uuid"), e.getMessage());
    }

    private static Path mkfifo(Path path) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        return path;
    }
}
