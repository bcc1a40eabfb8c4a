package io.waymark.samples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuickstartTest {

    @Test
    void printsWhatEachSessionRecorded() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Quickstart.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("Session 'everything' ([shop.checkout:*]) recorded 9 events:", lines.get(0));
        assertTrue(lines.get(1).endsWith("INFO  STABLE   shop.checkout:orderPlaced{orderId=1001, items=1, customer=ada}"), lines.get(1));
        assertTrue(lines.get(2).endsWith("DEBUG UNSTABLE shop.checkout:priceCacheMiss{sku=SKU-700, attempt=1}"), lines.get(2));
        assertEquals("Session 'dashboard' ([shop.*]) recorded 6 events:", lines.get(10));
        assertTrue(lines.stream().skip(11).noneMatch(l -> l.contains("UNSTABLE")), "the dashboard takes stable events only");
        assertTrue(lines.get(14).endsWith("WARN  STABLE   shop.checkout:paymentDeclined{orderId=1002, method=INVOICE, reason=insufficient funds}"),
                lines.get(14));
    }
}
