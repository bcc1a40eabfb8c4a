package io.waymark.backend.slf4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.Tracing;
import io.waymark.slf4jtest.ShopEvents;
import java.util.Base64;
import java.util.List;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Events in a JSON log written by logstash-logback-encoder: every field type is a key of its own JSON type
 * (numbers are JSON numbers), with the exact value; {@code byte[]} is base64.
 */
class LogbackJsonTest {

    private static final ShopEvents SHOP = Waymark.provider(ShopEvents.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void closeSessions() {
        Tracing.sessions().forEach(Session::close);
    }

    @Test
    void everyFieldTypeIsExactAndNumbersAreJsonNumbers() throws Exception {
        String text = "héllo ✓\nsecond line \"quoted\" \\ \u0000";
        byte[] payload = {1, -2, 127, 0, -128};
        JsonNode record;
        try (LogbackCapture log = LogbackCapture.with(new LogstashEncoder(), Level.INFO)) {
            Sessions.started("json", Slf4jBackendFactory.ESCAPE, "none");
            Sessions.onThread("json-emitter", () -> SHOP.everyType(true, (byte) -7, (short) -300, '\uFF21', Integer.MIN_VALUE,
                    Long.MAX_VALUE, 1.5f, -0.25, text, ShopEvents.Color.BLUE, payload));
            List<String> lines = log.lines();
            assertEquals(1, lines.size(), log.text());
            record = JSON.readTree(lines.get(0));
        }
        assertEquals("everyType", record.get("message").asText());
        assertEquals("waymark.slf4jtest.shop", record.get("logger_name").asText());
        assertEquals("WARN", record.get("level").asText());
        assertEquals("json-emitter", record.get("thread_name").asText());
        assertNull(record.get("tags"), "no marker by default: " + record);

        assertTrue(record.get("flag").isBoolean() && record.get("flag").booleanValue(), record.toString());
        assertNumber(record, "tiny", -7);
        assertNumber(record, "small", -300);
        assertEquals("\uFF21", record.get("letter").textValue(), "a char is a one-character string");
        assertNumber(record, "number", Integer.MIN_VALUE);
        assertTrue(record.get("big").isIntegralNumber(), record.toString());
        assertEquals(Long.MAX_VALUE, record.get("big").longValue(), "a long keeps every digit");
        assertTrue(record.get("ratio").isFloatingPointNumber(), record.toString());
        assertEquals(1.5f, record.get("ratio").floatValue());
        assertTrue(record.get("precise").isFloatingPointNumber(), record.toString());
        assertEquals(-0.25, record.get("precise").doubleValue());
        assertEquals(text, record.get("text").textValue(), "with escape=none JSON carries the string exactly");
        assertEquals("BLUE", record.get("color").textValue());
        assertEquals(Base64.getEncoder().encodeToString(payload), record.get("payload").textValue());
        assertArrayEquals(payload, Base64.getDecoder().decode(record.get("payload").textValue()), "byte[] is base64");
        assertEquals("STABLE", record.get("waymark.stability").textValue());
        assertNumber(record, "waymark.version", 1);
    }

    @Test
    void nullsReadAsTheAbiDefinesThem() throws Exception {
        JsonNode record;
        try (LogbackCapture log = LogbackCapture.with(new LogstashEncoder(), Level.INFO)) {
            Sessions.started("json-nulls", Slf4jBackendFactory.ESCAPE, "none");
            SHOP.everyType(false, (byte) 0, (short) 0, 'a', 0, 0, Float.NaN, Double.NEGATIVE_INFINITY, null, null, null);
            record = JSON.readTree(log.lines().get(0));
        }
        assertEquals("", record.get("text").textValue(), "a null string is empty");
        // the record carries the key with a null value (a pattern's %kvp shows color="null"); logstash-logback-encoder
        // leaves keys with a null value out
        assertTrue(record.get("color") == null || record.get("color").isNull(), "a null enum is null: " + record);
        assertEquals("", record.get("payload").textValue(), "a null byte[] is empty");
        assertEquals("NaN", record.get("ratio").asText());
        assertEquals("-Infinity", record.get("precise").asText());
    }

    @Test
    void withTheDefaultEscapingJsonShowsTheEscapedForm() throws Exception {
        JsonNode record;
        try (LogbackCapture log = LogbackCapture.with(new LogstashEncoder(), Level.INFO)) {
            Sessions.started("json-lines", Slf4jBackendFactory.MARKER, "waymark");
            SHOP.orderPlaced(1, 2, "a\nb");
            record = JSON.readTree(log.lines().get(0));
        }
        assertEquals("a\\nb", record.get("sku").textValue(), "escape=lines: set escape=none for JSON");
        assertNumber(record, "orderId", 1);
        assertEquals("waymark", record.get("tags").get(0).asText(), "the marker, when set: " + record);
    }

    private static void assertNumber(JsonNode record, String key, long expected) {
        JsonNode node = record.get(key);
        assertTrue(node != null && node.isIntegralNumber(), key + " is a JSON number: " + record);
        assertEquals(expected, node.longValue(), key);
    }
}
