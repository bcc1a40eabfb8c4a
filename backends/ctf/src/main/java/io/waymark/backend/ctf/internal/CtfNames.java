package io.waymark.backend.ctf.internal;

import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The names an event's fields have in the metadata: one mapping for declared fields and derived
 * ones (docs/ctf-backend.md, "Field names"). babeltrace2 shows a TSDL field name without one leading
 * underscore, so the mapping is defined on the <em>shown</em> name and the TSDL name follows from it:
 *
 * <ul>
 *   <li>a field shows as its Java name, with each character TSDL identifiers do not allow (anything
 *       but ASCII letters, digits and {@code _}) written {@code _uXXXX};
 *   <li>the length field of a {@code String} or {@code byte[]} field shows as that field's shown name
 *       followed by {@code _length};
 *   <li>a name that an earlier field of the event already shows gets {@code _2}, {@code _3}, ...;
 *       declared fields keep their names before derived ones get theirs;
 *   <li>the TSDL name is the shown name with a leading underscore when the shown name starts with
 *       one, is a TSDL keyword or a type name of the metadata, or is derived.
 * </ul>
 */
public final class CtfNames {

    /**
     * Identifiers that babeltrace2's TSDL lexer reads as keywords or (the metadata's type aliases) as
     * type names, so a field of that name would make the metadata unreadable; and the names of event
     * attributes, kept out for readers that are less careful.
     */
    static final Set<String> RESERVED = Set.of("align", "callsite", "const", "char", "clock", "double", "enum", "env",
            "event", "floating_point", "float", "integer", "int", "long", "short", "signed", "stream", "string", "struct",
            "trace", "typealias", "typedef", "unsigned", "variant", "void", "_Bool", "_Complex", "_Imaginary", "restrict",
            "id", "name", "fields", "context", "loglevel",
            MetadataWriter.UINT8, MetadataWriter.UINT16, MetadataWriter.UINT32, MetadataWriter.UINT64,
            MetadataWriter.CLOCK_TYPE);

    private static final String LENGTH_SUFFIX = "_length";

    /**
     * The TSDL names of one event's payload fields, by field index.
     *
     * @param fields the TSDL name of each field
     * @param lengths the TSDL name of each field's length field, {@code null} for fields of fixed size
     */
    public record EventNames(List<String> fields, List<String> lengths) {}

    private CtfNames() {}

    /** The TSDL names of {@code type}'s fields and of their length fields. */
    public static EventNames of(EventType type) {
        List<FieldDescriptor> fields = type.fields();
        Set<String> natural = new HashSet<>();
        for (FieldDescriptor field : fields) {
            natural.add(escaped(field.name()));
        }
        Set<String> taken = new HashSet<>();
        List<String> shownFields = new ArrayList<>(fields.size());
        for (FieldDescriptor field : fields) {
            String name = escaped(field.name());
            // a field keeps its own name unless an earlier field has it; a numbered name avoids every field's own name
            shownFields.add(taken.add(name) ? name : numbered(name, taken, natural));
        }
        List<String> tsdlFields = new ArrayList<>(fields.size());
        List<String> tsdlLengths = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            String shown = shownFields.get(i);
            tsdlFields.add(shown.startsWith("_") || RESERVED.contains(shown) ? "_" + shown : shown);
            FieldType fieldType = fields.get(i).type();
            if (fieldType == FieldType.STRING || fieldType == FieldType.BYTES) {
                String length = shown + LENGTH_SUFFIX;
                tsdlLengths.add("_" + (taken.add(length) ? length : numbered(length, taken, Set.of())));
            } else {
                tsdlLengths.add(null);
            }
        }
        return new EventNames(List.copyOf(tsdlFields), Collections.unmodifiableList(tsdlLengths));
    }

    /** The name a CTF reader shows for a TSDL field name: without one leading underscore. */
    public static String shown(String tsdlName) {
        return tsdlName.startsWith("_") ? tsdlName.substring(1) : tsdlName;
    }

    /** {@code name} with each character a TSDL identifier does not allow written {@code _uXXXX}. */
    static String escaped(String javaName) {
        StringBuilder b = new StringBuilder(javaName.length() + 8);
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            if (c < 128 && (Character.isLetterOrDigit(c) || c == '_')) {
                b.append(c);
            } else {
                b.append(String.format("_u%04x", (int) c));
            }
        }
        return b.toString();
    }

    /** The first of {@code name_2}, {@code name_3}, ... that is neither taken nor avoided; taken from then on. */
    private static String numbered(String name, Set<String> taken, Set<String> avoided) {
        for (int n = 2; ; n++) {
            String candidate = name + "_" + n;
            if (!avoided.contains(candidate) && taken.add(candidate)) {
                return candidate;
            }
        }
    }
}
