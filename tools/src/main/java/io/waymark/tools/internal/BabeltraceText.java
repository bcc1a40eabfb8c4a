package io.waymark.tools.internal;

import io.waymark.backend.ctf.internal.CtfNames;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldType;
import io.waymark.spi.wire.WireFormat;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Formats events as babeltrace2's default text output ({@code sink.text.pretty}) does for the same
 * trace: {@code [time] (+delta) host provider:event: { context }, { payload }}, with the field names
 * babeltrace2 shows (a {@code String} or {@code byte[]} field preceded by its length member), integers
 * in decimal, floating-point numbers as C's {@code %g}, strings quoted with C escapes, enums as
 * {@code ( "LABEL" : container = n )} and byte arrays as {@code [ [0] = b, ... ]} of unsigned bytes.
 * One instance formats one sequence of lines: the delta is to the previous line it formatted.
 */
final class BabeltraceText {

    private final String hostPrefix;
    private final ZoneId zone;
    private final boolean date;
    private final Map<EventType, List<String>> names = new HashMap<>();
    private long previous;
    private boolean first = true;

    /**
     * @param hostName the trace's host name, printed before each event name; {@code null} for none
     * @param zone the time zone of the printed time of day
     * @param date whether to print the date before the time of day
     */
    BabeltraceText(String hostName, ZoneId zone, boolean date) {
        this.hostPrefix = hostName == null ? "" : hostName + " ";
        this.zone = zone;
        this.date = date;
    }

    /** The line for {@code event}, without the line break. */
    String format(Event event, long epochNanos) {
        StringBuilder b = new StringBuilder(256);
        b.append('[');
        ZonedDateTime time = Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L)).atZone(zone);
        if (date) {
            b.append(String.format("%04d-%02d-%02d ", time.getYear(), time.getMonthValue(), time.getDayOfMonth()));
        }
        b.append(String.format("%02d:%02d:%02d.%09d", time.getHour(), time.getMinute(), time.getSecond(),
                Math.floorMod(epochNanos, 1_000_000_000L)));
        b.append("] (");
        if (first) {
            b.append("+?.?????????");
        } else {
            long delta = epochNanos - previous;
            b.append('+').append(Long.toUnsignedString(Long.divideUnsigned(delta, 1_000_000_000L))).append('.')
                    .append(String.format("%09d", Long.remainderUnsigned(delta, 1_000_000_000L)));
        }
        first = false;
        previous = epochNanos;
        b.append(") ").append(hostPrefix).append(event.type().qualifiedName()).append(": ");
        b.append("{ tid = ").append(event.threadId()).append(", schema_version = ").append(event.version())
                .append(", flags = ").append(flags(event)).append(" }, {");
        appendPayload(b, event);
        b.append(" }");
        return b.toString();
    }

    private static int flags(Event event) {
        byte[] record = new byte[event.encodedSize()];
        event.copyEncodedTo(record, 0);
        return (record[WireFormat.FLAGS_OFFSET] & 0xFF) | (record[WireFormat.FLAGS_OFFSET + 1] & 0xFF) << 8;
    }

    private void appendPayload(StringBuilder b, Event event) {
        EventType type = event.type();
        List<String> shown = names.computeIfAbsent(type, BabeltraceText::shownNames);
        String separator = " ";
        for (int i = 0; i < type.fieldCount(); i++) {
            FieldType fieldType = type.field(i).type();
            if (fieldType == FieldType.STRING || fieldType == FieldType.BYTES) {
                int length = fieldType == FieldType.STRING ? event.getString(i).getBytes(StandardCharsets.UTF_8).length
                        : event.getBytes(i).length;
                b.append(separator).append(shown.get(2 * i + 1)).append(" = ").append(length);
                separator = ", ";
            }
            b.append(separator).append(shown.get(2 * i)).append(" = ");
            separator = ", ";
            appendValue(b, event, i, fieldType);
        }
    }

    /** By field index {@code i}: at {@code 2i} the field's shown name, at {@code 2i + 1} its length member's (or null). */
    private static List<String> shownNames(EventType type) {
        CtfNames.EventNames tsdl = CtfNames.of(type);
        List<String> shown = new ArrayList<>(2 * type.fieldCount());
        for (int i = 0; i < type.fieldCount(); i++) {
            shown.add(CtfNames.shown(tsdl.fields().get(i)));
            String length = tsdl.lengths().get(i);
            shown.add(length == null ? null : CtfNames.shown(length));
        }
        return shown;
    }

    private static void appendValue(StringBuilder b, Event event, int i, FieldType type) {
        switch (type) {
            case BOOLEAN -> b.append(event.getBoolean(i) ? 1 : 0);
            case BYTE -> b.append(event.getByte(i));
            case SHORT -> b.append(event.getShort(i));
            case CHAR -> b.append((int) event.getChar(i));
            case INT -> b.append(event.getInt(i));
            case LONG -> b.append(event.getLong(i));
            case FLOAT -> b.append(cFormatG(event.getFloat(i)));
            case DOUBLE -> b.append(cFormatG(event.getDouble(i)));
            case STRING -> appendQuoted(b, event.getString(i).getBytes(StandardCharsets.UTF_8));
            case ENUM -> {
                String label = event.getEnumLabel(i);
                int ordinal = event.getEnumOrdinal(i);
                b.append("( ");
                if (label == null && ordinal == -1) {
                    label = "(null)";
                }
                if (label == null) {
                    b.append("<unknown>");
                } else {
                    appendQuoted(b, label.getBytes(StandardCharsets.UTF_8));
                }
                b.append(" : container = ").append(ordinal).append(" )");
            }
            case BYTES -> {
                byte[] bytes = event.getBytes(i);
                b.append('[');
                for (int k = 0; k < bytes.length; k++) {
                    b.append(k == 0 ? " [" : ", [").append(k).append("] = ").append(bytes[k] & 0xFF);
                }
                b.append(" ]");
            }
            default -> throw new AssertionError(type);
        }
    }

    /** A string in double quotes with babeltrace2's C escapes; bytes of multi-byte UTF-8 characters pass through. */
    static void appendQuoted(StringBuilder b, byte[] utf8) {
        b.append('"');
        int plainStart = 0;
        for (int k = 0; k < utf8.length; k++) {
            int c = utf8[k] & 0xFF;
            String escape = switch (c) {
                case '\\' -> "\\\\";
                case '\'' -> "\\'";
                case '"' -> "\\\"";
                case '?' -> "\\?";
                case 0 -> "\\0";
                case 7 -> "\\a";
                case '\b' -> "\\b";
                case 27 -> "\\e";
                case '\f' -> "\\f";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case 11 -> "\\v";
                default -> c < 0x20 || c == 0x7F ? String.format("\\x%02x", c) : null;
            };
            if (escape != null) {
                b.append(new String(utf8, plainStart, k - plainStart, StandardCharsets.UTF_8)).append(escape);
                plainStart = k + 1;
            }
        }
        b.append(new String(utf8, plainStart, utf8.length - plainStart, StandardCharsets.UTF_8)).append('"');
    }

    /** {@code value} as C's {@code printf("%g", value)}: 6 significant digits, trailing zeros dropped. */
    static String cFormatG(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(6, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent >= -4 && exponent < 6) {
            return stripZeros(rounded.setScale(5 - exponent, RoundingMode.UNNECESSARY).toPlainString());
        }
        String mantissa = stripZeros(rounded.movePointLeft(exponent).toPlainString());
        return mantissa + (exponent < 0 ? "e-" : "e+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }

    private static String stripZeros(String number) {
        if (number.indexOf('.') < 0) {
            return number;
        }
        int end = number.length();
        while (number.charAt(end - 1) == '0') {
            end--;
        }
        if (number.charAt(end - 1) == '.') {
            end--;
        }
        return number.substring(0, end);
    }

    /** The zone for {@code utc}: UTC, or the JVM's default time zone as babeltrace2 uses the local one. */
    static ZoneId zone(boolean utc) {
        return utc ? ZoneOffset.UTC : ZoneId.systemDefault();
    }
}
