package io.waymark.core.internal;

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
    void malformedPatternsNameThemselvesAndTheExpectedForm() {
        for (String bad : new String[] {"", "a:b:c", "shop orders", ":x", "x:", "a/b", "!!a"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnablementRule.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("provider:event"), e.getMessage());
        }
    }
}
