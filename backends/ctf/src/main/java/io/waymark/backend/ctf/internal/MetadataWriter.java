package io.waymark.backend.ctf.internal;

import io.waymark.spi.ClockAnchor;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.ProviderDescriptor;
import io.waymark.spi.wire.WireFormat;
import java.util.List;
import java.util.UUID;

/**
 * Generates the TSDL text of a trace's {@code metadata} file: a preamble (trace, env, clock, stream
 * class; see {@link CtfLayout}) and one block per provider, appended as providers register.
 *
 * <p>Each event class is preceded by a {@code waymark-event} comment carrying the Waymark schema
 * ({@link SchemaComment}), which babeltrace2 ignores and {@link TraceMetadata} reads back. Every block
 * ends with {@link #BLOCK_END}, so a block cut short by a crash can be recognised and dropped.
 */
public final class MetadataWriter {

    /** The line that closes each block of the metadata file. */
    public static final String BLOCK_END = "/* waymark-end */\n";

    /** The type aliases the preamble declares: TSDL reads them as type names, so no field may have these names. */
    static final String UINT8 = "uint8_t";
    static final String UINT16 = "uint16_t";
    static final String UINT32 = "uint32_t";
    static final String UINT64 = "uint64_t";
    static final String CLOCK_TYPE = "waymark_clock_t";

    private static final String U8 = "integer { size = 8; align = 8; signed = false; }";
    private static final String UTF8 = "integer { size = 8; align = 8; signed = false; encoding = UTF8; }";

    private MetadataWriter() {}

    /**
     * The preamble: the trace (with its uuid), the environment, the clock anchored to wall time, the
     * stream class. The environment names the trace as LTTng does: {@code trace_name} is the session's
     * name, {@code hostname} (left out when {@code hostName} is {@code null}) the recording machine's,
     * which babeltrace2 names the trace after.
     */
    public static String preamble(UUID uuid, String sessionName, String hostName, ClockAnchor clock) {
        long offset = clock.epochNanos() - clock.monotonicNanos();
        StringBuilder b = new StringBuilder(2048);
        b.append("/* CTF 1.8 */\n\n");
        b.append("typealias integer { size = 8; align = 8; signed = false; } := " + UINT8 + ";\n");
        b.append("typealias integer { size = 16; align = 8; signed = false; byte_order = le; } := " + UINT16 + ";\n");
        b.append("typealias integer { size = 32; align = 8; signed = false; byte_order = le; } := " + UINT32 + ";\n");
        b.append("typealias integer { size = 64; align = 8; signed = false; byte_order = le; } := " + UINT64 + ";\n\n");
        b.append("trace {\n\tmajor = 1;\n\tminor = 8;\n\tuuid = \"").append(uuid).append("\";\n\tbyte_order = le;\n");
        b.append("\tpacket.header := struct {\n");
        b.append("\t\tinteger { size = 32; align = 8; signed = false; byte_order = le; base = hex; } magic;\n");
        b.append("\t\tuint8_t uuid[16];\n");
        b.append("\t\tuint32_t stream_id;\n");
        b.append("\t\tuint64_t stream_instance_id;\n");
        b.append("\t};\n};\n\n");
        b.append("env {\n");
        if (hostName != null) {
            b.append("\thostname = ").append(quote(hostName)).append(";\n");
        }
        b.append("\ttrace_name = ").append(quote(sessionName)).append(";\n");
        b.append("\tdomain = \"waymark\";\n\ttracer_name = \"waymark\";\n\ttracer_major = 0;\n\ttracer_minor = 1;\n");
        b.append("\twaymark_clock_epoch_ns = ").append(clock.epochNanos()).append(";\n");
        b.append("\twaymark_clock_monotonic_ns = ").append(clock.monotonicNanos()).append(";\n");
        b.append("};\n\n");
        b.append("clock {\n\tname = ").append(CtfLayout.CLOCK_NAME).append(";\n");
        b.append("\tdescription = \"System.nanoTime() of the recording JVM; offset places cycle 0 in wall time\";\n");
        b.append("\tfreq = 1000000000;\n\tprecision = 1;\n");
        b.append("\toffset_s = ").append(Math.floorDiv(offset, 1_000_000_000L)).append(";\n");
        b.append("\toffset = ").append(Math.floorMod(offset, 1_000_000_000L)).append(";\n");
        b.append("\tabsolute = FALSE;\n};\n\n");
        b.append("typealias integer { size = 64; align = 8; signed = false; byte_order = le; map = clock.")
                .append(CtfLayout.CLOCK_NAME).append(".value; } := ").append(CLOCK_TYPE).append(";\n\n");
        b.append("stream {\n\tid = ").append(CtfLayout.STREAM_CLASS_ID).append(";\n");
        b.append("\tpacket.context := struct {\n");
        b.append("\t\twaymark_clock_t timestamp_begin;\n\t\twaymark_clock_t timestamp_end;\n");
        b.append("\t\tuint64_t content_size;\n\t\tuint64_t packet_size;\n");
        b.append("\t\tuint64_t packet_seq_num;\n\t\tuint64_t events_discarded;\n\t};\n");
        // header and context together are the canonical record header (WireFormat), so an event is a record verbatim
        b.append("\tevent.header := struct {\n\t\tuint32_t id;\n\t\twaymark_clock_t timestamp;\n\t};\n");
        b.append("\tevent.context := struct {\n\t\t").append(integer(64, true)).append(" tid;\n");
        b.append("\t\tuint16_t schema_version;\n\t\tuint16_t flags;\n\t};\n");
        b.append("};\n\n");
        b.append(BLOCK_END);
        return b.toString();
    }

    /**
     * The block declaring the events of {@code provider}, registered at {@code providerIndex}: each
     * event class id is the identity word its records carry ({@link WireFormat#identityWord}).
     */
    public static String block(ProviderDescriptor provider, int providerIndex) {
        StringBuilder b = new StringBuilder(512 * Math.max(1, provider.events().size()));
        for (EventType type : provider.events()) {
            int id = WireFormat.identityWord(providerIndex, type.id());
            b.append('\n').append(SchemaComment.format(id, type)).append('\n');
            b.append("event {\n\tname = ").append(quote(type.qualifiedName())).append(";\n");
            b.append("\tid = ").append(Integer.toUnsignedString(id)).append(";\n\tstream_id = ")
                    .append(CtfLayout.STREAM_CLASS_ID).append(";\n");
            b.append("\tloglevel = ").append(loglevel(type)).append(";\n");
            b.append("\tfields := struct {\n");
            CtfNames.EventNames names = CtfNames.of(type);
            for (int i = 0; i < type.fieldCount(); i++) {
                appendField(b, type.field(i), names.fields().get(i), names.lengths().get(i));
            }
            b.append("\t};\n};\n");
        }
        b.append(BLOCK_END);
        return b.toString();
    }

    private static void appendField(StringBuilder b, FieldDescriptor field, String name, String length) {
        switch (field.type()) {
            case BOOLEAN -> b.append("\t\t").append(U8).append(' ').append(name).append(";\n");
            case BYTE -> b.append("\t\t").append(integer(8, true)).append(' ').append(name).append(";\n");
            case SHORT -> b.append("\t\t").append(integer(16, true)).append(' ').append(name).append(";\n");
            case CHAR -> b.append("\t\t").append(integer(16, false)).append(' ').append(name).append(";\n");
            case INT -> b.append("\t\t").append(integer(32, true)).append(' ').append(name).append(";\n");
            case LONG -> b.append("\t\t").append(integer(64, true)).append(' ').append(name).append(";\n");
            case FLOAT -> b.append("\t\tfloating_point { exp_dig = 8; mant_dig = 24; byte_order = le; align = 8; } ")
                    .append(name).append(";\n");
            case DOUBLE -> b.append("\t\tfloating_point { exp_dig = 11; mant_dig = 53; byte_order = le; align = 8; } ")
                    .append(name).append(";\n");
            case ENUM -> {
                b.append("\t\tenum : ").append(integer(32, true)).append(" {\n");
                List<String> labels = field.enumLabels();
                for (int i = 0; i < labels.size(); i++) {
                    b.append("\t\t\t").append(quote(labels.get(i))).append(" = ").append(i).append(",\n");
                }
                b.append("\t\t\t\"(null)\" = -1\n\t\t} ").append(name).append(";\n");
            }
            case STRING, BYTES -> {
                b.append("\t\t").append(UINT32).append(' ').append(length).append(";\n");
                b.append("\t\t").append(field.type() == FieldType.STRING ? UTF8 : U8).append(' ').append(name)
                        .append('[').append(length).append("];\n");
            }
            default -> throw new AssertionError(field.type());
        }
    }

    private static String integer(int bits, boolean signed) {
        return "integer { size = " + bits + "; align = 8; signed = " + signed + "; byte_order = le; }";
    }

    /** LTTng's log levels: ERROR 3, WARNING 4, INFO 6, DEBUG 14, and TRACE below DEBUG as DEBUG_LINE 13... kept simple. */
    private static int loglevel(EventType type) {
        return switch (type.level()) {
            case ERROR -> 3;
            case WARN -> 4;
            case INFO -> 6;
            case DEBUG -> 13;
            case TRACE -> 14;
        };
    }

    /**
     * A TSDL string literal holding {@code text} exactly as babeltrace2 reads it back: quote and
     * backslash escaped, control characters as C escapes (octal ones, which cannot run on into a
     * following digit as hexadecimal ones would), all other characters as they are: the metadata is
     * UTF-8 and TSDL has no escape for a character beyond ASCII. NUL, which a C string cannot hold,
     * becomes U+FFFD.
     */
    static String quote(String text) {
        StringBuilder b = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"', '\\' -> b.append('\\').append(c);
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case '\0' -> b.append('\uFFFD');
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7)))
                                .append((char) ('0' + (c & 7)));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
