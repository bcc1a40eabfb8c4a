package io.waymark.backend.ctf.internal;

import io.waymark.backend.ctf.CtfFormatException;
import io.waymark.spi.ClockAnchor;
import io.waymark.spi.EventType;
import io.waymark.spi.wire.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Waymark reader needs from a trace's {@code metadata} file: the uuid, the clock anchor and
 * each event class's Waymark schema ({@link SchemaComment}); plus the event walking that the reader
 * and the recovery share.
 *
 * @param uuid the trace uuid
 * @param sessionName the recording session's name ({@code trace_name}), {@code null} when the metadata
 *     has none
 * @param hostName the recording machine's name ({@code hostname}), {@code null} when the metadata has none
 * @param clock the clock anchor of the recording session
 * @param classes writer's schema by event class id, which is the identity word of the class's records
 * @param completeLength the length in bytes of the metadata up to the end of its last complete block
 * @param widths the field widths of {@code classes}, for {@link #eventSize}
 */
public record TraceMetadata(UUID uuid, String sessionName, String hostName, ClockAnchor clock, Map<Integer, EventType> classes,
        int completeLength, Widths widths) {

    /**
     * The width of each field of each event class ({@link WireFormat#fixedSize}, {@code -1} for a length-prefixed
     * one), by class id: {@link #eventSize} runs for every event the reader and the recovery walk, and a boxed
     * map look-up and the schema's field list per event were most of its cost.
     */
    public static final class Widths {
        private final int[] ids;
        private final int[][] widths;

        Widths(Map<Integer, EventType> classes) {
            ids = classes.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            widths = new int[ids.length][];
            for (int c = 0; c < ids.length; c++) {
                EventType type = classes.get(ids[c]);
                widths[c] = new int[type.fieldCount()];
                for (int f = 0; f < widths[c].length; f++) {
                    widths[c][f] = WireFormat.fixedSize(type.field(f).type());
                }
            }
        }

        /** The widths of class {@code id}'s fields, or {@code null} for an unknown class. */
        int[] of(int id) {
            int at = Arrays.binarySearch(ids, id);
            return at < 0 ? null : widths[at];
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Widths w && Arrays.equals(ids, w.ids) && Arrays.deepEquals(widths, w.widths);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids);
        }

        @Override
        public String toString() {
            return "Widths" + Arrays.toString(ids);
        }
    }

    // anchored at a line's start: string literals hold no line break (MetadataWriter.quote), so no name can fake these
    static final Pattern UUID_PATTERN = Pattern.compile(
            "^\tuuid = \"(\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12})\";$", Pattern.MULTILINE);
    static final Pattern EPOCH = Pattern.compile("^\twaymark_clock_epoch_ns = (-?\\d+);$", Pattern.MULTILINE);
    static final Pattern MONOTONIC = Pattern.compile("^\twaymark_clock_monotonic_ns = (-?\\d+);$", Pattern.MULTILINE);
    /** The session's name; {@code waymark_session} in traces written before {@code trace_name} was. */
    static final Pattern SESSION = Pattern.compile("^\t(?:trace_name|waymark_session) = (\"(?:\\\\.|[^\\\\\"])*\");$",
            Pattern.MULTILINE);
    static final Pattern HOST = Pattern.compile("^\thostname = (\"(?:\\\\.|[^\\\\\"])*\");$", Pattern.MULTILINE);

    /**
     * The largest metadata file read: far beyond any real trace's (some hundred bytes per event class),
     * so that a file that is not metadata is refused before it is read into memory.
     */
    public static final long MAX_METADATA_SIZE = 64L * 1024 * 1024;

    /**
     * Reads and parses {@code directory/metadata}.
     *
     * @throws CtfFormatException if it is not a regular file, is larger than {@link #MAX_METADATA_SIZE}
     *     or is not a Waymark CTF trace's metadata
     */
    public static TraceMetadata read(Path directory) throws IOException {
        Path file = directory.resolve(CtfLayout.METADATA_FILE);
        return parse(file, readBounded(file, MAX_METADATA_SIZE));
    }

    /**
     * The bytes of {@code file}, refused unless it is a regular file (a FIFO would block the reader
     * forever) of at most {@code max} bytes.
     */
    public static byte[] readBounded(Path file, long max) throws IOException {
        checkRegularFile(file);
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            if (size > max) {
                throw new CtfFormatException(file, -1, "holds " + size + " bytes, more than the " + max
                        + " a Waymark CTF trace's metadata may have");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // a file that shrinks while read yields what it had
            }
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    /**
     * Refuses a file that is not a regular file (following a symbolic link): opening a FIFO for
     * reading waits for a writer, forever.
     */
    public static void checkRegularFile(Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new CtfFormatException(file, -1, "does not exist: not a Waymark CTF trace", e);
        }
        if (!attributes.isRegularFile()) {
            throw new CtfFormatException(file, -1, "is not a regular file (" + kind(attributes)
                    + "); a Waymark CTF trace holds regular files only: remove or rename it");
        }
    }

    private static String kind(BasicFileAttributes attributes) {
        return attributes.isDirectory() ? "a directory" : attributes.isOther() ? "a FIFO, socket or device" : "not a file";
    }

    /** Parses metadata bytes; {@code file} names them in errors. */
    public static TraceMetadata parse(Path file, byte[] bytes) throws CtfFormatException {
        return parse(file, new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * Parses metadata text written by this backend; a block cut short (no closing marker) is ignored.
     *
     * @throws CtfFormatException if it is not a Waymark CTF trace's metadata; {@code file} names it
     */
    public static TraceMetadata parse(Path file, String text) throws CtfFormatException {
        int complete = text.lastIndexOf(MetadataWriter.BLOCK_END);
        if (!text.startsWith("/* CTF 1.8 */") || complete < 0) {
            throw new CtfFormatException(file, 0, "not the metadata of a Waymark CTF trace (no CTF 1.8 preamble"
                    + " followed by a complete block)");
        }
        String valid = text.substring(0, complete + MetadataWriter.BLOCK_END.length());
        Matcher uuid = findLine(UUID_PATTERN, valid, "uuid = ");
        Matcher epoch = findLine(EPOCH, valid, "waymark_clock_epoch_ns = ");
        Matcher monotonic = findLine(MONOTONIC, valid, "waymark_clock_monotonic_ns = ");
        if (uuid == null || epoch == null || monotonic == null) {
            throw new CtfFormatException(file, 0,
                    "CTF metadata lacks the trace uuid or the Waymark clock anchor: not written by Waymark");
        }
        Map<Integer, EventType> classes = new HashMap<>();
        int lineStart = 0;
        while (lineStart < valid.length()) {
            int lineEnd = valid.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = valid.length();
            }
            if (valid.startsWith(SchemaComment.PREFIX, lineStart)) {
                String line = valid.substring(lineStart, lineEnd);
                SchemaComment.Entry entry;
                try {
                    entry = SchemaComment.parse(line);
                } catch (IllegalArgumentException e) {
                    throw new CtfFormatException(file, byteOffset(valid, lineStart), e.getMessage(), e);
                }
                if (classes.putIfAbsent(entry.identityWord(), entry.type()) != null) {
                    throw new CtfFormatException(file, byteOffset(valid, lineStart), "event class id "
                            + Integer.toUnsignedString(entry.identityWord()) + " is declared twice");
                }
            }
            lineStart = lineEnd + 1;
        }
        Matcher session = findLine(SESSION, valid, "trace_name = ", "waymark_session = ");
        String sessionName = null;
        if (session != null) {
            try {
                sessionName = unquote(session.group(1));
            } catch (RuntimeException e) {
                throw new CtfFormatException(file, byteOffset(valid, session.start()), "malformed trace_name ("
                        + e.getMessage() + ")", e);
            }
        }
        Matcher host = findLine(HOST, valid, "hostname = ");
        String hostName = null;
        if (host != null) {
            try {
                hostName = unquote(host.group(1));
            } catch (RuntimeException e) {
                throw new CtfFormatException(file, byteOffset(valid, host.start()), "malformed hostname ("
                        + e.getMessage() + ")", e);
            }
        }
        ClockAnchor clock;
        try {
            clock = new ClockAnchor(Long.parseLong(epoch.group(1)), Long.parseLong(monotonic.group(1)));
        } catch (NumberFormatException e) {
            throw new CtfFormatException(file, byteOffset(valid, epoch.start()), "clock anchor out of range ("
                    + e.getMessage() + ")", e);
        }
        return new TraceMetadata(UUID.fromString(uuid.group(1)), sessionName, hostName, clock,
                Collections.unmodifiableMap(classes), valid.getBytes(StandardCharsets.UTF_8).length, new Widths(classes));
    }

    /**
     * What {@code pattern.matcher(text).find()} finds, or {@code null}, for a pattern that starts with {@code ^\t}
     * (multi-line) and then one of {@code heads}: tried only at tabs that start a line and are followed by a head,
     * where a match must start, rather than at every character of the metadata.
     */
    static Matcher findLine(Pattern pattern, String text, String... heads) {
        Matcher matcher = pattern.matcher(text).useAnchoringBounds(false); // ^ and $ see the whole text, not the region
        for (int at = text.indexOf('\t'); at >= 0; at = text.indexOf('\t', at + 1)) {
            if (at > 0) { // ^ of a multi-line pattern: after any line terminator (the tab is no \n of a \r\n)
                char c = text.charAt(at - 1);
                if (c != '\n' && c != '\r' && c != '\u0085' && c != '\u2028' && c != '\u2029') {
                    continue;
                }
            }
            boolean head = false;
            for (int h = 0; h < heads.length && !head; h++) {
                head = text.startsWith(heads[h], at + 1);
            }
            if (head && matcher.region(at, text.length()).lookingAt()) {
                return matcher;
            }
        }
        return null;
    }

    private static long byteOffset(String text, int charIndex) {
        return text.substring(0, charIndex).getBytes(StandardCharsets.UTF_8).length;
    }

    /** The text of a TSDL string literal: its C escapes undone ({@code MetadataWriter.quote} writes them). */
    static String unquote(String literal) {
        StringBuilder b = new StringBuilder(literal.length());
        for (int i = 1; i < literal.length() - 1; i++) {
            char c = literal.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = literal.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'a' -> b.append('\u0007');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'v' -> b.append('\u000b');
                case 'x' -> {
                    int end = i + 1;
                    while (end < literal.length() - 1 && Character.digit(literal.charAt(end), 16) >= 0) {
                        end++;
                    }
                    b.append((char) Integer.parseInt(literal.substring(i + 1, end), 16));
                    i = end - 1;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int end = i;
                        while (end < i + 3 && end < literal.length() - 1 && literal.charAt(end) >= '0' && literal.charAt(end) <= '7') {
                            end++;
                        }
                        b.append((char) Integer.parseInt(literal.substring(i, end), 8));
                        i = end - 1;
                    } else {
                        b.append(e); // \" \\ \' \?
                    }
                }
            }
        }
        return b.toString();
    }

    /** The writer's event types, by class id (unsigned). */
    public List<EventType> eventTypes() {
        List<EventType> types = new ArrayList<>();
        classes.keySet().stream().sorted(Integer::compareUnsigned).forEach(id -> types.add(classes.get(id)));
        return types;
    }

    /**
     * The size of the event starting at {@code at} (its record without the size word, see
     * {@link CtfLayout#RECORD_OFFSET}), walked by its declared schema as babeltrace2 walks it; or
     * {@code -1} when its class is unknown or it does not end by {@code end}: then nothing after it can
     * be trusted.
     */
    public int eventSize(byte[] bytes, int at, int end) {
        if (end - at < CtfLayout.EVENT_HEADER_SIZE) {
            return -1;
        }
        int[] fields = widths.of(Packets.u32(bytes, at + CtfLayout.EVENT_ID_OFFSET));
        if (fields == null) {
            return -1;
        }
        long p = at + CtfLayout.EVENT_HEADER_SIZE;
        for (int i = 0; i < fields.length && p <= end; i++) {
            int width = fields[i];
            if (width < 0) {
                if (p + WireFormat.LENGTH_PREFIX_SIZE > end) {
                    return -1;
                }
                p += WireFormat.LENGTH_PREFIX_SIZE + Integer.toUnsignedLong(Packets.u32(bytes, (int) p));
            } else {
                p += width;
            }
        }
        return p <= end ? (int) (p - at) : -1;
    }
}
