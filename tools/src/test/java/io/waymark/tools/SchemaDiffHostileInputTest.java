package io.waymark.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.waymark.processor.schema.EventSchema;
import io.waymark.processor.schema.EventStability;
import io.waymark.processor.schema.FieldSchema;
import io.waymark.processor.schema.ProviderSchema;
import io.waymark.processor.schema.SchemaJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code waymark schema-diff} on hostile input: what is read is bounded, a non-regular file is refused, and each
 * ends with exit 2 and one line naming the input and the remedy, never with an {@link OutOfMemoryError}, a hang or
 * exit 1 ("breaking").
 */
class SchemaDiffHostileInputTest {

    private static final String ENTRY = "META-INF/waymark/shop.orders.schema.json";

    @TempDir
    Path work;

    /** A valid document, the other input of each run. */
    private Path valid() throws IOException {
        ProviderSchema provider = new ProviderSchema("shop.orders", "p.Orders", List.of(new EventSchema(1, "placed",
                EventStability.STABLE, "INFO", 1, false, null, List.of(new FieldSchema("id", "long", 1, null, null,
                List.of(), null)))), List.of());
        return Files.writeString(work.resolve("valid.schema.json"), SchemaJson.write(provider));
    }

    private static SchemaDiffTest.Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> WaymarkCli.execute(new PrintWriter(out), new PrintWriter(err), args));
        return new SchemaDiffTest.Run(code, out.toString(), err.toString());
    }

    private static void assertInputError(SchemaDiffTest.Run run, String expectedLine) {
        assertEquals(WaymarkCli.EXIT_USAGE, run.exitCode(), run::toString);
        assertEquals("", run.out(), run::toString);
        assertEquals("waymark schema-diff: " + expectedLine, run.err().strip(), run::toString);
    }

    @Test
    void jarEntryInflatingTo2point5GiBIsRefusedAfterTheBound() throws IOException {
        Path bomb = work.resolve("bomb.jar");
        long inflated = writeZipBomb(bomb, ENTRY, 2560);
        assertEquals(2560L << 20, inflated);
        assertTrue(Files.size(bomb) < 4 << 20, "the bomb is small on disk: " + Files.size(bomb));
        assertInputError(run("schema-diff", valid().toString(), bomb.toString()), bomb + "!/" + ENTRY + ": larger than"
                + " 16 MiB, the limit for one schema document or lock file (a jar entry counts as inflated); is this the"
                + " right file?");
    }

    @Test
    void documentsOfOneJarTogetherAreBounded() throws IOException {
        // five entries of 15 MiB each: each under the document bound, together over the input's
        Path jar = work.resolve("many.jar");
        writeZipBomb(jar, "META-INF/waymark/x.schema.json", 15, "META-INF/waymark/a.schema.json",
                "META-INF/waymark/b.schema.json", "META-INF/waymark/c.schema.json", "META-INF/waymark/d.schema.json");
        assertInputError(run("schema-diff", jar.toString(), valid().toString()), jar + ": its schema documents hold more"
                + " than 64 MiB together, the limit for one input; is this the right file? (compare the providers in"
                + " smaller groups, each document named on its own)");
    }

    @Test
    void oversizedDocumentIsRefused() throws IOException {
        Path big = work.resolve("big.schema.json");
        try (OutputStream out = Files.newOutputStream(big)) {
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i <= 16; i++) {
                out.write(spaces);
            }
        }
        assertInputError(run("schema-diff", big.toString(), valid().toString()), big + ": larger than 16 MiB, the limit"
                + " for one schema document or lock file (a jar entry counts as inflated); is this the right file?");
    }

    @Test
    void devZeroIsRefused() throws IOException {
        assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero here");
        assertInputError(run("schema-diff", valid().toString(), "/dev/zero"), "/dev/zero: not a regular file (a device,"
                + " FIFO or socket): give a jar, a class directory, a schema document or a lock file; save a stream to a"
                + " file first");
    }

    @Test
    void fifoIsRefusedWithoutWaitingForAWriter() throws Exception {
        Path fifo = work.resolve("orders.schema.json");
        assumeTrue(mkfifo(fifo), "mkfifo is not available here");
        assertInputError(run("schema-diff", fifo.toString(), valid().toString()), fifo + ": not a regular file (a device,"
                + " FIFO or socket): give a jar, a class directory, a schema document or a lock file; save a stream to a"
                + " file first");
        // and as a document of a class directory
        Path classes = Files.createDirectories(work.resolve("classes/META-INF/waymark"));
        Path inside = classes.resolve("shop.orders.schema.json");
        assumeTrue(mkfifo(inside));
        String directory = work.resolve("classes").toString();
        assertInputError(run("schema-diff", directory, valid().toString()), directory + "/META-INF/waymark/shop.orders"
                + ".schema.json: not a regular file (a device, FIFO or socket): give a jar, a class directory, a schema"
                + " document or a lock file; save a stream to a file first");
    }

    @Test
    void lenientDocumentsAreRefused() throws IOException {
        String valid = Files.readString(valid());
        Path duplicateIds = Files.writeString(work.resolve("duplicate-ids.schema.json"), valid.replace("\"events\": [",
                "\"events\": [{\"id\": 1, \"name\": \"again\", \"stability\": \"STABLE\", \"level\": \"INFO\","
                        + " \"version\": 1, \"fields\": []},"));
        assertInputError(run("schema-diff", duplicateIds.toString(), valid().toString()), duplicateIds + ": not a Waymark"
                + " schema document, lock file or jar: document.events[1].id: event id 1 of event 'placed' is already used"
                + " by event 'again' (document.events[0]); event ids are unique within a provider");
        Path emptyProvider = Files.writeString(work.resolve("empty-provider.schema.json"),
                valid.replace("\"provider\": \"shop.orders\"", "\"provider\": \"\""));
        assertInputError(run("schema-diff", valid().toString(), emptyProvider.toString()), emptyProvider + ": not a"
                + " Waymark schema document, lock file or jar: document.provider: provider name '' is invalid: it starts"
                + " with a letter and has only letters, digits, '_', '-' and '.'");
    }

    @Test
    void removingEveryFieldOfAStableEventIsBreakingNotACrash() throws IOException {
        Path none = Files.writeString(work.resolve("none.schema.json"), SchemaJson.write(new ProviderSchema("shop.orders",
                "p.Orders", List.of(new EventSchema(1, "placed", EventStability.STABLE, "INFO", 1, false, null, List.of())),
                List.of())));
        SchemaDiffTest.Run run = run("schema-diff", valid().toString(), none.toString());
        assertEquals(WaymarkCli.EXIT_BREAKING, run.exitCode(), run::toString);
        assertEquals(List.of("BREAKING WM101 shop.orders:placed.id"), run.changes(), run::toString);
    }

    private static boolean mkfifo(Path path) throws InterruptedException {
        try {
            Process process = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
            return process.waitFor() == 0 && Files.exists(path);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes a jar whose entries each inflate to {@code mebibytes} MiB of zeros, built from a repeated deflate block
     * so that neither the test nor the disk holds the inflated bytes.
     *
     * @return the inflated size of one entry
     */
    static long writeZipBomb(Path jar, String entry, int mebibytes, String... moreEntries) throws IOException {
        byte[] zeros = new byte[1 << 20];
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] buffer = new byte[1 << 20];
        deflater.setInput(zeros);
        byte[] first = Arrays.copyOf(buffer, deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH));
        // once the window is all zeros, every further MiB of zeros deflates to the same bytes
        deflater.setInput(zeros);
        byte[] repeated = Arrays.copyOf(buffer, deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH));
        deflater.finish();
        byte[] last = Arrays.copyOf(buffer, deflater.deflate(buffer));
        deflater.end();
        long compressed = first.length + (long) repeated.length * (mebibytes - 1) + last.length;
        long inflated = (long) mebibytes << 20;
        CRC32 crc = new CRC32();
        for (int i = 0; i < mebibytes; i++) {
            crc.update(zeros);
        }
        List<String> names = new java.util.ArrayList<>(List.of(entry));
        names.addAll(List.of(moreEntries));
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(jar))) {
            long offset = 0;
            long[] offsets = new long[names.size()];
            for (int e = 0; e < names.size(); e++) {
                offsets[e] = offset;
                byte[] name = names.get(e).getBytes(StandardCharsets.UTF_8);
                ByteBuffer header = little(30 + name.length).putInt(0x04034b50).putShort((short) 20).putShort((short) 0)
                        .putShort((short) 8).putShort((short) 0).putShort((short) 0x21).putInt((int) crc.getValue())
                        .putInt((int) compressed).putInt((int) inflated).putShort((short) name.length).putShort((short) 0)
                        .put(name);
                out.write(header.array());
                out.write(first);
                for (int i = 1; i < mebibytes; i++) {
                    out.write(repeated);
                }
                out.write(last);
                offset += header.capacity() + compressed;
            }
            long directoryStart = offset;
            for (int e = 0; e < names.size(); e++) {
                byte[] name = names.get(e).getBytes(StandardCharsets.UTF_8);
                ByteBuffer central = little(46 + name.length).putInt(0x02014b50).putShort((short) 20).putShort((short) 20)
                        .putShort((short) 0).putShort((short) 8).putShort((short) 0).putShort((short) 0x21)
                        .putInt((int) crc.getValue()).putInt((int) compressed).putInt((int) inflated)
                        .putShort((short) name.length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                        .putShort((short) 0).putInt(0).putInt((int) offsets[e]).put(name);
                out.write(central.array());
                offset += central.capacity();
            }
            out.write(little(22).putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) names.size())
                    .putShort((short) names.size()).putInt((int) (offset - directoryStart)).putInt((int) directoryStart)
                    .putShort((short) 0).array());
        }
        return inflated;
    }

    private static ByteBuffer little(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
