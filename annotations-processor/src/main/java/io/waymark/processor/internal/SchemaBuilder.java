package io.waymark.processor.internal;

import io.waymark.processor.schema.EnumConstant;
import io.waymark.processor.schema.EventSchema;
import io.waymark.processor.schema.EventStability;
import io.waymark.processor.schema.FieldSchema;
import io.waymark.processor.schema.ProviderSchema;
import io.waymark.processor.schema.RetiredEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.lang.model.util.Elements;

/**
 * The schema document of a valid provider. A field's {@code since} is its {@code @Since}; else, when the
 * baseline has the event (matched by id), the baseline's value for a field it has and the event's
 * version for a field it lacks (an appended one); else 1.
 */
public final class SchemaBuilder {

    private final Elements elements;

    public SchemaBuilder(Elements elements) {
        this.elements = elements;
    }

    /**
     * @param provider a provider without declaration errors
     * @param baseline the provider's schema in the baseline lock file, or {@code null}
     */
    public ProviderSchema build(ProviderModel provider, ProviderSchema baseline) {
        List<EventSchema> events = new ArrayList<>();
        for (TracepointModel tracepoint : provider.tracepoints()) {
            EventSchema before = baseline == null ? null : baseline.eventById(tracepoint.id());
            String comment = elements.getDocComment(tracepoint.method());
            Map<String, String> parameterDocs = parameterDocs(comment);
            List<FieldSchema> fields = new ArrayList<>();
            for (FieldModel field : tracepoint.fields()) {
                List<EnumConstant> constants = new ArrayList<>();
                for (int i = 0; i < field.enumLabels().size(); i++) {
                    constants.add(new EnumConstant(field.enumLabels().get(i), i));
                }
                String doc = field.viewField() ? description(elements.getDocComment(field.viewMethod()))
                        : parameterDocs.get(field.name());
                fields.add(new FieldSchema(field.name(), field.kind().name().toLowerCase(Locale.ROOT),
                        since(field, tracepoint, before), field.defaultValue(), field.enumBinaryName(), constants, doc));
            }
            DeclaredStability stability = provider.stabilityOf(tracepoint);
            events.add(new EventSchema(tracepoint.id(), tracepoint.eventName(), EventStability.valueOf(stability.name()),
                    tracepoint.level(), tracepoint.version(), tracepoint.deprecated(), description(comment), fields));
        }
        List<RetiredEvent> retired = new ArrayList<>();
        for (RetiredModel entry : provider.retired()) {
            retired.add(new RetiredEvent(entry.id(), entry.name(), entry.reason()));
        }
        return new ProviderSchema(provider.providerName(), provider.binaryName(), events, retired);
    }

    private static int since(FieldModel field, TracepointModel tracepoint, EventSchema before) {
        if (field.since() > 0) {
            return field.since();
        }
        if (before == null) {
            return 1;
        }
        FieldSchema known = before.field(field.name());
        // an unstable event's version may go down: a field is never since a later version than its event
        return known == null ? tracepoint.version() : Math.min(known.since(), tracepoint.version());
    }

    /** The main description of a doc comment (the text before its first block tag), or {@code null}. */
    static String description(String comment) {
        if (comment == null) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        for (String line : comment.split("\n", -1)) {
            String text = line.strip();
            if (text.startsWith("@")) {
                break;
            }
            lines.add(text);
        }
        String description = String.join("\n", lines).strip();
        return description.isEmpty() ? null : description;
    }

    /** The text of each {@code @param} tag of a doc comment, by parameter name. */
    static Map<String, String> parameterDocs(String comment) {
        Map<String, String> docs = new HashMap<>();
        if (comment == null) {
            return docs;
        }
        String name = null;
        List<String> text = new ArrayList<>();
        for (String line : (comment + "\n@end").split("\n", -1)) {
            String stripped = line.strip();
            if (stripped.startsWith("@")) {
                if (name != null && !String.join("\n", text).isBlank()) {
                    docs.put(name, String.join("\n", text).strip());
                }
                name = null;
                text.clear();
                String[] words = stripped.split("\\s+", 3);
                if (words[0].equals("@param") && words.length >= 2) {
                    name = words[1];
                    if (words.length == 3) {
                        text.add(words[2]);
                    }
                }
            } else if (name != null) {
                text.add(stripped);
            }
        }
        return docs;
    }
}
