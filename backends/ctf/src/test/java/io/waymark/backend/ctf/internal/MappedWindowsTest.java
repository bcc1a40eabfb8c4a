package io.waymark.backend.ctf.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review's M1: releases run out of order (a writer descheduled in packet s while s + 1 completes), so
 * preparing s + 1 + N before s + N must not count s + N as allocated: its pre-fault stores would be the first
 * writes into a hole, a SIGBUS on a full file system.
 */
class MappedWindowsTest {

    @TempDir
    Path dir;

    @Test
    void preparingOutOfOrderAllocatesEverySubBuffer() throws Exception {
        try (FileChannel channel = FileChannel.open(dir.resolve("stream_0"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedWindows windows = new MappedWindows(channel, 4096, 4 * 4096);
            windows.prepare(0);
            windows.prepare(2); // released before 1: its writer was descheduled
            assertTrue(windows.isAllocated(0));
            assertFalse(windows.isAllocated(1), "1 was not prepared: allocating 2 must not count it");
            assertTrue(windows.isAllocated(2));
            windows.prepare(5);
            windows.prepare(1);
            assertFalse(windows.isAllocated(3));
            assertFalse(windows.isAllocated(4));
            windows.prepare(4);
            windows.prepare(3);
            for (long seq = 0; seq <= 5; seq++) {
                assertTrue(windows.isAllocated(seq), "sub-buffer " + seq);
            }
            assertFalse(windows.isAllocated(6));
            windows.close(6 * 4096, true);
        }
    }
}
