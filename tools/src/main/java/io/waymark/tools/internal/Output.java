package io.waymark.tools.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.management.openmbean.CompositeData;

/** The two output forms of the attaching commands: aligned columns as {@code jcmd}/{@code lttng list}, and JSON. */
final class Output {

    private static final JsonFactory JSON = new JsonFactory();

    private Output() {}

    /** Writes one JSON document (the layout of {@code schema-diff --format=json}) and a newline. */
    static void json(PrintWriter out, JsonBody body) {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
            json.setPrettyPrinter(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(indenter).withArrayIndenter(indenter));
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a PrintWriter does not throw
        }
        out.println();
    }

    /** What a command writes into the generator. */
    @FunctionalInterface
    interface JsonBody {
        void write(JsonGenerator json) throws IOException;
    }

    /** Writes a string array field. */
    static void strings(JsonGenerator json, String name, String[] values) throws IOException {
        json.writeArrayFieldStart(name);
        for (String value : values == null ? new String[0] : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    /** Writes a session as {@code sessions --json} shows it. */
    static void session(JsonGenerator json, CompositeData session) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", string(session, "name"));
        json.writeStringField("state", string(session, "state"));
        json.writeStringField("backend", string(session, "backend"));
        strings(json, "rules", strings(session, "rules"));
        strings(json, "settings", strings(session, "settings"));
        json.writeStringField("destination", string(session, "destination"));
        json.writeNumberField("discardedEvents", number(session, "discardedEvents"));
        json.writeNumberField("backendFailures", number(session, "backendFailures"));
        json.writeBooleanField("backendDetached", bool(session, "backendDetached"));
        json.writeBooleanField("external", bool(session, "external"));
        json.writeEndObject();
    }

    /** An item of a composite value, empty when an older runtime does not have it. */
    static String string(CompositeData data, String key) {
        Object value = data.containsKey(key) ? data.get(key) : null;
        return value == null ? "" : value.toString();
    }

    static String[] strings(CompositeData data, String key) {
        Object value = data.containsKey(key) ? data.get(key) : null;
        return value instanceof String[] array ? array : new String[0];
    }

    static long number(CompositeData data, String key) {
        Object value = data.containsKey(key) ? data.get(key) : null;
        return value instanceof Number number ? number.longValue() : 0;
    }

    static boolean bool(CompositeData data, String key) {
        Object value = data.containsKey(key) ? data.get(key) : null;
        return Boolean.TRUE.equals(value);
    }

    /** Rows under a header, each column as wide as its widest cell, two spaces apart; the last column is not padded. */
    static final class Table {

        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            rows.add(header);
        }

        Table row(Object... cells) {
            String[] row = new String[cells.length];
            for (int i = 0; i < cells.length; i++) {
                row[i] = String.valueOf(cells[i]);
            }
            rows.add(row);
            return this;
        }

        void print(PrintWriter out) {
            int columns = rows.get(0).length;
            int[] widths = new int[columns];
            for (String[] row : rows) {
                for (int i = 0; i < columns; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < columns; i++) {
                    line.append(row[i]);
                    if (i < columns - 1) {
                        line.append(" ".repeat(widths[i] - row[i].length() + 2));
                    }
                }
                out.println(line.toString().stripTrailing());
            }
        }
    }
}
