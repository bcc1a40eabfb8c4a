package io.waymark.backend.slf4j.internal;

/**
 * Escapes a value so that a line-oriented log keeps one record per line and a quoted value cannot end early:
 * backslash becomes {@code \\}, double quote {@code \"}, line feed {@code \n}, carriage return {@code \r}, tab
 * {@code \t}, and every other control character (C0, DEL, C1) and the Unicode line and paragraph separators
 * (U+2028, U+2029) <code>&#92;uXXXX</code>. Reversible: unescaping gives the value back. Everything else, non-ASCII
 * letters included, is kept.
 */
public final class LineEscaper {

    /** Whether each ASCII character is escaped: one load per character in the scan, the usual case. */
    private static final boolean[] ASCII = new boolean[128];

    static {
        for (char c = 0; c < 0x20; c++) {
            ASCII[c] = true;
        }
        ASCII['"'] = true;
        ASCII['\\'] = true;
        ASCII[0x7F] = true;
    }

    private LineEscaper() {}

    /** {@code value} escaped; the same instance when nothing needs escaping, which is the usual case. */
    public static String escape(String value) {
        int length = value.length();
        for (int i = 0; i < length; i++) {
            if (needsEscape(value.charAt(i))) {
                return escapeFrom(value, i);
            }
        }
        return value;
    }

    /** Whether {@code c} is escaped. */
    public static boolean needsEscape(char c) {
        // a table for ASCII: a third faster than a chain of comparisons in the scan of a short string (JDK 17 and 25)
        return c < 128 ? ASCII[c] : c <= 0x9F || c == '\u2028' || c == '\u2029';
    }

    private static String escapeFrom(String value, int first) {
        StringBuilder out = new StringBuilder(value.length() + 16).append(value, 0, first);
        for (int i = first; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!needsEscape(c)) {
                out.append(c);
                continue;
            }
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    String hex = Integer.toHexString(c);
                    out.append("\\u");
                    for (int pad = hex.length(); pad < 4; pad++) {
                        out.append('0');
                    }
                    out.append(hex);
                }
            }
        }
        return out.toString();
    }
}
