package io.waymark.spi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GlobTest {

    @Test
    void starsMatchRunsAndQuestionMarksOneCharacter() {
        assertTrue(Glob.of("shop.*").matches("shop.orders"));
        assertTrue(Glob.of("shop.*").matches("shop."));
        assertFalse(Glob.of("shop.*").matches("shop"));
        assertTrue(Glob.of("*").matches(""));
        assertTrue(Glob.of("order?laced").matches("orderPlaced"));
        assertFalse(Glob.of("order?").matches("orderPlaced"));
        assertTrue(Glob.of("*a*b*").matches("xxaxxbxx"));
        assertFalse(Glob.of("*a*b").matches("xxaxxbxx"));
        assertTrue(Glob.of("a*b*c").matches("abbbcbc"));
        assertFalse(Glob.of("").matches("a"));
        assertTrue(Glob.of("").matches(""));
    }

    @Test
    void everyOtherCharacterIsLiteral() {
        assertFalse(Glob.of("shop.orders").matches("shopXorders"));
        assertTrue(Glob.of("a[b]+").matches("a[b]+"));
        assertFalse(Glob.of("a\\*").matches("a*"), "no escapes: the backslash is literal, the star a glob");
        assertTrue(Glob.of("a\\*").matches("a\\bc"));
    }

    /** The same answers as the regular expression the runtime used before, on random small cases. */
    @Test
    void agreesWithTheRegularExpressionTranslation() {
        Random random = new Random(19);
        String alphabet = "ab*?";
        for (int i = 0; i < 200_000; i++) {
            String glob = randomString(random, alphabet, 7);
            String text = randomString(random, "abc", 9);
            String regex = glob.replace("?", ".").replace("*", ".*");
            boolean expected = Pattern.matches(regex, text);
            if (Glob.of(glob).matches(text) != expected) {
                throw new AssertionError("glob '" + glob + "' on '" + text + "': expected " + expected);
            }
        }
    }

    /** Used to hang: each star became '.*', and the regular expression backtracked exponentially. */
    @Test
    void manyStarsAndLongTextsMatchFast() {
        String text = "a".repeat(100_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertTrue(Glob.of("*".repeat(5000) + "a").matches(text));
            assertFalse(Glob.of("*".repeat(5000) + "b").matches(text));
            assertFalse(Glob.of("*a".repeat(40) + "b").matches("a".repeat(1000)));
            assertFalse(Glob.of("*?".repeat(2000) + "b").matches(text));
            assertFalse(Glob.of("a".repeat(100_001)).matches(text), "more literals than characters: refused at once");
            // the worst case of the bound: a 1024-character pattern retried at every position of the text
            assertFalse(Glob.of("*" + "a".repeat(1023) + "b").matches(text));
        });
    }

    private static String randomString(Random random, String alphabet, int maxLength) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
