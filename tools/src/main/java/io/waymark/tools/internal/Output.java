package io.waymark.tools.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import io.waymark.spi.DiscardReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

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
        json.writeNumberField("recordedEvents", recorded(session));
        json.writeNumberField("discardedEvents", number(session, "discardedEvents"));
        reasons(json, "discardedByReason", reasons(session));
        json.writeNumberField("backendFailures", number(session, "backendFailures"));
        json.writeBooleanField("backendDetached", bool(session, "backendDetached"));
        json.writeBooleanField("external", bool(session, "external"));
        json.writeEndObject();
    }

    /** Writes discard counts by reason as an object field. */
    static void reasons(JsonGenerator json, String name, Map<String, Long> reasons) throws IOException {
        json.writeObjectFieldStart(name);
        for (Map.Entry<String, Long> reason : reasons.entrySet()) {
            json.writeNumberField(reason.getKey(), reason.getValue());
        }
        json.writeEndObject();
    }

    /** A session's recorded events; -1 when its backend cannot say, or an older runtime does not tell. */
    static long recorded(CompositeData session) {
        return session.containsKey("recordedEvents") ? number(session, "recordedEvents") : -1;
    }

    /**
     * A session's discards by reason name (item {@code discardedByReason}, a table of {@code key}/{@code value}
     * rows), the reasons this tool knows first in their order, then any a newer runtime added; empty from an
     * older runtime.
     */
    static Map<String, Long> reasons(CompositeData session) {
        Map<String, Long> unordered = new LinkedHashMap<>();
        Object value = session.containsKey("discardedByReason") ? session.get("discardedByReason") : null;
        if (value instanceof TabularData rows) {
            for (Object row : rows.values()) {
                CompositeData entry = (CompositeData) row;
                if (entry.get("key") instanceof String key && entry.get("value") instanceof Number count) {
                    unordered.put(key, count.longValue());
                }
            }
        }
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (DiscardReason reason : DiscardReason.values()) {
            Long count = unordered.remove(reason.name());
            if (count != null) {
                ordered.put(reason.name(), count);
            }
        }
        ordered.putAll(unordered);
        return ordered;
    }

    /** What to do about events discarded for the reason of that name, in a few words ({@link DiscardReason}'s Javadoc in full). */
    static String remedy(String reason) {
        return switch (reason) {
            case "BUFFER_FULL" -> "buffers full: larger or more buffers, a faster disk, or fewer events (filters, levels)";
            case "EVENT_TOO_LARGE" -> "record over the format's limit: shorter strings and byte arrays, or a larger sub-buffer";
            case "NESTING_TOO_DEEP" -> "tracepoints nested too deep: do not emit from inside view accessors";
            case "WRITER_POOL_EXHAUSTED" -> "too many virtual threads inside events at once: view accessors that block";
            case "FIELD_ACCESSOR_FAILED" -> "a view field's accessor threw: make it total, or give the event plain fields";
            case "WRITER_STALLED" -> "a writer never committed (thread died or stalled at close): see the backend's log line";
            case "BACKEND_FAILED" -> "the backend threw or was detached: see the failures and the application's log";
            case "WRITE_FAILED" -> "the destination failed (I/O error, full disk): see the backend's log line";
            case "SIZE_LIMIT" -> "the trace reached its max-size: a larger bound, fewer events, or overwrite mode";
            case "TRACER_ERROR" -> "an error inside Waymark: please report it";
            default -> "see the documentation of this reason";
        };
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
