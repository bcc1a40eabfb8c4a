package io.waymark.tools.internal;

import io.waymark.processor.schema.ProviderSchema;
import io.waymark.processor.schema.SchemaJson;
import io.waymark.processor.schema.SchemaSet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Reads the schemas of one command-line input, whatever its kind:
 * <ul>
 *   <li>a jar (any zip, recognised by its signature): every {@code META-INF/waymark/*.schema.json} entry;</li>
 *   <li>a directory of compiled classes: every {@code META-INF/waymark/*.schema.json} under it, or, for the
 *       {@code META-INF/waymark} directory itself, every {@code *.schema.json} in it;</li>
 *   <li>any other regular file: one provider's schema document or a baseline lock file (both read by
 *       {@link SchemaJson}).</li>
 * </ul>
 * What is read is bounded: one document (a file, a jar entry once inflated) by {@link #MAX_DOCUMENT_BYTES}, all
 * documents of one input together by {@link #MAX_INPUT_BYTES}; a file that is not a regular file (a device such as
 * {@code /dev/zero}, a FIFO, a socket) is refused before it is opened, since it may never end or never start.
 * Every problem is an {@link InputException} whose message starts with the file (and the jar entry).
 */
final class SchemaInputs {

    /** Where the annotation processor writes a provider's document, relative to the class output. */
    static final String SCHEMA_DIRECTORY = "META-INF/waymark/";

    /**
     * The most one schema document or lock file may hold, 16 MiB: a provider with a thousand events of a
     * hundred fields each writes about 10 MiB. A jar entry is inflated only up to this bound.
     */
    static final int MAX_DOCUMENT_BYTES = 16 << 20;

    /** The most all schema documents of one input (a jar, a directory) may hold together, 64 MiB. */
    static final int MAX_INPUT_BYTES = 64 << 20;

    private static final Pattern JAR_ENTRY = Pattern.compile("META-INF/waymark/[^/]+\\.schema\\.json");
    private static final String DOCUMENT_GLOB = "*.schema.json";
    /** Jackson's location suffix, which names no source here and breaks the one-line message. */
    private static final Pattern PARSER_LOCATION = Pattern.compile("\\s*at \\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]");

    /** How an input was read. */
    enum Kind {
        JAR("jar"),
        DIRECTORY("class directory"),
        FILE("schema file");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** How reports name the kind. */
        String label() {
            return label;
        }
    }

    /**
     * The schemas of one input.
     *
     * @param argument the input as the user wrote it
     * @param kind how it was read
     * @param schemas its providers
     */
    record Input(String argument, Kind kind, SchemaSet schemas) {}

    private SchemaInputs() {}

    /** Reads the input named {@code argument}. */
    static Input read(String argument) throws InputException {
        Path path;
        try {
            path = Path.of(argument);
        } catch (InvalidPathException e) {
            throw new InputException(argument + ": not a valid path: " + e.getReason(), e);
        }
        if (!Files.exists(path)) {
            throw new InputException(argument + ": no such file or directory");
        }
        if (Files.isDirectory(path)) {
            return new Input(argument, Kind.DIRECTORY, readDirectory(argument, path));
        }
        requireRegularFile(argument, path);
        if (isZip(argument, path)) {
            return new Input(argument, Kind.JAR, readJar(argument, path));
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = bounded(in, argument, new Budget(argument));
        } catch (IOException e) {
            throw new InputException(argument + ": cannot read the file: " + e, e);
        }
        return new Input(argument, Kind.FILE, readDocument(argument, bytes));
    }

    /**
     * Reads an input held in memory, as {@link #read(String)} reads a file of these bytes: a jar when they start
     * with a zip signature, else a schema document or lock file. The entry point of the fuzz tests.
     *
     * @param argument how messages name the input
     * @param bytes its content
     */
    static Input read(String argument, byte[] bytes) throws InputException {
        if (isZip(bytes)) {
            return new Input(argument, Kind.JAR, readJar(argument, bytes));
        }
        if (bytes.length > MAX_DOCUMENT_BYTES) {
            throw tooLarge(argument);
        }
        return new Input(argument, Kind.FILE, readDocument(argument, bytes));
    }

    private static SchemaSet readDirectory(String argument, Path directory) throws InputException {
        Path documents = directory.resolve(SCHEMA_DIRECTORY);
        if (!Files.isDirectory(documents)) {
            documents = directory; // the user named target/classes/META-INF/waymark itself
        }
        Budget budget = new Budget(argument);
        Map<String, byte[]> contents = new TreeMap<>(); // by file name, so that the order is the same on every system
        try (DirectoryStream<Path> files = Files.newDirectoryStream(documents, DOCUMENT_GLOB)) {
            for (Path file : files) {
                if (Files.isDirectory(file)) {
                    continue;
                }
                String name = argument + "/" + directory.relativize(file);
                requireRegularFile(name, file);
                try (InputStream in = Files.newInputStream(file)) {
                    contents.put(directory.relativize(file).toString(), bounded(in, name, budget));
                }
            }
        } catch (IOException e) {
            throw new InputException(argument + ": cannot list the schema documents: " + e, e);
        }
        if (contents.isEmpty()) {
            throw new InputException(argument + ": no schema documents found (expected " + SCHEMA_DIRECTORY + DOCUMENT_GLOB
                    + " in a class output directory compiled with the Waymark annotation processor)");
        }
        return providers(argument, argument + "/", contents);
    }

    private static SchemaSet readJar(String argument, Path jar) throws InputException {
        Budget budget = new Budget(argument);
        Map<String, byte[]> contents = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (isDocument(entry)) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        contents.put(entry.getName(), bounded(in, argument + "!/" + entry.getName(), budget));
                    }
                }
            }
        } catch (ZipException | IllegalArgumentException e) { // IllegalArgumentException: an entry name that is not UTF-8
            throw new InputException(argument + ": not a readable jar: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InputException(argument + ": cannot read the jar: " + e, e);
        }
        return jarProviders(argument, contents);
    }

    /** A jar in memory, read entry by entry from its local headers (a file is read by its central directory). */
    private static SchemaSet readJar(String argument, byte[] bytes) throws InputException {
        Budget budget = new Budget(argument);
        Map<String, byte[]> contents = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (isDocument(entry)) {
                    contents.put(entry.getName(), bounded(zip, argument + "!/" + entry.getName(), budget));
                }
            }
        } catch (IOException | IllegalArgumentException e) { // IllegalArgumentException: an entry name that is not UTF-8
            throw new InputException(argument + ": not a readable jar: " + e.getMessage(), e);
        }
        return jarProviders(argument, contents);
    }

    private static boolean isDocument(ZipEntry entry) {
        return !entry.isDirectory() && JAR_ENTRY.matcher(entry.getName()).matches();
    }

    private static SchemaSet jarProviders(String argument, Map<String, byte[]> contents) throws InputException {
        if (contents.isEmpty()) {
            throw new InputException(argument + ": no schema documents found (the jar has no " + SCHEMA_DIRECTORY
                    + DOCUMENT_GLOB + " entries; was it compiled with the Waymark annotation processor?)");
        }
        return providers(argument, argument + "!/", contents);
    }

    private static SchemaSet readDocument(String argument, byte[] bytes) throws InputException {
        String text = text(argument, bytes);
        try {
            return SchemaJson.readSet(text);
        } catch (IllegalArgumentException e) {
            throw new InputException(argument + ": not a Waymark schema document, lock file or jar: " + oneLine(e), e);
        }
    }

    /** One provider per document; two documents of the same provider in one input are an error. */
    private static SchemaSet providers(String argument, String prefix, Map<String, byte[]> contents) throws InputException {
        Map<String, String> documentOf = new LinkedHashMap<>();
        List<ProviderSchema> providers = new ArrayList<>();
        for (Map.Entry<String, byte[]> document : contents.entrySet()) {
            String name = prefix + document.getKey();
            String text = text(name, document.getValue());
            ProviderSchema provider;
            try {
                provider = SchemaJson.readProvider(text);
            } catch (IllegalArgumentException e) {
                throw new InputException(name + ": not a Waymark schema document: " + oneLine(e), e);
            }
            String previous = documentOf.putIfAbsent(provider.name(), document.getKey());
            if (previous != null) {
                throw new InputException(argument + ": provider '" + provider.name() + "' is described twice, by " + previous
                        + " and by " + document.getKey());
            }
            providers.add(provider);
        }
        try {
            return new SchemaSet(providers);
        } catch (IllegalArgumentException e) {
            throw new InputException(argument + ": " + oneLine(e), e);
        }
    }

    /** What may still be read of one input. */
    private static final class Budget {
        private final String argument;
        private long remaining = MAX_INPUT_BYTES;

        Budget(String argument) {
            this.argument = argument;
        }
    }

    /**
     * The content of {@code in}, read to its end but never beyond {@link #MAX_DOCUMENT_BYTES} or what is left of
     * the input's budget: a zip bomb or an endless stream is refused after the bound, not read into memory.
     */
    private static byte[] bounded(InputStream in, String name, Budget budget) throws IOException, InputException {
        int limit = (int) Math.min(MAX_DOCUMENT_BYTES, budget.remaining);
        byte[] bytes = in.readNBytes(limit + 1);
        if (bytes.length > limit) {
            if (limit < MAX_DOCUMENT_BYTES) {
                throw new InputException(budget.argument + ": its schema documents hold more than " + mib(MAX_INPUT_BYTES)
                        + " MiB together, the limit for one input; is this the right file? (compare the providers in"
                        + " smaller groups, each document named on its own)");
            }
            throw tooLarge(name);
        }
        budget.remaining -= bytes.length;
        return bytes;
    }

    private static InputException tooLarge(String name) {
        return new InputException(name + ": larger than " + mib(MAX_DOCUMENT_BYTES) + " MiB, the limit for one schema"
                + " document or lock file (a jar entry counts as inflated); is this the right file?");
    }

    private static int mib(int bytes) {
        return bytes >> 20;
    }

    /** Refuses a device, FIFO or socket: reading one may never end (/dev/zero) or never start (a FIFO without writer). */
    private static void requireRegularFile(String name, Path file) throws InputException {
        if (!Files.isRegularFile(file)) {
            throw new InputException(name + ": not a regular file (a device, FIFO or socket): give a jar, a class"
                    + " directory, a schema document or a lock file; save a stream to a file first");
        }
    }

    /** The reader's complaint on one line, with the parser's position as line and column. */
    private static String oneLine(IllegalArgumentException e) {
        return PARSER_LOCATION.matcher(String.valueOf(e.getMessage())).replaceAll(" (line $1, column $2)")
                .replaceAll("\\s*\\R\\s*", " ");
    }

    /** Whether the file starts with a zip signature (a jar, also an empty one). */
    private static boolean isZip(String argument, Path file) throws InputException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            return isZip(Arrays.copyOf(head, in.readNBytes(head, 0, head.length)));
        } catch (NoSuchFileException e) {
            throw new InputException(argument + ": no such file or directory", e);
        } catch (IOException e) {
            throw new InputException(argument + ": cannot read the file: " + e, e);
        }
    }

    /** Whether {@code bytes} start with the signature of a zip's local header or of an empty zip's end record. */
    private static boolean isZip(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K'
                && (bytes[2] == 3 && bytes[3] == 4 || bytes[2] == 5 && bytes[3] == 6);
    }

    /** Strict UTF-8: a binary file is reported as such rather than as a confusing JSON error. */
    private static String text(String name, byte[] bytes) throws InputException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InputException(name + ": not a Waymark schema document, lock file or jar: the file is not UTF-8 text", e);
        }
    }
}
