package io.waymark.backend.ctf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.backend.ctf.CtfFormatException;
import io.waymark.spi.DiscardReason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file ({@link StateLayout}): written through its mapping, read back, refused when it is not one this Waymark reads. */
class StateFileTest {

    private static final UUID UUID_1 = UUID.fromString("0b6a5e1c-2f7d-4c1e-9a55-3d2c1b0a9f8e");

    @TempDir
    Path dir;

    private static byte[] bytes(UUID uuid) {
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
    }

    private static long[] discards(DiscardReason reason, long count) {
        long[] byOrdinal = new long[DiscardReason.values().length];
        byOrdinal[reason.ordinal()] = count;
        return byOrdinal;
    }

    private Path written() throws Exception {
        try (StateFile state = StateFile.create(dir, bytes(UUID_1), false, 4096, 64, 8 << 20, 3)) {
            state.stream(0, 4096L * 7 + 200, 6, 70, 1234, discards(DiscardReason.BUFFER_FULL, 5), 0);
            state.stream(2, 80, 0, 64, 0, discards(DiscardReason.WRITE_FAILED, 9), 0);
        }
        return StateFile.path(dir);
    }

    @Test
    void whatTheKeeperWritesIsReadBack() throws Exception {
        written();
        StateFile.State state = StateFile.read(dir, UUID_1);
        assertEquals(UUID_1, state.uuid());
        assertFalse(state.overwrite());
        assertFalse(state.clean());
        assertEquals(4096, state.subBufferSize());
        assertEquals(64, state.subBufferCount());
        assertEquals(CtfLayout.PACKET_HEADER_SIZE, state.packetHeaderSize());
        assertEquals(8 << 20, state.windowSize());
        assertEquals(3, state.streams().size());
        StateFile.StreamState s0 = state.streams().get(0);
        assertEquals(0, s0.instance());
        assertEquals(4096L * 7 + 200, s0.head());
        assertEquals(6, s0.finalized());
        assertEquals(70, s0.prepared());
        assertEquals(1234, s0.recorded());
        assertEquals(Map.of(DiscardReason.BUFFER_FULL, 5L), s0.discarded());
        assertTrue(s0.updatedAt() != 0, "the keeper's last write is stamped");
        StateFile.StreamState s1 = state.streams().get(1);
        assertEquals(1, s1.instance(), "every block names its stream from the start");
        assertEquals(0, s1.updatedAt(), "a block the keeper never wrote");
        assertEquals(Map.of(DiscardReason.WRITE_FAILED, 9L), state.streams().get(2).discarded());
        assertEquals(9, state.streams().get(2).discardedTotal());
    }

    @Test
    void theBytesAreTheDocumentedLayout() throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(written())).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(StateLayout.fileSize(3), b.capacity());
        assertEquals("WMKSTATE", new String(b.array(), 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals((byte) 0xFF, b.get(8), "byte-order mark 0xFEFF stored little-endian");
        assertEquals((byte) 0xFE, b.get(9));
        assertEquals(1, b.getShort(10));
        assertEquals(128, b.getShort(14));
        assertEquals(256, b.getShort(16));
        assertEquals(3, b.getShort(18));
        assertEquals(UUID_1.getMostSignificantBits(), b.order(ByteOrder.BIG_ENDIAN).getLong(24), "uuid as in packet headers");
        b.order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(4096, b.getLong(40));
        assertEquals(64, b.getInt(48));
        assertEquals(80, b.getInt(52));
        assertEquals(8, b.getShort(64 + 2 * StateLayout.FIELD_HEAD), "field table: head at +8");
        assertEquals(StateLayout.ABSENT, Short.toUnsignedInt(b.getShort(64 + 2 * 15)), "unused entries absent");
        int block0 = 128;
        assertEquals(4096L * 7 + 200, b.getLong(block0 + 8));
        assertEquals(6, b.getLong(block0 + 16));
        assertEquals(70, b.getLong(block0 + 24));
        assertEquals(1234, b.getLong(block0 + 32));
        assertEquals(5, b.getLong(block0 + 40), "BUFFER_FULL is entry 0 of discarded");
        assertEquals(StateLayout.REASONS.size(), b.getInt(block0 + 168));
        int block2 = 128 + 2 * 256;
        assertEquals(2, b.getLong(block2));
        assertEquals(9, b.getLong(block2 + 40 + 8 * StateLayout.REASONS.indexOf(DiscardReason.WRITE_FAILED)));
    }

    @Test
    void markCleanSetsTheFlagAndWritesAfterCloseAreIgnored() throws Exception {
        StateFile state = StateFile.create(dir, bytes(UUID_1), true, 8192, 8, 8192, 1);
        state.stream(0, 8192 + 80, 1, 9, 3, new long[0], 2);
        state.markClean();
        state.close();
        state.stream(0, 1, 1, 1, 1, null, 1);
        state.markClean();
        StateFile.State read = StateFile.read(dir, UUID_1);
        assertTrue(read.overwrite());
        assertTrue(read.clean());
        assertEquals(8192 + 80, read.streams().get(0).head());
        assertEquals(2, read.streams().get(0).firstSeq());
        assertEquals(Map.of(), read.streams().get(0).discarded());
    }

    @Test
    void createReplacesAStaleFile() throws Exception {
        written();
        try (StateFile state = StateFile.create(dir, bytes(UUID_1), false, 4096, 4, 4096, 1)) {
            state.stream(0, 80, 0, 4, 0, null, 0);
        }
        assertEquals(StateLayout.fileSize(1), Files.size(StateFile.path(dir)));
        assertEquals(1, StateFile.read(dir, UUID_1).streams().size());
    }

    @Test
    void everyDiscardReasonHasItsPlaceInTheLayout() {
        assertEquals(EnumSet.allOf(DiscardReason.class), EnumSet.copyOf(StateLayout.REASONS),
                "a new DiscardReason must be appended to StateLayout.REASONS (with a new minor version)");
        assertTrue(StateLayout.REASONS.size() <= StateLayout.MAX_REASONS);
    }

    @Test
    void noStateFileIsAnOldFormatTrace() throws Exception {
        assertNull(StateFile.read(dir, UUID_1));
        assertNull(StateFile.read(dir));
    }

    @Test
    void badValuesAreRefusedAtCreation() {
        assertThrows(IllegalArgumentException.class, () -> StateFile.create(dir, new byte[15], false, 4096, 4, 4096, 1));
        assertThrows(IllegalArgumentException.class, () -> StateFile.create(dir, bytes(UUID_1), false, 5000, 4, 8192, 1));
        assertThrows(IllegalArgumentException.class, () -> StateFile.create(dir, bytes(UUID_1), false, 4096, 4, 4096, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> {
            try (StateFile state = StateFile.create(dir, bytes(UUID_1), false, 4096, 4, 4096, 1)) {
                state.stream(1, 0, 0, 0, 0, null, 0);
            }
        });
    }

    /** Writes the state file with one change and expects a refusal naming {@code field}. */
    private void refused(int offset, byte[] patch, String field) throws Exception {
        Path file = written();
        byte[] bytes = Files.readAllBytes(file);
        System.arraycopy(patch, 0, bytes, offset, patch.length);
        Files.write(file, bytes);
        CtfFormatException e = assertThrows(CtfFormatException.class, () -> StateFile.read(dir, UUID_1));
        assertTrue(e.getMessage().contains(field), e::getMessage);
        assertTrue(e.getMessage().startsWith(file.toString()), "names the file: " + e.getMessage());
    }

    @Test
    void aWrongMagicIsRefused() throws Exception {
        refused(0, "WMKSTATX".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "magic");
    }

    @Test
    void aBigEndianFileIsRefused() throws Exception {
        refused(8, new byte[] {(byte) 0xFE, (byte) 0xFF}, "byte-order mark 0xfffe (a big-endian file)");
    }

    @Test
    void anotherMajorVersionIsRefused() throws Exception {
        refused(10, new byte[] {2, 0}, "layout major version 2");
    }

    @Test
    void anotherTracesStateFileIsRefused() throws Exception {
        refused(24, new byte[] {1, 2, 3}, "the state file of another trace");
    }

    @Test
    void aMissingFieldIsRefused() throws Exception {
        refused(64 + 2 * StateLayout.FIELD_FINALIZED, new byte[] {(byte) 0xFF, (byte) 0xFF}, "\"finalized\" is absent");
    }

    @Test
    void aFileCutShortIsRefused() throws Exception {
        Path file = written();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, 128 + 256 * 2 + 10));
        CtfFormatException e = assertThrows(CtfFormatException.class, () -> StateFile.read(dir, UUID_1));
        assertTrue(e.getMessage().contains("cut short"), e::getMessage);
        Files.write(file, java.util.Arrays.copyOf(bytes, 100));
        assertThrows(CtfFormatException.class, () -> StateFile.read(dir, UUID_1));
    }

    @Test
    void aSymbolicLinkIsRefused() throws Exception {
        Path file = written();
        Path elsewhere = dir.resolve("elsewhere");
        Files.move(file, elsewhere);
        Files.createSymbolicLink(file, elsewhere);
        CtfFormatException e = assertThrows(CtfFormatException.class, () -> StateFile.read(dir, UUID_1));
        assertTrue(e.getMessage().contains("not a regular file"), e::getMessage);
    }
}
