package io.waymark.tools.internal;

import io.waymark.processor.schema.ProviderSchema;
import io.waymark.processor.schema.SchemaJson;
import io.waymark.processor.schema.SchemaSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the schemas of one command-line input, whatever its kind:
 * <ul>
 *   <li>a jar (any zip, recognised by its signature): every {@code META-INF/waymark/*.schema.json} entry;</li>
 *   <li>a directory of compiled classes: every {@code META-INF/waymark/*.schema.json} under it, or, for the
 *       {@code META-INF/waymark} directory itself, every {@code *.schema.json} in it;</li>
 *   <li>any other file: one provider's schema document or a baseline lock file (both read by {@link SchemaJson}).</li>
 * </ul>
 * Every problem is an {@link InputException} whose message starts with the file (and the jar entry).
 */
final class SchemaInputs {

    /** Where the annotation processor writes a provider's document, relative to the class output. */
    static final String SCHEMA_DIRECTORY = "META-INF/waymark/";

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
        Path path = Path.of(argument);
        if (!Files.exists(path)) {
            throw new InputException(argument + ": no such file or directory");
        }
        if (Files.isDirectory(path)) {
            return new Input(argument, Kind.DIRECTORY, readDirectory(argument, path));
        }
        if (isZip(argument, path)) {
            return new Input(argument, Kind.JAR, readJar(argument, path));
        }
        return new Input(argument, Kind.FILE, readFile(argument, path));
    }

    private static SchemaSet readDirectory(String argument, Path directory) throws InputException {
        Path documents = directory.resolve(SCHEMA_DIRECTORY);
        if (!Files.isDirectory(documents)) {
            documents = directory; // the user named target/classes/META-INF/waymark itself
        }
        Map<String, String> texts = new TreeMap<>(); // by file name, so that the order is the same on every system
        try (DirectoryStream<Path> files = Files.newDirectoryStream(documents, DOCUMENT_GLOB)) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    texts.put(directory.relativize(file).toString(), text(argument + "/" + directory.relativize(file),
                            Files.readAllBytes(file)));
                }
            }
        } catch (IOException e) {
            throw new InputException(argument + ": cannot list the schema documents: " + e, e);
        }
        if (texts.isEmpty()) {
            throw new InputException(argument + ": no schema documents found (expected " + SCHEMA_DIRECTORY + DOCUMENT_GLOB
                    + " in a class output directory compiled with the Waymark annotation processor)");
        }
        return providers(argument, argument + "/", texts);
    }

    private static SchemaSet readJar(String argument, Path jar) throws InputException {
        Map<String, String> texts = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (!entry.isDirectory() && JAR_ENTRY.matcher(entry.getName()).matches()) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        texts.put(entry.getName(), text(argument + "!/" + entry.getName(), in.readAllBytes()));
                    }
                }
            }
        } catch (ZipException e) {
            throw new InputException(argument + ": not a readable jar: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InputException(argument + ": cannot read the jar: " + e, e);
        }
        if (texts.isEmpty()) {
            throw new InputException(argument + ": no schema documents found (the jar has no " + SCHEMA_DIRECTORY
                    + DOCUMENT_GLOB + " entries; was it compiled with the Waymark annotation processor?)");
        }
        return providers(argument, argument + "!/", texts);
    }

    private static SchemaSet readFile(String argument, Path file) throws InputException {
        String text;
        try {
            text = text(argument, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new InputException(argument + ": cannot read the file: " + e, e);
        }
        try {
            return SchemaJson.readSet(text);
        } catch (IllegalArgumentException e) {
            throw new InputException(argument + ": not a Waymark schema document, lock file or jar: " + oneLine(e), e);
        }
    }

    /** One provider per document; two documents of the same provider in one input are an error. */
    private static SchemaSet providers(String argument, String prefix, Map<String, String> texts) throws InputException {
        Map<String, String> documentOf = new LinkedHashMap<>();
        List<ProviderSchema> providers = new ArrayList<>();
        for (Map.Entry<String, String> document : texts.entrySet()) {
            ProviderSchema provider;
            try {
                provider = SchemaJson.readProvider(document.getValue());
            } catch (IllegalArgumentException e) {
                throw new InputException(prefix + document.getKey() + ": not a Waymark schema document: " + oneLine(e), e);
            }
            String previous = documentOf.putIfAbsent(provider.name(), document.getKey());
            if (previous != null) {
                throw new InputException(argument + ": provider '" + provider.name() + "' is described twice, by " + previous
                        + " and by " + document.getKey());
            }
            providers.add(provider);
        }
        return new SchemaSet(providers);
    }

    /** The reader's complaint on one line, with the parser's position as line and column. */
    private static String oneLine(IllegalArgumentException e) {
        return PARSER_LOCATION.matcher(e.getMessage()).replaceAll(" (line $1, column $2)").replaceAll("\\s*\\R\\s*", " ");
    }

    /** Whether the file starts with a zip signature (a jar, also an empty one). */
    private static boolean isZip(String argument, Path file) throws InputException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            int read = in.readNBytes(head, 0, head.length);
            return read == 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 && head[3] == 4 || head[2] == 5 && head[3] == 6);
        } catch (NoSuchFileException e) {
            throw new InputException(argument + ": no such file or directory", e);
        } catch (IOException e) {
            throw new InputException(argument + ": cannot read the file: " + e, e);
        }
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
