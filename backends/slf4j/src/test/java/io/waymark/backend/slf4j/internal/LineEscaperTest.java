package io.waymark.backend.slf4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Which characters are escaped, over all of them, and that a value with nothing to escape is not copied. */
class LineEscaperTest {

    @Test
    void exactlyTheDocumentedCharactersAreEscaped() {
        for (int i = 0; i <= Character.MAX_VALUE; i++) {
            char c = (char) i;
            boolean documented = c < 0x20 || c == '"' || c == '\\' || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
            assertEquals(documented, LineEscaper.needsEscape(c), () -> "U+" + Integer.toHexString(c));
            String alone = String.valueOf(c);
            assertEquals(documented, !alone.equals(LineEscaper.escape(alone)), () -> "U+" + Integer.toHexString(c));
        }
    }

    @Test
    void eachEscapeIsItsDocumentedForm() {
        assertEquals("a\\\\b\\\"c\\nd\\re\\tf\\u0000g\\u007fh\\u0085i\\u2028j\\u2029k é ✓",
                LineEscaper.escape("a\\b\"c\nd\re\tf\u0000g\u007fh\u0085i\u2028j\u2029k é ✓"));
        String clean = "SKU-000000000001 é ✓";
        assertSame(clean, LineEscaper.escape(clean));
    }
}
