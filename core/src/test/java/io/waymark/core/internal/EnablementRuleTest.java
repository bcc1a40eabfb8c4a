package io.waymark.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.EventType;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnablementRuleTest {

    private static final EventType PLACED = new EventType("shop.orders", "orderPlaced", 1, Stability.STABLE, Level.INFO, List.of());

    @Test
    void providerOnlyPatternMatchesEveryEventOfTheProvider() {
        assertTrue(EnablementRule.parse("shop.orders").matches(PLACED));
        assertFalse(EnablementRule.parse("shop").matches(PLACED));
    }

    @Test
    void globsMatchRunsAndSingleCharacters() {
        assertTrue(EnablementRule.parse("shop.*:order*").matches(PLACED));
        assertTrue(EnablementRule.parse("*:*").matches(PLACED));
        assertTrue(EnablementRule.parse("shop.orders:order?laced").matches(PLACED));
        assertFalse(EnablementRule.parse("shop.orders:order?").matches(PLACED));
        assertFalse(EnablementRule.parse("shop?orders:*").matches(new EventType("shopXorders-no", "e", 1, Stability.STABLE,
                Level.INFO, List.of())));
    }

    @Test
    void dotIsLiteralNotRegex() {
        assertFalse(EnablementRule.parse("shop.orders").matches(new EventType("shopXorders", "e", 1, Stability.STABLE,
                Level.INFO, List.of())));
    }

    @Test
    void bangMakesADisablingRule() {
        EnablementRule rule = EnablementRule.parse("!shop.orders:orderPlaced");
        assertFalse(rule.enabling());
        assertTrue(rule.matches(PLACED));
    }

    @Test
    void malformedRulesNameThemselvesAndTheExpectedForm() {
        for (String bad : new String[] {"", "a:b:c", "shop orders", ":x", "x:", "a/b", "!!a", "!", "a\\,b", "a]"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnablementRule.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("[!]provider[:event]"), e.getMessage());
        }
    }

    @Test
    void oneGrammarEverywhere() {
        assertEquals("shop.orders:*", EnablementRule.parse("  shop.orders:*  ").toString());
        assertEquals("!shop.orders:x", EnablementRule.parse("!shop.orders:x").toString());
        assertEquals("!shop.orders:x", EnablementRule.pattern(" shop.orders:x", false).toString());
        assertTrue(EnablementRule.pattern("shop.orders", true).enabling());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnablementRule.pattern("!shop", true));
        assertTrue(e.getMessage().contains("call disable(\"shop\")"), e.getMessage());
    }

    /** The filter after the pattern (docs/filters.md): read by the one parser, printed back canonical. */
    @Test
    void aFilterFollowsThePattern() {
        EnablementRule rule = EnablementRule.parse("shop.orders:orderPlaced[quantity>2]");
        assertEquals("shop.orders:orderPlaced[quantity > 2]", rule.toString());
        assertEquals("quantity > 2", rule.filter().orElseThrow().toString());
        assertTrue(EnablementRule.pattern("shop.orders:orderPlaced[quantity>2]", true).filter().isPresent());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnablementRule.pattern("shop.orders:orderPlaced[quantity>2]", false));
        assertTrue(e.getMessage().contains("disable(...) takes no filter"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EnablementRule.parse("shop.orders:orderPlaced[quantity >> 2]"));
        assertEquals("rule 'shop.orders:orderPlaced[quantity >> 2]': filter 'quantity >> 2' at position 10: expected a value (a "
                + "field, a number, a string, true, false or null), found '>'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EnablementRule.pattern("shop[x", true));
        assertTrue(e.getMessage().contains("'[' opens is not closed"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EnablementRule.parse("sh op[x]"));
        assertTrue(e.getMessage().contains("character U+0020 in the provider part 'sh op' is not allowed"), e.getMessage());
    }

    @Test
    void patternsLongerThanTheLimitAreRefusedWithTheLengthAndTheLimit() {
        String limit = "a".repeat(EnablementRule.MAX_PATTERN_LENGTH);
        assertTrue(EnablementRule.parse(limit).enabling());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnablementRule.parse("!" + limit + "*"));
        assertTrue(e.getMessage().startsWith("rule '!aaaa"), e.getMessage());
        assertTrue(e.getMessage().endsWith("' has a pattern of 1025 characters; the limit is 1024"), e.getMessage());
    }

    @Test
    void listsSplitAtTopLevelCommasOnly() {
        assertEquals(List.of("a:*", "!a:b", "c"), EnablementRule.splitList(" a:* , !a:b,c "));
        assertEquals(List.of("a:b[x in (1, 2)]", "c[s == \"x,]\"]", "d[s == 'it''s']"),
                EnablementRule.splitList("a:b[x in (1, 2)],c[s == \"x,]\"],d[s == 'it''s']"));
        assertEquals(List.of("a\\,b", "c"), EnablementRule.splitList("a\\,b,c"), "the backslash escapes and stays");
        assertEquals(List.of("a[\"\\\"]\"]"), EnablementRule.splitList("a[\"\\\"]\"]"), "an escaped quote does not close");
        assertEquals(List.of("x"), EnablementRule.splitList("x"));
    }

    @Test
    void malformedListsNameThePosition() {
        assertListError(",,,", "empty rule at position 0 of ',,,'");
        assertListError("a:*,", "empty rule at position 4 of 'a:*,'");
        assertListError("a,, b", "empty rule at position 2");
        assertListError("", "empty rule at position 0");
        assertListError("a[x", "'[' at position 1 is not closed");
        assertListError("a[(x]", "']' at position 4 closes no '[' ('(' at position 2 is still open)");
        assertListError("a)", "')' at position 1 closes no '('");
        assertListError("a[\"x]", "'[' at position 1 is not closed");
        assertListError("a\\", "the list ends with a '\\' that escapes nothing");
    }

    private static void assertListError(String list, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnablementRule.splitList(list));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
