package io.waymark.tools.internal;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.waymark.processor.schema.EnumConstant;
import io.waymark.processor.schema.EventSchema;
import io.waymark.processor.schema.EventStability;
import io.waymark.processor.schema.FieldSchema;
import io.waymark.processor.schema.ProviderSchema;
import io.waymark.processor.schema.RetiredEvent;
import io.waymark.processor.schema.SchemaCompatibility;
import io.waymark.processor.schema.SchemaJson;
import io.waymark.processor.schema.SchemaSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz target of {@code schema-diff}'s input handling through its in-memory entry point,
 * {@link SchemaInputs#read(String, byte[])}: mutated jars (stored and deflated), jars of mutated documents,
 * mutated documents and lock files, and random bytes, from a fixed seed. Every input gives an input or an
 * {@link InputException} with one line that names it (the documented outcomes, exit 2); two inputs that were read
 * are compared without an exception. Iterations: the system property {@code waymark.fuzz.iterations}.
 */
class SchemaInputsFuzzTest {

    private static final long SEED = 0x5eed_19_2L;
    private static final int ITERATIONS = Integer.getInteger("waymark.fuzz.iterations", 3000);
    private static final int BATCH = 2000;
    private static final String NAME = "fuzz.jar";
    private static final LocalDateTime TIME = LocalDateTime.of(2026, 1, 1, 0, 0);

    private static final ProviderSchema PROVIDER = new ProviderSchema("shop.orders", "p.Orders", List.of(
            new EventSchema(1, "placed", EventStability.STABLE, "INFO", 2, false, null, List.of(
                    new FieldSchema("id", "long", 1, null, null, List.of(), null),
                    new FieldSchema("status", "enum", 1, "NEW", "p.Orders$Status", List.of(new EnumConstant("NEW", 0),
                            new EnumConstant("PAID", 1)), null),
                    new FieldSchema("note", "string", 2, "", null, List.of(), null))),
            new EventSchema(2, "paid", EventStability.STABLE, "WARN", 1, false, null, List.of(
                    new FieldSchema("amount", "int", 1, null, null, List.of(), null)))),
            List.of(new RetiredEvent(3, "cancelled", "")));
    private static final ProviderSchema OTHER = new ProviderSchema("shop.other", "p.Other", List.of(new EventSchema(1,
            "x", EventStability.UNSTABLE, "DEBUG", 1, false, null, List.of())), List.of());

    private static final byte[] DOCUMENT = SchemaJson.write(PROVIDER).getBytes(StandardCharsets.UTF_8);
    private static final byte[] LOCK = SchemaJson.write(new SchemaSet(List.of(PROVIDER, OTHER)))
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] JAR = jar(ZipEntry.DEFLATED, DOCUMENT, SchemaJson.write(OTHER).getBytes(StandardCharsets.UTF_8));
    private static final byte[] STORED_JAR = jar(ZipEntry.STORED, DOCUMENT);

    @DisplayName("fuzz: mutated jars, documents and random bytes are read or refused with one line naming the input")
    @Test
    void mutatedInputs() {
        SplittableRandom random = new SplittableRandom(SEED);
        long began = System.nanoTime();
        long[] cpu = new long[1];
        for (int done = 0; done < ITERATIONS; done += BATCH) {
            int count = Math.min(BATCH, ITERATIONS - done);
            int first = done;
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                long cpuBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                SchemaSet previous = new SchemaSet(List.of(PROVIDER));
                for (int i = 0; i < count; i++) {
                    byte[] input = input(random);
                    SchemaSet read = check(first + i, input);
                    if (read != null) {
                        try {
                            SchemaCompatibility.compare(previous, read);
                            SchemaCompatibility.compare(read, previous);
                        } catch (RuntimeException | Error e) {
                            fail(report(first + i, input, "comparing inputs that were read threw " + e), e);
                        }
                        previous = read;
                    }
                }
                cpu[0] += ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuBefore;
            }, () -> "a batch of " + count + " inputs from input " + first + " took too long (a hang?)");
            if ((first + count) % 1_000_000 == 0) { // a long run's progress, should it be stopped
                System.out.printf("fuzz SchemaInputsFuzzTest: %,d inputs so far, %.1f s CPU%n", first + count, cpu[0] / 1e9);
            }
        }
        System.out.printf("fuzz SchemaInputsFuzzTest: %,d inputs, %.1f s wall, %.1f s CPU (%.1f µs/input), 0 findings%n",
                ITERATIONS, (System.nanoTime() - began) / 1e9, cpu[0] / 1e9, cpu[0] / 1e3 / Math.max(1, ITERATIONS));
    }

    /** One input: a mutated jar, a jar of a mutated document, a mutated document or lock file, or random bytes. */
    private static byte[] input(SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0 -> mutate(random, JAR);
            case 1 -> mutate(random, STORED_JAR);
            case 2 -> jar(random.nextBoolean() ? ZipEntry.DEFLATED : ZipEntry.STORED, mutate(random, DOCUMENT));
            case 3 -> mutate(random, DOCUMENT);
            case 4 -> mutate(random, LOCK);
            default -> {
                byte[] bytes = new byte[random.nextInt(300)];
                random.nextBytes(bytes);
                if (random.nextBoolean() && bytes.length >= 4) {
                    bytes[0] = 'P'; // past the zip signature, into the zip reader
                    bytes[1] = 'K';
                    bytes[2] = 3;
                    bytes[3] = 4;
                }
                yield bytes;
            }
        };
    }

    private static byte[] mutate(SplittableRandom random, byte[] seed) {
        byte[] bytes = seed.clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations && bytes.length > 0; m++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(4)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> { // an interesting value: a length or count field of the zip
                    int[] values = {0, 0xFF, 0x7F, 0x80};
                    bytes[at] = (byte) values[random.nextInt(values.length)];
                }
                default -> {
                    int length = random.nextInt(bytes.length - at + 1);
                    byte[] shorter = new byte[bytes.length - length];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + length, shorter, at, bytes.length - at - length);
                    bytes = shorter;
                }
            }
        }
        return bytes;
    }

    /** What the entry point gives: the schemas, or {@code null} after a well-formed refusal. */
    private static SchemaSet check(int index, byte[] input) {
        try {
            return SchemaInputs.read(NAME, input).schemas();
        } catch (InputException e) {
            String message = e.getMessage();
            assertTrue(message != null && message.startsWith(NAME) && message.lines().count() == 1
                    && !message.isBlank(), () -> report(index, input, "refused without one line naming it: " + message));
            return null;
        } catch (RuntimeException | Error e) {
            fail(report(index, input, "threw " + e), e);
            return null;
        }
    }

    /**
     * Finding: an entry name that is not UTF-8 made the zip readers throw {@link IllegalArgumentException}
     * ("malformed input off : 14"), which would have been exit 3; it is a jar that cannot be read, exit 2.
     */
    @DisplayName("finding: a jar entry whose name is not UTF-8 is an unreadable jar, in memory and on file")
    @Test
    void entryNameThatIsNotUtf8(@TempDir Path work) throws IOException {
        byte[] jar = JAR.clone();
        byte[] name = "MANIFEST".getBytes(StandardCharsets.US_ASCII);
        int replaced = 0;
        for (int i = 0; i + name.length <= jar.length; i++) { // in the local header and in the central directory
            if (java.util.Arrays.equals(jar, i, i + name.length, name, 0, name.length)) {
                jar[i] = (byte) 0xFF;
                replaced++;
            }
        }
        assertTrue(replaced == 2, "the name is in both headers");
        InputException inMemory = org.junit.jupiter.api.Assertions.assertThrows(InputException.class,
                () -> SchemaInputs.read(NAME, jar));
        assertTrue(inMemory.getMessage().startsWith(NAME + ": not a readable jar: "), inMemory::getMessage);
        Path file = Files.write(work.resolve("bad-name.jar"), jar);
        InputException onFile = org.junit.jupiter.api.Assertions.assertThrows(InputException.class,
                () -> SchemaInputs.read(file.toString()));
        assertTrue(onFile.getMessage().startsWith(file + ": not a readable jar: "), onFile::getMessage);
    }

    static String report(int index, byte[] input, String problem) {
        return "input " + index + " (seed " + SEED + "): " + problem + "; input (hex): " + HexFormat.of().formatHex(input);
    }

    private static byte[] jar(int method, byte[]... documents) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry manifest = new ZipEntry("META-INF/MANIFEST.MF");
            manifest.setTimeLocal(TIME); // a fixed time: the same seed gives the same inputs on every run
            zip.putNextEntry(manifest);
            zip.write("Manifest-Version: 1.0\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < documents.length; i++) {
                ZipEntry entry = new ZipEntry(SchemaInputs.SCHEMA_DIRECTORY + "p" + i + ".schema.json");
                entry.setMethod(method);
                entry.setTimeLocal(TIME);
                if (method == ZipEntry.STORED) {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(documents[i]);
                    entry.setSize(documents[i].length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(documents[i]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
