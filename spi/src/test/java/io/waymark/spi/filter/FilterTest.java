package io.waymark.spi.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.spi.Event;
import io.waymark.spi.EventPattern;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.wire.EventDecoder;
import io.waymark.spi.wire.RecordEncoder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterTest {

    static final EventType ORDER = new EventType("shop.checkout", "orderPlaced", 1, Stability.STABLE, Level.INFO, List.of(
            FieldDescriptor.of("orderId", FieldType.LONG),
            FieldDescriptor.of("items", FieldType.INT),
            FieldDescriptor.of("customer", FieldType.STRING),
            FieldDescriptor.ofEnum("method", "shop.Method", List.of("CARD", "CASH", "VOUCHER")),
            FieldDescriptor.of("note", FieldType.BYTES),
            FieldDescriptor.of("express", FieldType.BOOLEAN),
            FieldDescriptor.of("price", FieldType.DOUBLE),
            FieldDescriptor.of("weight", FieldType.FLOAT),
            FieldDescriptor.of("grade", FieldType.CHAR),
            FieldDescriptor.of("code", FieldType.SHORT),
            FieldDescriptor.of("flag", FieldType.BYTE),
            FieldDescriptor.of("gift", FieldType.BOOLEAN)));

    /** orderId, items, customer, method, note, express, price, weight, grade, code, flag, gift. */
    static Event event(Object... values) {
        byte[] record = RecordEncoder.encode(ORDER, 0, 1, 2, Arrays.asList(values));
        return new EventDecoder().wrap(ORDER, record, 0);
    }

    private static Event order(long orderId, int items, String customer, String method) {
        return event(orderId, items, customer, method, new byte[] {1, 2, 3}, true, 9.5, 1.5f, 'B', (short) 7, (byte) -1, false);
    }

    private static boolean test(String filter, Event event) {
        return Filter.parse(filter).check(ORDER).test(event);
    }

    private static String error(String filter) {
        return assertThrows(IllegalArgumentException.class, () -> Filter.parse(filter).check(ORDER)).getMessage();
    }

    @Test
    void theIssuesExampleSelectsByNumberAndGlob() {
        String filter = "items > 3 && customer == \"a*\"";
        assertTrue(test(filter, order(1, 4, "alice", "CARD")));
        assertFalse(test(filter, order(1, 3, "alice", "CARD")), "the number fails");
        assertFalse(test(filter, order(1, 4, "bob", "CARD")), "the string fails");
        assertTrue(test(filter, order(1, 4, "a", "CARD")), "a star matches nothing too");
    }

    @Test
    void comparisonsFollowJavasNumericPromotion() {
        Event e = order(1000, 4, "x", "CARD");
        assertTrue(test("orderId >= 1000 && orderId <= 1000 && orderId != 999 && orderId == 1000", e));
        assertTrue(test("items < 4.5 && items > 3.99", e), "an int against a double compares as double");
        assertTrue(test("price == 9.5 && weight == 1.5 && weight < price", e));
        assertTrue(test("grade == 'B' && grade > 65 && grade >= \"A\"", e), "a char compares with a one-character string or its code");
        assertTrue(test("code == 7 && flag == -1 && flag < code", e));
        assertTrue(test("3 < items && 1000 <= orderId", e), "a constant may come first");
        assertTrue(test("items in (1, 2, 4) && !(items in (5, 6))", e));
    }

    @Test
    void stringsMatchGlobsAndEscapes() {
        assertTrue(test("customer == \"*li*\"", order(1, 1, "alice", "CARD")));
        assertTrue(test("customer == 'a*e'", order(1, 1, "alice", "CARD")));
        assertFalse(test("customer == \"a*e\"", order(1, 1, "alicex", "CARD")));
        assertTrue(test("customer == \"a\\*\"", order(1, 1, "a*", "CARD")), "an escaped star is a star");
        assertFalse(test("customer == \"a\\*\"", order(1, 1, "ab", "CARD")));
        assertTrue(test("customer == \"x,]\\\"y\"", order(1, 1, "x,]\"y", "CARD")), "commas, brackets and quotes in strings");
        assertTrue(test("customer == \"\" && len(customer) == 0", order(1, 1, null, "CARD")), "a null String reads as empty");
        assertTrue(test("customer in (\"b*\", \"al*\") && customer != \"bob\"", order(1, 1, "alice", "CARD")));
        assertTrue(test("customer == \"*a*a*a*b\"", order(1, 1, "aaaaaaaaab", "CARD")));
        assertFalse(test("customer == \"*a*a*a*b\"", order(1, 1, "a".repeat(100_000), "CARD")), "no backtracking blow-up");
        assertTrue(test("customer == \"\\u00e9t\\u00e9\"", order(1, 1, "\u00e9t\u00e9", "CARD")));
    }

    @Test
    void enumsByLabelGlobAndNull() {
        assertTrue(test("method == CARD", order(1, 1, "a", "CARD")));
        assertTrue(test("CARD == method", order(1, 1, "a", "CARD")));
        assertTrue(test("method != CARD && method in (CASH, VOUCHER)", order(1, 1, "a", "CASH")));
        assertTrue(test("method == \"C*\"", order(1, 1, "a", "CASH")));
        assertFalse(test("method == \"C*\"", order(1, 1, "a", "VOUCHER")));
        assertTrue(test("method == null", order(1, 1, "a", null)));
        assertFalse(test("method == CARD || method == \"*\"", order(1, 1, "a", null)), "null matches no label and no glob");
        assertTrue(test("method != CARD && method in (VOUCHER, null)", order(1, 1, "a", null)));
        assertTrue(test("method != null", order(1, 1, "a", "CASH")));
    }

    @Test
    void bytesBooleansAndLogic() {
        Event e = order(1, 1, "a", "CARD");
        assertTrue(test("len(note) == 3 && len(customer) == 1", e));
        assertTrue(test("express && !gift && express == true && gift != true && express != gift", e));
        assertTrue(test("gift || items == 1", e));
        assertTrue(test("!(gift || items == 2) && (true || false)", e));
        assertTrue(test("len(note) == 0",
                event(1L, 1, "a", "CARD", null, true, 9.5, 1.5f, 'B', (short) 7, (byte) -1, false)), "a null array reads as empty");
    }

    @Test
    void canonicalFormReadsBackTheSame() {
        String[][] cases = {
            {"items>3&&customer==\"a*\"", "items > 3 && customer == \"a*\""},
            {"(a||b)&&!c", "(a || b) && !c"},
            {"a||b&&c", "a || b && c"},
            {"!(x==1)", "!(x == 1)"},
            {"!!x", "!!x"},
            {"s == 'it\\'s \\* \"ok\"'", "s == \"it's \\* \\\"ok\\\"\""},
            {"x in (1,-2,3.5e3, \"a*b\", CARD, null)", "x in (1, -2, 3500.0, \"a*b\", CARD, null)"},
            {"len( note )>=0", "len(note) >= 0"},
        };
        for (String[] c : cases) {
            Filter parsed = Filter.parse(c[0]);
            assertEquals(c[1], parsed.toString(), c[0]);
            assertEquals(parsed, Filter.parse(parsed.toString()));
        }
    }

    @Test
    void syntaxErrorsNameThePosition() {
        assertEquals("filter 'items >' at position 7: expected a value (a field, a number, a string, true, false or null), "
                + "found the end of the filter", assertThrows(IllegalArgumentException.class, () -> Filter.parse("items >")).getMessage());
        assertTrue(syntax("items = 3").contains("at position 6: '=' is not an operator: compare with '=='"));
        assertTrue(syntax("a & b").contains("at position 2: '&' alone is not an operator: write '&&'"));
        assertTrue(syntax("(a || b").contains("at position 7: expected ')' to close the '(' at position 0"));
        assertTrue(syntax("s == \"abc").contains("at position 5: the string opened here is not closed"));
        assertTrue(syntax("s == \"\\q\"").contains("'\\q' is not an escape"));
        assertTrue(syntax("x == 1e999").contains("too large for a double"));
        assertTrue(syntax("x == 99999999999999999999").contains("outside the range of a long"));
        assertTrue(syntax("x in 1").contains("expected '(' after 'in'"));
        assertTrue(syntax("x == 1 y").contains("at position 7: expected '&&', '||' or the end of the filter, found 'y'"));
        assertTrue(syntax("  ").contains("the filter is empty"));
        assertTrue(syntax("(".repeat(40) + "a" + ")".repeat(40)).contains("nests deeper than 32 levels"));
        assertTrue(syntax("!".repeat(100_000) + "a").contains("has 100001 characters; the limit is 4096"));
        String nodes = syntax("x in (" + "1, ".repeat(600) + "1)");
        assertTrue(nodes.contains("more than 512 nodes"), nodes);
        assertTrue(syntax("x == 12abc").contains("a number is followed by 'a'"));
    }

    private static String syntax(String filter) {
        return assertThrows(IllegalArgumentException.class, () -> Filter.parse(filter)).getMessage();
    }

    @Test
    void checkErrorsNameFieldsAndTypes() {
        assertEquals("filter 'itemz > 3' on event shop.checkout:orderPlaced, at position 0: event shop.checkout:orderPlaced has no "
                + "field 'itemz'; its fields: orderId (long), items (int), customer (String), method (enum shop.Method), "
                + "note (byte[]), express (boolean), price (double), weight (float), grade (char), code (short), flag (byte), "
                + "gift (boolean)", error("itemz > 3"));
        assertTrue(error("items == \"a*\"").contains("type mismatch: field 'items' (int) == the string \"a*\""));
        assertTrue(error("customer > \"a\"").contains("strings compare with == and !="));
        assertTrue(error("customer == 3").contains("type mismatch: field 'customer' (String) == the integer 3"));
        assertTrue(error("customer == null").contains("never null: the event ABI records a null String as empty"));
        assertTrue(error("method == CRAD").contains("'CRAD' is not a constant of enum shop.Method (field 'method'); its constants: "
                + "CARD, CASH, VOUCHER"));
        assertTrue(error("method < CARD").contains("compares with == and != (or 'in')"));
        assertTrue(error("method == 1").contains("compare it with one of its constants (CARD, CASH, VOUCHER)"));
        assertTrue(error("note == 3").contains("byte[], which compares through its length: len(note)"));
        assertTrue(error("len(items) > 3").contains("len() takes a byte[] or String field; 'items' is int"));
        assertTrue(error("items").contains("field 'items' is int, not a condition: compare it, as in 'items > 3'"));
        assertTrue(error("1 == 1").contains("compares two constants: one side must be a field"));
        assertTrue(error("express < true").contains("booleans compare with == and !="));
        assertTrue(error("items in (1, orderId)").contains("the values in 'in (...)' are constants"));
        assertTrue(error("items == customer").contains("type mismatch: field 'items' (int) == field 'customer' (String)"));
    }

    @Test
    void anUnstableEventsFieldsWarn() {
        EventType debug = new EventType("shop", "debug", 2, Stability.UNSTABLE, Level.DEBUG,
                List.of(FieldDescriptor.of("key", FieldType.STRING)));
        CheckedFilter checked = Filter.parse("key == \"a*\"").check(debug);
        assertEquals(1, checked.warnings().size());
        assertTrue(checked.warnings().get(0).contains("reads fields [key] of shop:debug, an UNSTABLE event: its fields promise nothing"));
        assertEquals(List.of(), Filter.parse("items > 1").check(ORDER).warnings());
        assertEquals(List.of("items", "customer"), Filter.parse("items > 1 || customer == \"\"").check(ORDER).fields());
    }

    @Test
    void rulesCarryTheFilter() {
        EventPattern rule = EventPattern.parse(" shop.checkout:orderPlaced[items>3 && customer == \"a,]*\"] ");
        assertEquals("shop.checkout:orderPlaced[items > 3 && customer == \"a,]*\"]", rule.toString());
        assertEquals("shop.checkout:orderPlaced", rule.patternText());
        assertEquals("items > 3 && customer == \"a,]*\"", rule.filter().orElseThrow().toString());
        assertTrue(rule.matches(ORDER));
        assertFalse(EventPattern.parse("shop.checkout:*").filter().isPresent());
        String message = assertThrows(IllegalArgumentException.class, () -> EventPattern.parse("shop:x[items >]")).getMessage();
        assertTrue(message.startsWith("rule 'shop:x[items >]': filter 'items >' at position 7: expected a value"), message);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EventPattern.parse("!shop:x[a]")).getMessage()
                .contains("an excluding rule ('!') takes no filter"));
    }
}
