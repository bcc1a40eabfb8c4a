package io.waymark.backend.ctf.internal;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Waymark schema of one event class, kept in a TSDL comment before its declaration so a
 * Waymark reader gets the exact {@link EventType} (names, enum classes, versions, defaults) back:
 *
 * <pre>
 * /* waymark-event CLASSID PROVIDER NAME ID VERSION STABILITY LEVEL FIELDCOUNT
 *      { FIELDNAME TYPE ENUMTYPE SINCE DEFAULT LABELCOUNT LABEL... } *&#47;
 * </pre>
 *
 * {@code CLASSID} is the CTF event class id, which is the identity word of the class's records
 * ({@link io.waymark.spi.wire.WireFormat#identityWord}), unsigned decimal. Text tokens are URL-encoded after an {@code =} (so they hold no blank and no {@code *&#47;}); a
 * {@code null} is {@code ~}.
 */
public final class SchemaComment {

    /** How a schema comment starts. */
    public static final String PREFIX = "/* waymark-event ";

    private SchemaComment() {}

    /** The comment for the event class whose id is {@code identityWord}. */
    public static String format(int identityWord, EventType type) {
        StringBuilder b = new StringBuilder(PREFIX);
        b.append(Integer.toUnsignedString(identityWord)).append(' ').append(text(type.provider())).append(' ').append(text(type.name())).append(' ')
                .append(type.id()).append(' ').append(type.version()).append(' ').append(type.stability()).append(' ')
                .append(type.level()).append(' ').append(type.fieldCount());
        for (FieldDescriptor f : type.fields()) {
            b.append(' ').append(text(f.name())).append(' ').append(f.type()).append(' ').append(text(f.enumType()))
                    .append(' ').append(f.since()).append(' ').append(text(f.defaultValue())).append(' ')
                    .append(f.enumLabels().size());
            for (String label : f.enumLabels()) {
                b.append(' ').append(text(label));
            }
        }
        return b.append(" */").toString();
    }

    /** A parsed comment: the class id (the records' identity word) and the writer's schema. */
    public record Entry(int identityWord, EventType type) {}

    /**
     * Parses one comment line (from {@link #PREFIX} to {@code *&#47;}).
     *
     * @throws IllegalArgumentException if it is malformed
     */
    public static Entry parse(String line) {
        // the prefix's last blank may not double as the end's first: "/* waymark-event */" has neither
        if (!line.startsWith(PREFIX) || !line.endsWith(" */") || line.length() < PREFIX.length() + " */".length()) {
            throw new IllegalArgumentException("a waymark-event comment must be one line from '" + PREFIX.strip()
                    + "' to ' */'");
        }
        String body = line.substring(PREFIX.length(), line.length() - " */".length()).trim();
        String[] t = body.split(" ");
        try {
            int i = 0;
            int identityWord = Integer.parseUnsignedInt(t[i++]);
            String provider = untext(t[i++]);
            String name = untext(t[i++]);
            int id = Integer.parseInt(t[i++]);
            int version = Integer.parseInt(t[i++]);
            Stability stability = Stability.valueOf(t[i++]);
            Level level = Level.valueOf(t[i++]);
            int count = Integer.parseInt(t[i++]);
            // each field takes at least six tokens: a count the line cannot hold is refused before allocating
            checkCount("field", count, t.length - i, 6);
            List<FieldDescriptor> fields = new ArrayList<>(count);
            for (int f = 0; f < count; f++) {
                String fieldName = untext(t[i++]);
                FieldType type = FieldType.valueOf(t[i++]);
                String enumType = untext(t[i++]);
                int since = Integer.parseInt(t[i++]);
                String defaultValue = untext(t[i++]);
                int labelCount = Integer.parseInt(t[i++]);
                checkCount("label", labelCount, t.length - i, 1);
                List<String> labels = new ArrayList<>(labelCount);
                for (int l = 0; l < labelCount; l++) {
                    labels.add(untext(t[i++]));
                }
                fields.add(new FieldDescriptor(fieldName, type, enumType, labels, since, defaultValue));
            }
            if (i != t.length) {
                throw new IllegalArgumentException((t.length - i) + " tokens after the last field");
            }
            return new Entry(identityWord, new EventType(provider, name, id, version, stability, level, fields));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed waymark-event comment (" + e.getMessage() + ")", e);
        }
    }

    private static void checkCount(String what, int count, int tokensLeft, int tokensEach) {
        if (count < 0 || count > tokensLeft / tokensEach) {
            throw new IllegalArgumentException(what + " count " + count + " but " + tokensLeft + " tokens left");
        }
    }

    private static String text(String s) {
        return s == null ? "~" : "=" + URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String untext(String token) {
        if (token.equals("~")) {
            return null;
        }
        if (!token.startsWith("=")) {
            throw new IllegalArgumentException("bad text token '" + token + "'");
        }
        return URLDecoder.decode(token.substring(1), StandardCharsets.UTF_8);
    }
}
