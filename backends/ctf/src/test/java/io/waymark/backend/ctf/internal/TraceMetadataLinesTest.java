package io.waymark.backend.ctf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.waymark.spi.ClockAnchor;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link TraceMetadata#findLine} finds what {@link Matcher#find()} finds, on real metadata and on metadata with line
 * terminators of every kind, tabs and header lines inserted or removed: it only skips the places no match can start.
 */
class TraceMetadataLinesTest {

    private static final List<Pattern> PATTERNS = List.of(TraceMetadata.UUID_PATTERN, TraceMetadata.EPOCH,
            TraceMetadata.MONOTONIC, TraceMetadata.SESSION, TraceMetadata.HOST);
    private static final List<String[]> HEADS = List.of(new String[] {"uuid = "}, new String[] {"waymark_clock_epoch_ns = "},
            new String[] {"waymark_clock_monotonic_ns = "}, new String[] {"trace_name = ", "waymark_session = "},
            new String[] {"hostname = "});
    private static final String[] INSERTED = {"\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029", "\t", "\n\t", " ", "\"",
        "\\", "\tuuid = \"00000000-0000-0000-0000-000000000000\";\n", "\twaymark_clock_epoch_ns = -1;\r",
        "\u2028\twaymark_clock_monotonic_ns = 7;\u2029", "\ttrace_name = \"x\";\n", "\twaymark_session = \"y\";\u0085",
        "\thostname = \"h\\\"\";\n", "\r\tuuid = \"0\";\r\n"};

    @Test
    void findsWhatFindFinds() {
        String preamble = MetadataWriter.preamble(UUID.randomUUID(), "shop \"orders\"", "host\t1", new ClockAnchor(5, 7));
        assertNotNull(TraceMetadata.findLine(TraceMetadata.UUID_PATTERN, preamble, "uuid = "), preamble);
        Random random = new Random(0x11e5);
        for (int input = 0; input < 20_000; input++) {
            StringBuilder text = new StringBuilder(preamble);
            for (int m = 1 + random.nextInt(4); m > 0 && text.length() > 0; m--) {
                int at = random.nextInt(text.length());
                if (random.nextBoolean()) {
                    text.insert(at, INSERTED[random.nextInt(INSERTED.length)]);
                } else {
                    text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(3)));
                }
            }
            String mutated = text.toString();
            for (int p = 0; p < PATTERNS.size(); p++) {
                Matcher expected = PATTERNS.get(p).matcher(mutated);
                Matcher actual = TraceMetadata.findLine(PATTERNS.get(p), mutated, HEADS.get(p));
                String what = "input " + input + ", pattern " + PATTERNS.get(p);
                if (expected.find()) {
                    assertNotNull(actual, what);
                    assertEquals(expected.start(), actual.start(), what);
                    assertEquals(expected.group(1), actual.group(1), what);
                } else {
                    assertEquals(null, actual, what);
                }
            }
        }
    }
}
