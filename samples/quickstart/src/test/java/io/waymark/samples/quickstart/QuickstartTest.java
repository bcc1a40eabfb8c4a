package io.waymark.samples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {

    @TempDir
    Path temp;

    @Test
    void recordsACtfTraceReadsItBackAndPrintsWhatEachSessionRecorded() throws Exception {
        Path trace = temp.resolve("trace");
        List<String> lines = run(trace);
        assertEquals("Session 'everything' ([shop.checkout:*]) recorded 9 events to the CTF trace " + trace + ":", lines.get(0));
        assertTrue(lines.get(1).endsWith("INFO  STABLE   shop.checkout:orderPlaced{orderId=1001, items=1, customer=ada}"), lines.get(1));
        assertTrue(lines.get(2).endsWith("DEBUG UNSTABLE shop.checkout:priceCacheMiss{sku=SKU-700, attempt=1}"), lines.get(2));
        assertEquals("  (read it with babeltrace2: babeltrace2 " + trace + ")", lines.get(10));
        assertEquals("Session 'dashboard' ([shop.*]) recorded 6 events in memory:", lines.get(11));
        assertTrue(lines.stream().skip(12).noneMatch(l -> l.contains("UNSTABLE")), "the dashboard takes stable events only");
        assertTrue(lines.get(15).endsWith("WARN  STABLE   shop.checkout:paymentDeclined{orderId=1002, method=INVOICE, reason=insufficient funds}"),
                lines.get(15));

        // the command the sample prints works, and shows the same events, with nothing on standard error
        Process babeltrace = new ProcessBuilder("babeltrace2", trace.toString()).redirectErrorStream(true).start();
        List<String> printed = new String(babeltrace.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, babeltrace.waitFor(), String.join("\n", printed));
        assertEquals(9, printed.size(), String.join("\n", printed));
        assertTrue(printed.get(0).contains("shop.checkout:orderPlaced") && printed.get(0).contains("customer = \"ada\""), printed.get(0));

        // running it again replaces the previous trace
        assertEquals(lines.get(0), run(trace).get(0));
    }

    private static List<String> run(Path trace) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Quickstart.main(new String[] {trace.toString()});
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
