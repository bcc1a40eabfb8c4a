package io.waymark.tools.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;

/**
 * Writes events as JSON, one object a line (docs/command-line.md, "waymark print"):
 *
 * <pre>
 * {"time":"2026-12-03T14:29:38.027836242Z","epochNanos":1796308178027836242,"event":"shop.checkout:paid",
 *  "tid":5,"version":1,"fields":{"orderId":42,"sku":"SKU-1","channel":"WEB","payload":"AQI="}}
 * </pre>
 *
 * <p>Fields appear by their declared (Java) names in declaration order: booleans as {@code true}/{@code false},
 * integral and floating-point numbers as JSON numbers (NaN and the infinities as the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}), a {@code char} as a one-character string, an enum as its label
 * ({@code null} for a null enum), a {@code byte[]} as standard Base64 (RFC 4648, padded; {@code ""} when empty
 * or null), a string as a string ({@code ""} for a null string, which the encoding records as empty). The
 * text is ASCII: other characters are written as {@code \}{@code uXXXX} escapes.
 */
final class JsonEvents implements AutoCloseable {

    private final JsonGenerator json;

    JsonEvents(Writer out) throws IOException {
        // ASCII only (\\uXXXX escapes), so that no character is lost whatever the console's charset
        json = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build().createGenerator(out)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.setRootValueSeparator(null);
    }

    void write(Event event, long epochNanos) throws IOException {
        EventType type = event.type();
        json.writeStartObject();
        json.writeStringField("time", Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L)).toString());
        json.writeNumberField("epochNanos", epochNanos);
        json.writeStringField("event", type.qualifiedName());
        json.writeNumberField("tid", event.threadId());
        json.writeNumberField("version", event.version());
        json.writeObjectFieldStart("fields");
        for (int i = 0; i < type.fieldCount(); i++) {
            json.writeFieldName(type.field(i).name());
            switch (type.field(i).type()) {
                case BOOLEAN -> json.writeBoolean(event.getBoolean(i));
                case BYTE -> json.writeNumber(event.getByte(i));
                case SHORT -> json.writeNumber(event.getShort(i));
                case CHAR -> json.writeString(String.valueOf(event.getChar(i)));
                case INT -> json.writeNumber(event.getInt(i));
                case LONG -> json.writeNumber(event.getLong(i));
                case FLOAT -> json.writeNumber(event.getFloat(i));
                case DOUBLE -> json.writeNumber(event.getDouble(i));
                case STRING -> json.writeString(event.getString(i));
                case ENUM -> json.writeString(event.getEnumLabel(i));
                case BYTES -> json.writeBinary(event.getBytes(i));
                default -> throw new AssertionError(type.field(i).type());
            }
        }
        json.writeEndObject();
        json.writeEndObject();
        json.writeRaw('\n');
    }

    @Override
    public void close() throws IOException {
        json.close();
    }
}
