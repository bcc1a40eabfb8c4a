package io.waymark.tools;

import static io.waymark.tools.AttachCommandsTest.ok;
import static io.waymark.tools.AttachCommandsTest.refused;
import static io.waymark.tools.AttachCommandsTest.waymark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code waymark aggregate} and {@code waymark agg} against a child JVM running the workload (docs/aggregations.md). */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AggCommandsTest {

    @TempDir
    static Path work;

    private static Workload app;

    @BeforeAll
    static void startWorkload() throws Exception {
        Path classes = work.resolve("classes");
        Workload.compile(classes);
        // a hist() table of the default 1,024 keys needs about 31 MiB with owned and shared stripes (docs/aggregations.md):
        // more than half of the workload's default 64 MiB heap, which the memory check refuses
        app = Workload.start(classes, work.resolve("app"), "shop.Shop", "-Xmx128m");
    }

    @AfterAll
    static void stopWorkload() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aggregateFromTheCommandLineThenReadAsTextJsonAndIntervals() throws Exception {
        assertTrue(ok("create", app.pid(), "q", "--backend", "none").out().contains("(backend none"));
        AttachCommandsTest.Result added = ok("aggregate", app.pid(), "q", "items = shop.checkout:orderPlaced count() by (items)");
        assertTrue(added.out().startsWith("Session 'q' of JVM " + app.pid() + ": aggregation 'items' added"), added::toString);
        ok("aggregate", app.pid(), "q", "ids = shop.checkout:orderPlaced[items >= 2] hist(orderId)");
        ok("aggregate", app.pid(), "q", "stock = shop.inventory:stockChecked lhist(available, 0, 5, 1) by (sku)");
        ok("aggregate", app.pid(), "q", "shop.checkout:* count() by (event())");
        AttachCommandsTest.Result started = ok("start", app.pid(), "q");
        // orderPlaced and paymentDeclined (event() over shop.checkout:*), stockChecked: aggregated, so received
        assertTrue(started.out().contains("(state RUNNING, 3 tracepoints)"), started::toString);
        Thread.sleep(600);
        ok("stop", app.pid(), "q"); // frozen: the readings below agree with one another

        String text = ok("agg", app.pid(), "q").out();
        List<String> lines = text.lines().toList();
        assertTrue(lines.contains("@items (session q): shop.checkout:orderPlaced count() by (items)"), text);
        assertTrue(lines.contains("  keys 3/1024, dropped 0, truncated 0"), text);
        for (int items = 1; items <= 3; items++) {
            int i = items;
            assertTrue(lines.stream().anyMatch(l -> l.matches("@items\\[" + i + "\\]: \\d+")), text);
        }
        assertTrue(lines.stream().anyMatch(l -> l.matches("@ids: count \\d+, p50 \\d+, p90 \\d+, p99 \\d+, max \\d+")), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\[\\d+, \\d+\\) +\\d+ \\|@+ *\\|")), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("@stock\\[SKU-\\d\\]: count \\d+, .*")), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\[4, 5\\) +\\d+ \\|@* *\\|")), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("@agg1\\[shop\\.checkout:orderPlaced\\]: \\d+")), text);

        List<Map<String, Object>> objects = text(ok("agg", app.pid(), "q", "--json").out());
        long items = 0;
        long ids = 0;
        for (Map<String, Object> o : objects) {
            if (o.get("aggregation").equals("items") && o.containsKey("key")) {
                items += (Long) o.get("count");
                assertEquals(List.of("items"), List.copyOf(Json.object(o.get("key")).keySet()));
            }
            if (o.get("aggregation").equals("ids") && o.containsKey("key")) {
                ids += (Long) o.get("count");
                long inBuckets = Json.array(o.get("buckets")).stream().mapToLong(b -> (Long) Json.object(b).get("count")).sum();
                assertEquals(ids, inBuckets);
                assertTrue(o.containsKey("p99") && o.containsKey("max"), o::toString);
            }
        }
        assertTrue(items > 0 && ids > 0 && ids < items, "the guard passes only orders of 2 or 3 items: " + ids + " of " + items);
        Map<String, Object> summary = objects.stream().filter(o -> o.get("aggregation").equals("items") && o.containsKey("droppedKeys"))
                .findFirst().orElseThrow();
        assertEquals(3L, summary.get("keys"));
        assertEquals(0L, summary.get("droppedKeys"));
        assertEquals(0L, summary.get("truncatedKeys"));

        // intervals while the session counts: each print is this reader's own difference
        ok("start", app.pid(), "q");
        AttachCommandsTest.Result intervals = ok("agg", app.pid(), "q", "--interval", "300ms", "--count", "3", "--json");
        ok("stop", app.pid(), "q");
        long counted = text(intervals.out()).stream()
                .filter(o -> o.get("aggregation").equals("items") && o.containsKey("key")).mapToLong(o -> (Long) o.get("count")).sum();
        long total = text(ok("agg", app.pid(), "q", "--json").out()).stream()
                .filter(o -> o.get("aggregation").equals("items") && o.containsKey("key")).mapToLong(o -> (Long) o.get("count")).sum();
        assertTrue(counted > 0 && counted <= total - items, counted + " in the intervals, " + (total - items) + " since the restart");
        assertEquals(3, text(intervals.out()).stream().filter(o -> o.get("aggregation").equals("items") && o.containsKey("droppedKeys"))
                .count(), intervals::toString);
        String textIntervals = ok("agg", app.pid(), "q", "--interval", "100ms", "--count", "2").out();
        assertEquals(2, textIntervals.lines().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d")).count(), textIntervals);
        ok("close", app.pid(), "q");
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        ok("create", app.pid(), "bad", "--backend", "none");
        refused(waymark("aggregate", app.pid(), "bad", "shop.checkout:orderPlaced sum(reason)"),
                "has no field 'reason'; its fields: orderId, items");
        refused(waymark("aggregate", app.pid(), "bad", "shop.checkout:paymentDeclined sum(reason)"),
                "field 'reason' of shop.checkout:paymentDeclined is String; sum needs a number");
        refused(waymark("aggregate", app.pid(), "bad", "shop.checkout:orderPlaced count("), "expected ')'", "quote it in the shell");
        refused(waymark("agg", app.pid(), "bad", "--interval", "0s"), "--interval '0s' is not a duration");
        refused(waymark("agg", app.pid(), "bad", "--count", "2"), "--count 2 needs --interval");
        refused(waymark("agg", app.pid(), "nobody"), "has no session named 'nobody'");
        assertTrue(ok("agg", app.pid(), "bad").out().startsWith("no aggregations in session 'bad'"));
        ok("close", app.pid(), "bad");
    }

    private static List<Map<String, Object>> text(String out) {
        return out.lines().map(l -> Json.object(Json.parse(l))).toList();
    }

}
