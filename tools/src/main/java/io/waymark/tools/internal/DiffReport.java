package io.waymark.tools.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.waymark.processor.schema.SchemaChange;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.lang3.StringUtils;

/**
 * The result of comparing two inputs, printed as text (one change a line, then a summary line) or as JSON.
 *
 * @param old the baseline input
 * @param current the input checked against it
 * @param changes every change, in {@link io.waymark.processor.schema.SchemaCompatibility#compare} order
 */
record DiffReport(SchemaInputs.Input old, SchemaInputs.Input current, List<SchemaChange> changes) {

    /** How a change is classified in the output. */
    static final String BREAKING = "BREAKING";
    /** How a change is classified in the output. */
    static final String COMPATIBLE = "COMPATIBLE";

    private static final JsonFactory JSON = new JsonFactory();

    DiffReport {
        changes = List.copyOf(changes);
    }

    /** The number of breaking changes. */
    long breakingCount() {
        return changes.stream().filter(SchemaChange::breaking).count();
    }

    /** The number of compatible changes. */
    long compatibleCount() {
        return changes.size() - breakingCount();
    }

    /** {@code provider}, {@code provider:event} or {@code provider:event.field}: what the change is about. */
    static String location(SchemaChange change) {
        StringBuilder location = new StringBuilder(change.provider());
        if (change.event() != null) {
            location.append(':').append(change.event());
        }
        if (change.field() != null) {
            location.append('.').append(change.field());
        }
        return location.toString();
    }

    static String classification(SchemaChange change) {
        return change.breaking() ? BREAKING : COMPATIBLE;
    }

    /**
     * One line a change, columns aligned, then the summary:
     * <pre>
     * BREAKING    WM104  shop.orders:orderPlaced.quantity  field 'quantity' ... changed its type ...; remedy: ...
     * COMPATIBLE  WM201  shop.orders:orderShipped          stable event shop.orders:orderShipped (id 4) was added
     * 1 breaking and 1 compatible change(s) from old.jar to new.jar
     * </pre>
     */
    void printText(PrintWriter out) {
        int width = changes.stream().mapToInt(change -> location(change).length()).max().orElse(0);
        for (SchemaChange change : changes) {
            out.println(StringUtils.rightPad(classification(change), COMPATIBLE.length()) + "  " + change.ruleId() + "  "
                    + StringUtils.rightPad(location(change), width) + "  " + change.message()
                    + (change.remedy().isEmpty() ? "" : "; remedy: " + change.remedy()));
        }
        out.println(summary());
    }

    /** The last line of the text output. */
    String summary() {
        String counts = changes.isEmpty() ? "no changes"
                : breakingCount() + " breaking and " + compatibleCount() + " compatible change" + (changes.size() == 1 ? "" : "s");
        String verdict = breakingCount() > 0 ? "BREAKING: " : "OK: ";
        return verdict + counts + " from " + old.argument() + " (" + providers(old) + ") to " + current.argument() + " ("
                + providers(current) + ")";
    }

    private static String providers(SchemaInputs.Input input) {
        int count = input.schemas().providers().size();
        return count + " provider" + (count == 1 ? "" : "s");
    }

    /**
     * A JSON object: {@code old} and {@code new} (the inputs), {@code changes} (each with its
     * classification, rule, title, provider, event, eventId, field, message and remedy) and {@code summary}.
     */
    void printJson(PrintWriter out) {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
            // the layout of the schema documents: two spaces, "key": value
            json.setPrettyPrinter(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(indenter).withArrayIndenter(indenter));
            json.writeStartObject();
            writeInput(json, "old", old);
            writeInput(json, "new", current);
            json.writeArrayFieldStart("changes");
            for (SchemaChange change : changes) {
                json.writeStartObject();
                json.writeStringField("classification", classification(change));
                json.writeStringField("rule", change.ruleId());
                json.writeStringField("title", change.rule().title());
                json.writeStringField("location", location(change));
                json.writeStringField("provider", change.provider());
                writeOptional(json, "event", change.event());
                if (change.eventId() >= 0) {
                    json.writeNumberField("eventId", change.eventId());
                }
                writeOptional(json, "field", change.field());
                json.writeStringField("message", change.message());
                writeOptional(json, "remedy", change.remedy().isEmpty() ? null : change.remedy());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeObjectFieldStart("summary");
            json.writeNumberField("changes", changes.size());
            json.writeNumberField("breaking", breakingCount());
            json.writeNumberField("compatible", compatibleCount());
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a PrintWriter does not throw
        }
        out.println();
    }

    private static void writeInput(JsonGenerator json, String name, SchemaInputs.Input input) throws IOException {
        json.writeObjectFieldStart(name);
        json.writeStringField("path", input.argument());
        json.writeStringField("kind", input.kind().label());
        json.writeArrayFieldStart("providers");
        for (var provider : input.schemas().providers()) {
            json.writeString(provider.name());
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeOptional(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }
}
