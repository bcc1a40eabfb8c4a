package io.waymark.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code waymark print} against babeltrace2 on traces the CTF backend recorded: the same lines, the same values
 * in JSON, the same time range; and every bad input with exit code 2 and one line.
 */
class PrintCommandTest {

    @TempDir
    static Path dir;

    private static Path trace;

    @BeforeAll
    static void record() {
        trace = RecordedTraces.shop(dir.resolve("shop"));
    }

    /** What the command printed and returned. */
    record Result(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    static Result waymark(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WaymarkCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void textIsBabeltrace2sTextLineForLine() throws Exception {
        Result result = waymark("print", trace.toString());
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("", result.err());
        List<String> expected = Babeltrace2.lines(trace);
        assertEquals(RecordedTraces.shopEvents().size(), expected.size(), expected::toString);
        assertEquals(expected, result.lines());
    }

    @Test
    void dateAndUtcOptionsAreBabeltrace2s() throws Exception {
        Result result = waymark("print", "--clock-gmt", "--clock-date", trace.toString());
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(Babeltrace2.lines(trace, "--clock-gmt", "--clock-date"), result.lines());
    }

    @Test
    void everyFieldTypeShowsAsBabeltrace2ShowsIt() {
        List<String> lines = waymark("print", "--event", "shop.checkout:allTypes", trace.toString()).lines();
        assertEquals(6, lines.size(), lines::toString);
        // the values themselves, so that a change on both sides does not go unnoticed
        assertTrue(lines.get(0).endsWith(" shop.checkout:allTypes: { tid = 11, schema_version = 1, flags = 0 }, { flag = 1, "
                + "smallNumber = -7, mediumNumber = -300, letter = 955, count = -2147483648, total = 9223372036854775807, "
                + "ratio = 1.5, precise = -0.25, text_length = 0, text = \"\", channel = ( \"(null)\" : container = -1 ), "
                + "payload_length = 0, payload = [ ] }"), lines.get(0));
        assertTrue(lines.get(1).endsWith("ratio = 0.1, precise = 1e+10, text_length = 27, "
                + "text = \"héllo \\\"q\\\" ✓ it\\'s\\? a\\\\b\\n\\t\\x01\", channel = ( \"PHONE\" : container = 2 ), "
                + "payload_length = 3, payload = [ [0] = 1, [1] = 254, [2] = 127 ] }"), lines.get(1));
        assertTrue(lines.get(2).contains("ratio = 1.23457, precise = 1e-05, "), lines.get(2));
        assertTrue(lines.get(3).contains("ratio = nan, precise = 123456, "), lines.get(3));
        assertTrue(lines.get(4).contains("ratio = inf, precise = 1e+06, "), lines.get(4));
        assertTrue(lines.get(5).contains("ratio = -0, precise = 0.0001234, "), lines.get(5));
    }

    @Test
    void jsonCarriesTheValuesBabeltrace2Shows() throws Exception {
        Result result = waymark("print", "--json", trace.toString());
        assertEquals(0, result.exitCode(), result::toString);
        List<String> babeltrace = Babeltrace2.lines(trace, "--clock-seconds");
        List<Map<String, Object>> objects = new ArrayList<>();
        for (String line : result.lines()) {
            objects.add(parse(line));
        }
        assertEquals(babeltrace.size(), objects.size());
        for (int i = 0; i < objects.size(); i++) {
            Map<String, Object> json = objects.get(i);
            String line = babeltrace.get(i);
            // [1796308178.027836242] (+?.?????????) host shop.checkout:paid: { tid = 11, ...
            String seconds = line.substring(1, line.indexOf(']'));
            assertEquals(new BigDecimal(seconds).movePointRight(9).longValueExact(), json.get("epochNanos"), line);
            long epochNanos = (Long) json.get("epochNanos");
            assertEquals(Instant.ofEpochSecond(0, epochNanos).toString(), json.get("time"));
            assertTrue(line.contains(" " + json.get("event") + ": { tid = " + json.get("tid") + ", schema_version = "
                    + json.get("version") + ", "), line);
        }
        assertEquals(List.of("time", "epochNanos", "event", "tid", "version", "fields"), List.copyOf(objects.get(0).keySet()));
        String all = result.lines().get(3);
        assertTrue(all.endsWith(",\"event\":\"shop.checkout:allTypes\",\"tid\":12,\"version\":1,\"fields\":{\"flag\":false,"
                + "\"smallNumber\":127,\"mediumNumber\":-32768,\"letter\":\"a\",\"count\":42,\"total\":-9223372036854775808,"
                + "\"ratio\":0.1,\"precise\":1.0E10,\"text\":\"h\\u00E9llo \\\"q\\\" \\u2713 it's? a\\\\b\\n\\t\\u0001\",\"channel\":\"PHONE\","
                + "\"payload\":\"Af5/\"}}"), all);
        assertEquals(RecordedTraces.shopEvents().get(3)[2].toString().contains("héllo") ? "héllo \"q\" ✓ it's? a\\b\n\t\u0001" : null,
                ((Map<?, ?>) objects.get(3).get("fields")).get("text"), "ASCII JSON, the same string");
        assertTrue(result.lines().get(1).endsWith("\"ratio\":1.5,\"precise\":-0.25,\"text\":\"\",\"channel\":null,\"payload\":\"\"}}"),
                result.lines().get(1));
        assertTrue(result.lines().get(2).endsWith("\"fields\":{\"align\":1,\"_hidden\":2,\"note\":\"abc\",\"note_length\":4}}"),
                result.lines().get(2));
        assertTrue(result.lines().get(4).endsWith("\"event\":\"shop.checkout:heartbeat\",\"tid\":11,\"version\":1,\"fields\":{}}"),
                result.lines().get(4));
        assertTrue(result.lines().get(6).contains("\"ratio\":\"NaN\",\"precise\":123456.5,"), result.lines().get(6));
        assertTrue(result.lines().get(7).contains("\"ratio\":\"Infinity\","), result.lines().get(7));
    }

    @Test
    void eventPatternsSelectAsSessionRulesDo() throws Exception {
        List<String> all = Babeltrace2.lines(trace);
        assertEquals(withoutDelta(all.stream().filter(l -> l.contains(" shop.checkout:")).toList()),
                withoutDelta(waymark("print", "--event", "shop.checkout:*", trace.toString()).lines()));
        assertEquals(withoutDelta(all.stream().filter(l -> l.contains(" shop.checkout:paid: ")).toList()),
                withoutDelta(waymark("print", "--event", "shop.*", "--event", "!shop.*:all?ypes", "--event", "!*:heartbeat",
                        "--event", "!shop.stock", trace.toString()).lines()));
        assertEquals(withoutDelta(all.stream().filter(l -> !l.contains(" shop.checkout:allTypes: ")).toList()),
                withoutDelta(waymark("print", "--event", "!shop.checkout:allTypes", trace.toString()).lines()),
                "a first exclusion starts from every event");
        assertEquals(List.of(), waymark("print", "--event", "nothing.here", trace.toString()).lines());
    }

    @Test
    void timeRangeIsBabeltrace2sBeginAndEnd() throws Exception {
        List<String> seconds = Babeltrace2.lines(trace, "--clock-seconds");
        String begin = seconds.get(2).substring(1, seconds.get(2).indexOf(']'));
        String end = seconds.get(6).substring(1, seconds.get(6).indexOf(']'));
        long beginNanos = new BigDecimal(begin).movePointRight(9).longValueExact();
        long endNanos = new BigDecimal(end).movePointRight(9).longValueExact();
        List<String> expected = Babeltrace2.lines(trace, "--begin=" + begin, "--end=" + end);
        assertEquals(5, expected.size(), "inclusive at both ends: " + expected);
        assertEquals(expected, waymark("print", "--from", Instant.ofEpochSecond(0, beginNanos).toString(),
                "--to", Instant.ofEpochSecond(0, endNanos).toString(), trace.toString()).lines());
        assertEquals(expected, waymark("print", "--from", Long.toString(beginNanos), "--to", Long.toString(endNanos),
                trace.toString()).lines());
        // an offset instead of Z, one nanosecond later: the first event of the range drops out
        String offset = Instant.ofEpochSecond(0, beginNanos + 1).atOffset(java.time.ZoneOffset.ofHours(2)).toString();
        assertEquals(4, waymark("print", "--from", offset, "--to", Long.toString(endNanos), trace.toString()).lines().size(), offset);
        assertEquals(8, waymark("print", "--json", "--from", Long.toString(beginNanos), trace.toString()).lines().size());
    }

    @Test
    void skippedPacketsAreNotedOnStandardError() throws Exception {
        Path damaged = RecordedTraces.shop(dir.resolve("damaged"));
        Path stream;
        try (var files = Files.list(damaged)) {
            stream = files.filter(f -> f.getFileName().toString().startsWith("stream")).sorted().findFirst().orElseThrow();
        }
        Files.write(stream, new byte[4096], java.nio.file.StandardOpenOption.APPEND); // bytes that are no packet
        Result result = waymark("print", damaged.toString());
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(waymark("print", trace.toString()).lines().size(), result.lines().size(), "every event still printed");
        List<String> err = result.err().lines().toList();
        assertEquals(1, err.size(), err::toString);
        assertTrue(err.get(0).startsWith("waymark print: skipped " + stream.getFileName() + " at offset "), err.get(0));
        assertTrue(err.get(0).endsWith(" (waymark recover repairs the trace)"), err.get(0));
    }

    @Test
    void badInputExitsTwoWithOneLine() throws Exception {
        assertBad("waymark print: malformed rule 'shop checkout': character U+0020 in the provider part 'shop checkout' is not "
                + "allowed; expected [!]provider[:event], made of letters, digits, '_', '.', '-' and the globs '*' and '?' (for "
                + "example 'shop.orders:*', 'shop.*:order?laced' or '!shop.orders:cacheMiss')",
                "print", "--event", "shop checkout", trace.toString());
        assertBad("waymark print: --event 'shop.checkout:paid[amount > 3]': print selects events by name only; a filter ('[...]') "
                + "applies to a session's events as they are emitted (waymark enable, docs/filters.md): give 'shop.checkout:paid'",
                "print", "--event", "shop.checkout:paid[amount>3]", trace.toString());
        assertBad("waymark print: --from yesterday: not a time; give an ISO-8601 instant such as 2026-12-03T14:29:38.5Z (or "
                + "with an offset, +01:00) or nanoseconds since the Unix epoch", "print", "--from", "yesterday", trace.toString());
        assertBad("waymark print: --to 99999999999999999999: nanoseconds since the epoch out of range",
                "print", "--to", "99999999999999999999", trace.toString());
        assertBad("waymark print: --from 2026-01-02T00:00:00Z is after --to 2026-01-01T00:00:00Z: give an earlier --from or a "
                + "later --to", "print", "--from", "2026-01-02T00:00:00Z", "--to", "2026-01-01T00:00:00Z", trace.toString());
        Path missing = dir.resolve("missing");
        assertBad("waymark print: " + missing + ": no such directory; name a trace directory (it holds 'metadata' and the "
                + "stream files)", "print", missing.toString());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertBad("waymark print: " + empty + " holds no CTF trace (no metadata file); name the directory that holds "
                + "'metadata' and the stream files", "print", empty.toString());
        Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("metadata"), "/* CTF 1.8 */\ntrace { major = 1; };\n");
        assertBad("waymark print: " + foreign.resolve("metadata") + " at offset 0: not the metadata of a Waymark CTF trace "
                + "(no CTF 1.8 preamble followed by a complete block)",
                "print", foreign.toString());
    }

    private static void assertBad(String message, String... args) {
        Result result = waymark(args);
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("", result.out());
        assertEquals(message, result.err().strip());
        assertEquals(1, result.err().lines().count(), result.err());
    }

    private static List<String> withoutDelta(List<String> lines) {
        return lines.stream().map(l -> l.replaceFirst("\\] \\(\\+[0-9?]+\\.[0-9?]{9}\\) ", "] ")).toList();
    }

    /** One flat-enough JSON object: top-level members, {@code fields} as a nested map. */
    private static Map<String, Object> parse(String line) throws IOException {
        try (JsonParser parser = new JsonFactory().createParser(line)) {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken());
            return object(parser);
        }
    }

    private static Map<String, Object> object(JsonParser parser) throws IOException {
        Map<String, Object> members = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            members.put(name, switch (value) {
                case START_OBJECT -> object(parser);
                case VALUE_NUMBER_INT -> parser.getLongValue();
                case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
                case VALUE_STRING -> parser.getText();
                case VALUE_TRUE, VALUE_FALSE -> parser.getBooleanValue();
                case VALUE_NULL -> null;
                default -> throw new AssertionError(value);
            });
        }
        return members;
    }
}
