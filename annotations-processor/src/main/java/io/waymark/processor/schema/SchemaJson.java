package io.waymark.processor.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads schema documents ({@code docs/schema-format.md}). Writing is deterministic: the same
 * schema always gives the same text (two-space indentation, {@code \n} line ends, a fixed key order, no
 * timestamps). Reading validates the document as strictly as the annotation processor validates the
 * declaration that writes it (names, ids, field names and types, enum constants, defaults, since-versions, retired
 * entries; {@code DocumentValidator}) and throws {@link IllegalArgumentException} naming the offending element by
 * its path in the document ({@code providers[0].events[2].id}) and what is wrong.
 */
public final class SchemaJson {

    /** The version of the document format; a reader rejects a later one. */
    public static final int FORMAT_VERSION = 1;

    private static final JsonFactory FACTORY = new JsonFactory();

    private SchemaJson() {}

    /** The schema document of one provider, {@code META-INF/waymark/<provider>.schema.json}. */
    public static String write(ProviderSchema provider) {
        return write(generator -> {
            generator.writeStartObject();
            generator.writeNumberField("format", FORMAT_VERSION);
            writeProviderFields(generator, provider);
            generator.writeEndObject();
        });
    }

    /** A baseline lock file holding every provider of {@code set}. */
    public static String write(SchemaSet set) {
        return write(generator -> {
            generator.writeStartObject();
            generator.writeNumberField("format", FORMAT_VERSION);
            generator.writeArrayFieldStart("providers");
            for (ProviderSchema provider : set.providers()) {
                generator.writeStartObject();
                writeProviderFields(generator, provider);
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeEndObject();
        });
    }

    /** Reads a provider's schema document. */
    public static ProviderSchema readProvider(String json) {
        Map<String, Object> root = object(parse(json), "document");
        checkFormat(root);
        return provider(root, "document");
    }

    /** Reads a baseline lock file; a single provider's document is read as a set of one. */
    public static SchemaSet readSet(String json) {
        Map<String, Object> root = object(parse(json), "document");
        checkFormat(root);
        if (!root.containsKey("providers")) {
            return new SchemaSet(List.of(provider(root, "document")));
        }
        List<ProviderSchema> providers = new ArrayList<>();
        List<Object> array = array(root.get("providers"), "providers");
        for (int i = 0; i < array.size(); i++) {
            providers.add(provider(object(array.get(i), "providers[" + i + "]"), "providers[" + i + "]"));
        }
        return new SchemaSet(providers);
    }

    // ---- writing

    private interface Body {
        void write(JsonGenerator generator) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter();
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indenter).withArrayIndenter(indenter);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            generator.setPrettyPrinter(printer);
            body.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.append('\n').toString();
    }

    private static void writeProviderFields(JsonGenerator generator, ProviderSchema provider) throws IOException {
        generator.writeStringField("provider", provider.name());
        generator.writeStringField("interface", provider.interfaceName());
        generator.writeArrayFieldStart("events");
        for (EventSchema event : provider.events()) {
            generator.writeStartObject();
            generator.writeNumberField("id", event.id());
            generator.writeStringField("name", event.name());
            generator.writeStringField("stability", event.stability().name());
            generator.writeBooleanField("abi", event.abi());
            generator.writeStringField("level", event.level());
            generator.writeNumberField("version", event.version());
            generator.writeBooleanField("deprecated", event.deprecated());
            if (event.doc() != null) {
                generator.writeStringField("doc", event.doc());
            }
            generator.writeArrayFieldStart("fields");
            for (FieldSchema field : event.fields()) {
                writeField(generator, field);
            }
            generator.writeEndArray();
            generator.writeEndObject();
        }
        generator.writeEndArray();
        generator.writeArrayFieldStart("retired");
        for (RetiredEvent retired : provider.retired()) {
            generator.writeStartObject();
            generator.writeNumberField("id", retired.id());
            generator.writeStringField("name", retired.name());
            generator.writeStringField("reason", retired.reason());
            generator.writeEndObject();
        }
        generator.writeEndArray();
    }

    private static void writeField(JsonGenerator generator, FieldSchema field) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("name", field.name());
        generator.writeStringField("type", field.type());
        generator.writeNumberField("since", field.since());
        if (field.defaultValue() != null) {
            generator.writeStringField("default", field.defaultValue());
        }
        if (field.enumType() != null) {
            generator.writeStringField("enumType", field.enumType());
            generator.writeArrayFieldStart("enumConstants");
            for (EnumConstant constant : field.enumConstants()) {
                generator.writeStartObject();
                generator.writeStringField("label", constant.label());
                generator.writeNumberField("value", constant.value());
                generator.writeEndObject();
            }
            generator.writeEndArray();
        }
        if (field.doc() != null) {
            generator.writeStringField("doc", field.doc());
        }
        generator.writeEndObject();
    }

    // ---- reading: jackson-core's streaming parser into maps and lists, then into the records

    private static Object parse(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IllegalArgumentException("the schema document is empty");
            }
            Object value = value(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("the schema document has content after its end, at "
                        + parser.currentLocation().offsetDescription());
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("the schema document is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static Object value(JsonParser parser) throws IOException {
        switch (parser.currentToken()) {
            case START_OBJECT: {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    object.put(key, value(parser));
                }
                return object;
            }
            case START_ARRAY: {
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                return array;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getLongValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalArgumentException("unexpected " + parser.currentToken() + " at "
                        + parser.currentLocation().offsetDescription());
        }
    }

    private static void checkFormat(Map<String, Object> root) {
        long format = number(root, "format", "document");
        if (format < 1 || format > FORMAT_VERSION) {
            throw new IllegalArgumentException("schema document format " + format + " is not supported (this reader knows 1.."
                    + FORMAT_VERSION + "); use a newer Waymark");
        }
    }

    private static ProviderSchema provider(Map<String, Object> object, String path) {
        List<EventSchema> events = new ArrayList<>();
        List<Object> eventArray = array(object.get("events"), path + ".events");
        for (int i = 0; i < eventArray.size(); i++) {
            events.add(event(object(eventArray.get(i), path + ".events[" + i + "]"), path + ".events[" + i + "]"));
        }
        List<RetiredEvent> retired = new ArrayList<>();
        Object retiredValue = object.get("retired");
        List<Object> retiredArray = retiredValue == null ? List.of() : array(retiredValue, path + ".retired");
        for (int i = 0; i < retiredArray.size(); i++) {
            String at = path + ".retired[" + i + "]";
            Map<String, Object> entry = object(retiredArray.get(i), at);
            String reason = optionalString(entry, "reason", at);
            retired.add(new RetiredEvent((int) number(entry, "id", at), string(entry, "name", at), reason == null ? "" : reason));
        }
        return DocumentValidation.check(checked(path, () -> new ProviderSchema(string(object, "provider", path),
                string(object, "interface", path), events, retired)), path);
    }

    private static EventSchema event(Map<String, Object> object, String path) {
        List<FieldSchema> fields = new ArrayList<>();
        List<Object> fieldArray = array(object.get("fields"), path + ".fields");
        for (int i = 0; i < fieldArray.size(); i++) {
            fields.add(field(object(fieldArray.get(i), path + ".fields[" + i + "]"), path + ".fields[" + i + "]"));
        }
        String stability = string(object, "stability", path);
        if (Arrays.stream(EventStability.values()).noneMatch(value -> value.name().equals(stability))) {
            throw new IllegalArgumentException(path + ".stability: '" + stability + "' is none of "
                    + Arrays.toString(EventStability.values()));
        }
        return checked(path, () -> new EventSchema((int) number(object, "id", path), string(object, "name", path),
                EventStability.valueOf(stability), string(object, "level", path), (int) number(object, "version", path),
                Boolean.TRUE.equals(object.get("deprecated")), optionalString(object, "doc", path), fields));
    }

    private static FieldSchema field(Map<String, Object> object, String path) {
        List<EnumConstant> constants = new ArrayList<>();
        Object constantsValue = object.get("enumConstants");
        List<Object> constantArray = constantsValue == null ? List.of() : array(constantsValue, path + ".enumConstants");
        for (int i = 0; i < constantArray.size(); i++) {
            String at = path + ".enumConstants[" + i + "]";
            Map<String, Object> constant = object(constantArray.get(i), at);
            constants.add(checked(at, () -> new EnumConstant(string(constant, "label", at), (int) number(constant, "value", at))));
        }
        return checked(path, () -> new FieldSchema(string(object, "name", path), string(object, "type", path),
                (int) number(object, "since", path), optionalString(object, "default", path),
                optionalString(object, "enumType", path), constants, optionalString(object, "doc", path)));
    }

    private interface Construction<T> {
        T get();
    }

    /** Runs a record constructor, naming the document path in its complaint. */
    private static <T> T checked(String path, Construction<T> construction) {
        try {
            return construction.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String path) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException(path + ": expected an object");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> array(Object value, String path) {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new IllegalArgumentException(path + ": expected an array");
    }

    private static String string(Map<String, Object> object, String key, String path) {
        if (object.get(key) instanceof String text) {
            return text;
        }
        throw new IllegalArgumentException(path + "." + key + ": expected a string");
    }

    private static String optionalString(Map<String, Object> object, String key, String path) {
        Object value = object.get(key);
        return value == null ? null : string(object, key, path);
    }

    private static long number(Map<String, Object> object, String key, String path) {
        if (object.get(key) instanceof Long number && number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE) {
            return number;
        }
        throw new IllegalArgumentException(path + "." + key + ": expected an integer");
    }
}
